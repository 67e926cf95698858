import type { z } from 'zod';
import type { Actor, Page, PageQuery } from '../actor';
import type { INBOX_MESSAGE_STATUSES, InboxMessageShape } from '../shapes/message.shapes';
import type { QueueSuggestionShape, QueueSuggestionsShape } from '../shapes/schedule.shapes';
import type { JobTask } from '../jobs.contract';
import type { Covers, Expect, TaskSpec } from '../task-map';

/** The performance part of publishing-agent: analytics, A/B tests, ad sets and the inbox store (ADR 135). */

export const PERFORMANCE_TASKS = {
  analyticsOverview: 'analytics.overview',
  contentAnalytics: 'analytics.content',
  /** Job (JobTask<SimulateAnalyticsInput>). */
  simulateAnalytics: 'analytics.simulate',
  createAdSet: 'adsets.create',
  listAdSets: 'adsets.list',
  updateAdSet: 'adsets.update',
  listMessages: 'inbox.messages.list',
  createMessage: 'inbox.messages.create',
  getMessage: 'inbox.messages.get',
  sendReply: 'inbox.messages.reply',
  /** Read-only: one A/B test with its numbers and win probabilities. */
  getAbTest: 'abtests.get',
  /** Read-only: the A/B tests of one content, newest first. */
  listAbTests: 'abtests.list',
  createAbTest: 'abtests.create',
  recordAdSpend: 'adsets.spend.record',
  /** Public webhook of a channel: a signed inbound message (InboundMessagePayload). */
  receiveInbound: 'inbox.inbound.receive',
  /** Mints (or rotates) the signing secret of a connection's inbound webhook. */
  inboundSecret: 'inbox.inbound.secret',
  /** Read-only: best posting times for a connection's queue, from the brand's measured posts (ADR 148). */
  queueSuggestions: 'publishing.queue.suggestions',
} as const;

export const PERFORMANCE_EVENTS = {
  analyticsUpdated: 'analytics.updated',
  abTestConcluded: 'abtest.concluded',
  adSetPacingAlert: 'adset.pacing_alert',
  messageReceived: 'inbox.message.received',
} as const;

