import type { Actor, Page, PageQuery } from './actor';

export type CampaignStatus = 'draft' | 'planning' | 'planned' | 'active' | 'completed';

export interface Campaign {
  id: string;
  brandId: string;
  name: string;
  goal: string;
  /** Calendar dates (YYYY-MM-DD) in the brand's timezone, inclusive. */
  startDate: string;
  endDate: string;
  platforms: string[];
  postsPerWeek: number;
  budget: number | null;
  status: CampaignStatus;
  createdAt: string;
  updatedAt: string;
}

export interface CampaignInput {
  name: string;
  goal: string;
  startDate: string;
  endDate: string;
  platforms: string[];
  postsPerWeek: number;
  budget?: number | null;
}

export interface CreateCampaignPayload {
  actor: Actor;
  brandId: string;
  campaign: CampaignInput;
}
export interface ListCampaignsPayload {
  actor: Actor;
  brandId: string;
  page: PageQuery;
}
export interface GetCampaignPayload {
  actor: Actor;
  campaignId: string;
}
export interface UpdateCampaignPayload {
  actor: Actor;
  campaignId: string;
  changes: Partial<CampaignInput>;
}
export type DeleteCampaignPayload = GetCampaignPayload;

export type CampaignPage = Page<Campaign>;

export const CAMPAIGN_TASKS = {
  create: 'campaign.create',
  list: 'campaign.list',
  get: 'campaign.get',
  update: 'campaign.update',
  delete: 'campaign.delete',
} as const;

export const CAMPAIGN_ROUTES = Object.fromEntries(Object.values(CAMPAIGN_TASKS).map((t) => [t, 'strategy-agent']));

export const CAMPAIGN_EVENTS = {
  created: 'campaign.created',
  updated: 'campaign.updated',
  deleted: 'campaign.deleted',
  planned: 'campaign.planned',
} as const;
