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
  /** Job: writes the content calendar (JobTask<PlanCampaignInput>). */
  plan: 'campaign.plan',
  calendar: 'campaign.calendar.get',
  moveEntry: 'campaign.calendar.move',
  recommendations: 'strategy.recommendations.get',
  /** Job: insights from analytics snapshots (JobTask<GenerateInsightsInput>). */
  insights: 'strategy.insights.generate',
  listInsights: 'strategy.insights.list',
} as const;

export const CAMPAIGN_ROUTES: Record<string, string> = Object.fromEntries(Object.values(CAMPAIGN_TASKS).map((t) => [t, 'strategy-agent']));

export const CAMPAIGN_EVENTS = {
  created: 'campaign.created',
  updated: 'campaign.updated',
  deleted: 'campaign.deleted',
  planned: 'campaign.planned',
  insightsGenerated: 'insights.generated',
} as const;

/** Where an entry of the calendar is on its way to the audience. */
export type CalendarEntryStatus = 'planned' | 'drafted' | 'approved' | 'scheduled' | 'published' | 'failed';

/** One post of a campaign's content calendar. */
export interface CalendarEntry {
  id: string;
  campaignId: string;
  brandId: string;
  /** Local date (YYYY-MM-DD) and time (HH:mm) in the brand's timezone when it was planned. */
  date: string;
  time: string;
  timezone: string;
  /** The same moment in UTC (ISO 8601): what schedules use. */
  scheduledAt: string;
  platform: string;
  topic: string;
  pillar: string;
  format: string;
  framework: string;
  status: CalendarEntryStatus;
  contentId: string | null;
}

export interface PlanCampaignInput {
  actor: Actor;
  campaignId: string;
}
/** The plan job's result. */
export interface PlanResult {
  campaignId: string;
  entries: number;
  /** Entries kept from the previous plan because their content was already approved. */
  kept: number;
}
export interface CalendarPayload {
  actor: Actor;
  campaignId: string;
}
export interface MoveEntryPayload {
  actor: Actor;
  entryId: string;
  /** New local date (YYYY-MM-DD); the time of day is kept unless given. */
  date: string;
  time?: string;
}

/** Announced after a plan commits; creation-agent writes the content of every entry without content. */
export interface CampaignPlannedEvent {
  campaignId: string;
  brandId: string;
  campaignName: string;
  goal: string;
  entries: CalendarEntry[];
  /** The plan job, when the plan came from one. */
  jobId: string | null;
}

export interface Recommendation {
  topic: string;
  pillar: string;
  /** Higher first. */
  score: number;
  reason: string;
  lastCoveredAt: string | null;
}
export interface RecommendationsPayload {
  actor: Actor;
  brandId: string;
}

export interface Insight {
  id: string;
  brandId: string;
  type: string;
  category: string;
  message: string;
  recommendation: string;
  evidence: Record<string, unknown>;
  /** True when any snapshot behind it was simulated. */
  simulated: boolean;
  createdAt: string;
}
export interface GenerateInsightsInput {
  actor: Actor;
  brandId: string;
}
export interface ListInsightsPayload {
  actor: Actor;
  brandId: string;
}
export interface InsightsGeneratedEvent {
  brandId: string;
  insights: Insight[];
}