/** One measurement of one published post. */
export interface AnalyticsSnapshot {
  contentId: string;
  brandId: string;
  platform: string;
  publishedAt: string;
  capturedAt: string;
  impressions: number;
  engagements: number;
  clicks: number;
  engagementRate: number;
  /** From POST /analytics/simulate, not from a platform: shown as simulated everywhere. */
  simulated: boolean;
  topic: string | null;
  pillar: string | null;
  format: string | null;
}
export interface AnalyticsUpdatedEvent {
  brandId: string;
  snapshots: AnalyticsSnapshot[];
}
export interface SimulateAnalyticsInput {
  actor: Actor;
  brandId: string;
  days: number;
}
export interface AbTestConcludedEvent {
  brandId: string;
  contentId: string;
  winnerVariantId: string;
  loserVariantId: string;
  probabilityWinnerBetter: number;
  winnerBody: string;
  /** True when the numbers behind the decision came from POST /analytics/simulate (not for learning). */
  simulated?: boolean;
}
/** A customer message in a brand's inbox: the inbox shapes' output (ADR 190). */
export type InboxMessageStatus = (typeof INBOX_MESSAGE_STATUSES)[number];
export type InboxMessage = z.output<typeof InboxMessageShape>;
export interface ListMessagesPayload {
  actor: Actor;
  brandId: string;
  status?: InboxMessageStatus;
  page: PageQuery;
}
export type MessagePage = Page<InboxMessage>;
export interface AnalyticsOverviewPayload {
  actor: Actor;
  brandId: string;
  /** Calendar days (YYYY-MM-DD, UTC), inclusive. */
  from: string;
  to: string;
}
export interface AnalyticsTotals {
  impressions: number;
  engagements: number;
  clicks: number;
  /** engagements / impressions (0 when there were none). */
  engagementRate: number;
  /** True when any number behind it came from POST /analytics/simulate. */
  simulated: boolean;
}
export interface AnalyticsPoint extends AnalyticsTotals {
  date: string;
}
export interface AnalyticsOverview {
  brandId: string;
  from: string;
  to: string;
  simulated: boolean;
  totals: AnalyticsTotals;
  byPlatform: (AnalyticsTotals & { platform: string })[];
  /** One point per day (all platforms together), every day of the range. */
  daily: AnalyticsPoint[];
  /** One point per platform and day: every day of the range for each platform that has data. */
  series: (AnalyticsPoint & { platform: string })[];
}
export interface ContentAnalyticsPayload {
  actor: Actor;
  contentId: string;
}
export interface ContentAnalytics {
  contentId: string;
  brandId: string;
  simulated: boolean;
  totals: AnalyticsTotals;
  /** One row per post of the content (each connection it went to). */
  posts: (AnalyticsTotals & { postKey: string; platform: string; publishedAt: string; capturedAt: string })[];
  daily: AnalyticsPoint[];
}
/** The result of an analytics.simulate job. */
export interface SimulateAnalyticsResult {
  brandId: string;
  days: number;
  posts: number;
  /** Daily snapshot rows written. */
  rows: number;
  /** False when the brand had no known content and synthetic posts stood in. */
  fromKnownContent: boolean;
  simulated: true;
}
export type AbTestStatus = 'running' | 'concluded';
export interface AbTestVariantView {
  variantId: string;
  label: 'A' | 'B';
  /** UTC instant of its slot. */
  at: string;
  scheduleId: string | null;
  impressions: number;
  engagements: number;
  engagementRate: number;
  /** Posterior probability (beta-binomial) that this variant has the higher engagement rate. */
  probabilityBest: number;
  simulated: boolean;
}
export interface AbTest {
  id: string;
  brandId: string;
  contentId: string;
  connectionId: string;
  platform: string;
  status: AbTestStatus;
  variants: AbTestVariantView[];
  winnerVariantId: string | null;
  /** Why it ended: 'probability' (P >= 0.95) or 'sample' (the minimum sample was reached). */
  decidedBy: 'probability' | 'sample' | null;
  concludedAt: string | null;
  simulated: boolean;
  createdAt: string;
}
export interface CreateAbTestPayload {
  actor: Actor;
  contentId: string;
  variantIds: [string, string];
  connectionId: string;
  /** UTC instant of variant A's slot; default: the next full hour at least an hour from now. */
  at?: string;
}
export interface ListAbTestsPayload {
  actor: Actor;
  contentId: string;
}
export interface GetAbTestPayload {
  actor: Actor;
  abTestId: string;
}
export type AdSetStatus = 'draft' | 'active' | 'paused' | 'completed';
export type PacingFlagKind = 'daily_overspend' | 'overpacing' | 'underpacing' | 'budget_exhausted';
export interface PacingFlag {
  kind: PacingFlagKind;
  message: string;
  at: string;
  /** The day a daily flag is about (YYYY-MM-DD). */
  day?: string;
}
export interface AdSet {
  id: string;
  campaignId: string;
  brandId: string;
  name: string;
  platform: string;
  dailyBudget: number;
  totalBudget: number;
  startDate: string | null;
  endDate: string | null;
  status: AdSetStatus;
  spentTotal: number;
  /** The latest day with spend, and that day's spend. */
  lastSpendDate: string | null;
  lastDaySpend: number;
  /** Spend expected by the last spend date at an even pace, and spent / expected. */
  expectedSpend: number | null;
  paceRatio: number | null;
  flags: PacingFlag[];
  createdAt: string;
  updatedAt: string;
}
export interface AdSetInput {
  name: string;
  platform: string;
  dailyBudget: number;
  totalBudget: number;
  startDate?: string | null;
  endDate?: string | null;
}
export interface CreateAdSetPayload {
  actor: Actor;
  campaignId: string;
  adSet: AdSetInput;
}
export interface ListAdSetsPayload {
  actor: Actor;
  campaignId: string;
}
export interface UpdateAdSetPayload {
  actor: Actor;
  adSetId: string;
  changes: Partial<AdSetInput> & { status?: AdSetStatus };
}
export interface RecordAdSpendPayload {
  actor: Actor;
  adSetId: string;
  amount: number;
  /** YYYY-MM-DD. */
  date: string;
}
export interface AdSetPacingAlertEvent {
  adSetId: string;
  campaignId: string;
  brandId: string;
  name: string;
  kind: PacingFlagKind;
  message: string;
  spentTotal: number;
  totalBudget: number;
  at: string;
}
export interface CreateMessagePayload {
  actor: Actor;
  brandId: string;
  channel: string;
  author: string;
  body: string;
}
export interface GetMessagePayload {
  actor: Actor;
  messageId: string;
  /** The role the caller needs (default viewer): the gateway asks with 'editor' before an AI reply job. */
  role?: 'viewer' | 'editor';
}
export interface SendReplyPayload {
  actor: Actor;
  messageId: string;
  body: string;
}
/** What the public inbound webhook received, passed on unparsed: publishing-agent verifies it. */
export interface InboundMessagePayload {
  connectionId: string;
  webhookId: string;
  webhookTimestamp: string;
  webhookSignature: string;
  /** The body exactly as signed. */
  rawBody: string;
}
export interface InboundSecretPayload {
  actor: Actor;
  connectionId: string;
}
export interface InboundEndpoint {
  connectionId: string;
  brandId: string;
  channel: string;
  /** Shown once, when minted or rotated (Standard Webhooks form: whsec_<base64>). */
  secret: string;
  createdAt: string;
}
export type InboxMessageReceivedEvent = InboxMessage;

