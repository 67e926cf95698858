import type { z } from 'zod';
import type { Actor, Page, PageQuery } from './actor';
import type { JobTask } from './jobs.contract';
import type { Covers, Expect, TaskSpec } from './task-map';
import type { CalendarEntryShape } from './shapes/calendar.answers';
import type { CALENDAR_ENTRY_STATUSES } from './shapes/calendar.shapes';
import type { CampaignShape } from './shapes/campaign.answers';
import type { CAMPAIGN_STATUSES } from './shapes/campaign.shapes';

export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];

/** A campaign as the API answers it: the shape in shapes/campaign.answers.ts. */
export type Campaign = z.output<typeof CampaignShape>;

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
  /** Read-only: the caller's right to act on a campaign or a brand here, before a job starts (404/403 at once). */
  authorize: 'strategy.authorize',
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
  /** An entry moved to another day or time (CalendarEntryMovedEvent): schedules follow it. */
  entryMoved: 'calendar.entry.moved',
  insightsGenerated: 'insights.generated',
} as const;

/** Where an entry of the calendar is on its way to the audience. */
export type CalendarEntryStatus = (typeof CALENDAR_ENTRY_STATUSES)[number];

/** One post of a campaign's content calendar: the shape in shapes/calendar.answers.ts (ADR 198, ADR 202). */
export type CalendarEntry = z.output<typeof CalendarEntryShape>;

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
  /** Entries of the previous plan that were replaced (their drafts, if any, belong to no entry now). */
  replaced: number;
}
export interface CalendarPayload {
  actor: Actor;
  campaignId: string;
  /** Local dates (YYYY-MM-DD), inclusive. */
  from?: string;
  to?: string;
}
export interface CalendarPage {
  items: CalendarEntry[];
  nextCursor: null;
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
  /** Entries of the previous plan that this one replaced (removed from the calendar). */
  replacedEntryIds?: string[];
}

/** A moved entry: its new local date and time and UTC instant, and where it was. */
export interface CalendarEntryMovedEvent {
  entry: CalendarEntry;
  previous: { date: string; time: string; scheduledAt: string };
  by: string;
}

export interface AuthorizePayload {
  actor: Actor;
  role: 'viewer' | 'editor' | 'owner';
  /** One of the two. */
  campaignId?: string;
  brandId?: string;
}
export interface AuthorizeAnswer {
  brandId: string;
  campaignId: string | null;
}

export interface Recommendation {
  /** A pillar as a whole, or a topic (a brand value, never a word of the learned voice) within a pillar. */
  kind: 'pillar' | 'topic';
  topic: string;
  pillar: string;
  /** Higher first. */
  score: number;
  reason: string;
  lastCoveredAt: string | null;
  /** Entries and published posts on it in the last `windowDays` (past and planned). */
  recentCount: number;
  windowDays: number;
}
export interface RecommendationList {
  items: Recommendation[];
  nextCursor: null;
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
  /** Length of the period compared with the one before it (default 7 days). */
  periodDays?: number;
}
/** The insights job's result. */
export interface InsightsResult {
  brandId: string;
  insights: number;
  snapshots: number;
  simulated: boolean;
  /** The AI's error code when its worded summary is missing (the computed insights are stored regardless). */
  summaryError: string | null;
}
export interface InsightList {
  items: Insight[];
  nextCursor: null;
}
export interface ListInsightsPayload {
  actor: Actor;
  brandId: string;
}
export interface InsightsGeneratedEvent {
  brandId: string;
  insights: Insight[];
}

/** The payload of campaign.deleted. */
export interface CampaignDeletedEvent {
  campaignId: string;
  brandId: string;
}

/** strategy-agent's tasks and events with their payloads and results (ADR 134). */
export interface CampaignTaskMap {
  [CAMPAIGN_TASKS.calendar]: TaskSpec<CalendarPayload, CalendarPage>;
  [CAMPAIGN_TASKS.moveEntry]: TaskSpec<MoveEntryPayload, CalendarEntry>;
  [CAMPAIGN_TASKS.plan]: TaskSpec<JobTask<PlanCampaignInput>, PlanResult | undefined>;
  [CAMPAIGN_TASKS.authorize]: TaskSpec<AuthorizePayload, AuthorizeAnswer>;
  [CAMPAIGN_TASKS.create]: TaskSpec<CreateCampaignPayload, Campaign>;
  [CAMPAIGN_TASKS.list]: TaskSpec<ListCampaignsPayload, CampaignPage>;
  [CAMPAIGN_TASKS.get]: TaskSpec<GetCampaignPayload, Campaign>;
  [CAMPAIGN_TASKS.update]: TaskSpec<UpdateCampaignPayload, Campaign>;
  [CAMPAIGN_TASKS.delete]: TaskSpec<DeleteCampaignPayload, void>;
  [CAMPAIGN_TASKS.insights]: TaskSpec<JobTask<GenerateInsightsInput>, InsightsResult | undefined>;
  [CAMPAIGN_TASKS.listInsights]: TaskSpec<ListInsightsPayload, InsightList>;
  [CAMPAIGN_TASKS.recommendations]: TaskSpec<RecommendationsPayload, RecommendationList>;
}
export interface CampaignEventMap {
  [CAMPAIGN_EVENTS.created]: Campaign;
  [CAMPAIGN_EVENTS.updated]: Campaign;
  [CAMPAIGN_EVENTS.deleted]: CampaignDeletedEvent;
  [CAMPAIGN_EVENTS.planned]: CampaignPlannedEvent;
  [CAMPAIGN_EVENTS.entryMoved]: CalendarEntryMovedEvent;
  [CAMPAIGN_EVENTS.insightsGenerated]: InsightsGeneratedEvent;
}
/** Fails to compile when a constant above has no entry in its map. */
export type CampaignMapsComplete = Expect<Covers<CampaignTaskMap, typeof CAMPAIGN_TASKS>> | Expect<Covers<CampaignEventMap, typeof CAMPAIGN_EVENTS>>;