export interface QueueSuggestionsPayload {
  actor: Actor;
  connectionId: string;
}
/** One suggested weekly slot: a weekday and hour where the brand's posts on this platform were engaged with most. */
export type QueueSuggestion = z.output<typeof QueueSuggestionShape>;
/**
 * The best weekly times from the brand's measured posts (simulated numbers are never counted);
 * `enoughData` false and no suggestions when there were too few. The shape in shapes/schedule.shapes.ts.
 */
export type QueueSuggestions = z.output<typeof QueueSuggestionsShape>;

export interface PerformanceTaskMap {
  [PERFORMANCE_TASKS.analyticsOverview]: TaskSpec<AnalyticsOverviewPayload, AnalyticsOverview>;
  [PERFORMANCE_TASKS.contentAnalytics]: TaskSpec<ContentAnalyticsPayload, ContentAnalytics>;
  [PERFORMANCE_TASKS.simulateAnalytics]: TaskSpec<JobTask<SimulateAnalyticsInput>, SimulateAnalyticsResult | undefined>;
  [PERFORMANCE_TASKS.createAdSet]: TaskSpec<CreateAdSetPayload, AdSet>;
  [PERFORMANCE_TASKS.listAdSets]: TaskSpec<ListAdSetsPayload, { items: AdSet[]; nextCursor: null }>;
  [PERFORMANCE_TASKS.updateAdSet]: TaskSpec<UpdateAdSetPayload, AdSet>;
  [PERFORMANCE_TASKS.listMessages]: TaskSpec<ListMessagesPayload, MessagePage>;
  [PERFORMANCE_TASKS.createMessage]: TaskSpec<CreateMessagePayload, InboxMessage>;
  [PERFORMANCE_TASKS.getMessage]: TaskSpec<GetMessagePayload, InboxMessage>;
  [PERFORMANCE_TASKS.sendReply]: TaskSpec<SendReplyPayload, InboxMessage>;
  [PERFORMANCE_TASKS.getAbTest]: TaskSpec<GetAbTestPayload, AbTest>;
  [PERFORMANCE_TASKS.listAbTests]: TaskSpec<ListAbTestsPayload, { items: AbTest[]; nextCursor: null }>;
  [PERFORMANCE_TASKS.createAbTest]: TaskSpec<CreateAbTestPayload, AbTest>;
  [PERFORMANCE_TASKS.recordAdSpend]: TaskSpec<RecordAdSpendPayload, AdSet>;
  [PERFORMANCE_TASKS.receiveInbound]: TaskSpec<InboundMessagePayload, { id: string; duplicate: boolean }>;
  [PERFORMANCE_TASKS.inboundSecret]: TaskSpec<InboundSecretPayload, InboundEndpoint>;
  [PERFORMANCE_TASKS.queueSuggestions]: TaskSpec<QueueSuggestionsPayload, QueueSuggestions>;
}
export interface PerformanceEventMap {
  [PERFORMANCE_EVENTS.analyticsUpdated]: AnalyticsUpdatedEvent;
  [PERFORMANCE_EVENTS.abTestConcluded]: AbTestConcludedEvent;
  [PERFORMANCE_EVENTS.adSetPacingAlert]: AdSetPacingAlertEvent;
  [PERFORMANCE_EVENTS.messageReceived]: InboxMessageReceivedEvent;
}
/** Fails to compile when a constant above has no entry in its map. */
export type PerformanceMapsComplete =
  Expect<Covers<PerformanceTaskMap, typeof PERFORMANCE_TASKS>> | Expect<Covers<PerformanceEventMap, typeof PERFORMANCE_EVENTS>>;
