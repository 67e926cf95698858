import type { Actor, Page, PageQuery } from './actor';
import type { InboxIntent, InboxSentiment } from './content.contract';

/** Owned by publishing-agent: channels, schedules, publishing, analytics, ad sets, the inbox store. */

export type ConnectionStatus = 'active' | 'needs_reconnect' | 'error' | 'disconnected';

/** A brand's account on a platform. Credentials are never part of it. */
export interface Connection {
  id: string;
  brandId: string;
  platform: string;
  displayName: string;
  status: ConnectionStatus;
  /** Why the status is not active, in plain words. */
  statusReason: string | null;
  accountId: string | null;
  expiresAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export type ScheduleStatus = 'scheduled' | 'publishing' | 'published' | 'failed' | 'cancelled' | 'unknown';

/** One post to one connection at one time. */
export interface ScheduleItem {
  id: string;
  brandId: string;
  contentId: string;
  connectionId: string;
  platform: string;
  /** UTC instant, and the same moment in the brand's timezone. */
  at: string;
  localAt: string;
  timezone: string;
  status: ScheduleStatus;
  attempts: number;
  externalId: string | null;
  url: string | null;
  error: { code: string; message: string } | null;
  publishedAt: string | null;
  /** Set when the item publishes one variant of the content (an A/B test), not its selected body. */
  variantId?: string | null;
  abTestId?: string | null;
}

export const PUBLISHING_TASKS = {
  platforms: 'publishing.platforms.list',
  listConnections: 'publishing.connections.list',
  createConnection: 'publishing.connections.create',
  deleteConnection: 'publishing.connections.delete',
  oauthStart: 'publishing.oauth.start',
  oauthCallback: 'publishing.oauth.callback',
  schedule: 'publishing.schedule',
  publishNow: 'publishing.publish_now',
  unschedule: 'publishing.unschedule',
  listSchedule: 'publishing.schedule.list',
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
  publishingSettings: 'publishing.settings.get',
  updatePublishingSettings: 'publishing.settings.update',
  createWebhook: 'webhooks.create',
  listWebhooks: 'webhooks.list',
  deleteWebhook: 'webhooks.delete',
  enableWebhook: 'webhooks.enable',
  listWebhookDeliveries: 'webhooks.deliveries.list',
  replayWebhookDelivery: 'webhooks.deliveries.replay',
} as const;

export const PUBLISHING_ROUTES: Record<string, string> = Object.fromEntries(Object.values(PUBLISHING_TASKS).map((t) => [t, 'publishing-agent']));

export const PUBLISHING_EVENTS = {
  scheduled: 'content.scheduled',
  unscheduled: 'content.unscheduled',
  published: 'content.published',
  publishFailed: 'content.publish_failed',
  connectionChanged: 'connection.changed',
  analyticsUpdated: 'analytics.updated',
  abTestConcluded: 'abtest.concluded',
  adSetPacingAlert: 'adset.pacing_alert',
  messageReceived: 'inbox.message.received',
  webhookDisabled: 'webhook.disabled',
} as const;

export interface SchedulePayload {
  actor: Actor;
  contentId: string;
  /** UTC instant (ISO 8601). */
  at: string;
  connectionIds: string[];
}
export interface ContentScheduledEvent {
  contentId: string;
  brandId: string;
  at: string;
  items: ScheduleItem[];
}
export interface ContentUnscheduledEvent {
  contentId: string;
  brandId: string;
}
export interface ContentPublishedEvent {
  contentId: string;
  brandId: string;
  platform: string;
  connectionId: string;
  scheduleId: string;
  externalId: string;
  url: string | null;
  publishedAt: string;
  /** Set when the post was one variant of an A/B test. */
  variantId?: string | null;
  abTestId?: string | null;
}
export interface ContentPublishFailedEvent {
  contentId: string;
  brandId: string;
  platform: string;
  connectionId: string;
  scheduleId: string;
  code: string;
  /** The platform's message in plain words. */
  message: string;
  at: string;
}
export interface ConnectionChangedEvent {
  connection: Connection;
  /** e.g. 'needs_reconnect' after a revoked grant: tell the brand's users. */
  reason: string | null;
}

/** How a platform is connected: OAuth 2.0 (X, LinkedIn), a token or password (the others), or a signed webhook. */
export type PlatformAuthKind = 'oauth' | 'token' | 'webhook';

/** One entry of the platform catalogue (GET /platforms). */
export interface PlatformInfo {
  id: string;
  label: string;
  authKind: PlatformAuthKind;
  /** False when the deployment lacks what the platform needs (e.g. OAuth client id and secret). */
  configured: boolean;
  limits: {
    maxLength: number;
    lengthUnit: 'characters' | 'graphemes';
    hashtags: { min: number; max: number };
    links: 'inline' | 'discouraged' | 'none';
    longForm: boolean;
  };
  /** Fields POST /connections expects in `credentials` and `config` for this platform. */
  credentialFields: string[];
  configFields: string[];
}
export interface ListPlatformsPayload {
  actor: Actor;
}
export interface ListConnectionsPayload {
  actor: Actor;
  brandId: string;
  page: PageQuery;
}
export type ConnectionPage = Page<Connection>;
export interface CreateConnectionPayload {
  actor: Actor;
  brandId: string;
  platform: string;
  displayName?: string;
  /** Secrets (tokens, passwords): encrypted at rest, never answered. */
  credentials?: Record<string, string>;
  /** Non-secret settings (instance URL, site URL, handle); the webhook channel's secret is moved to credentials. */
  config?: Record<string, string>;
}
export interface DeleteConnectionPayload {
  actor: Actor;
  connectionId: string;
}
export interface OAuthStartPayload {
  actor: Actor;
  brandId: string;
  platform: string;
}
export interface OAuthStartResult {
  authorizeUrl: string;
}
/** From the platform's redirect: no actor, the state authenticates (it names who started it). */
export interface OAuthCallbackPayload {
  platform: string;
  state: string;
  code?: string;
  /** The platform's error (e.g. access_denied) when the user declined. */
  error?: string;
}
export type OAuthCallbackResult = { ok: true; platform: string; connection: Connection } | { ok: false; platform: string; error: string };

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

export type InboxMessageStatus = 'new' | 'drafted' | 'replied' | 'archived';
export interface InboxMessage {
  id: string;
  brandId: string;
  channel: string;
  author: string;
  body: string;
  status: InboxMessageStatus;
  intent: InboxIntent | null;
  sentiment: InboxSentiment | null;
  draft: string | null;
  reply: { body: string; by: string; at: string } | null;
  receivedAt: string;
}
export interface ListMessagesPayload {
  actor: Actor;
  brandId: string;
  status?: InboxMessageStatus;
  page: PageQuery;
}
export type MessagePage = Page<InboxMessage>;

/* Scheduling: payloads of the schedule, publishing-settings and outbound-webhook tasks. */

export interface PublishNowPayload {
  actor: Actor;
  contentId: string;
  connectionIds: string[];
}
export interface UnschedulePayload {
  actor: Actor;
  contentId: string;
}
export interface UnscheduleResult {
  contentId: string;
  cancelled: number;
}
export interface ListSchedulePayload {
  actor: Actor;
  brandId: string;
  /** UTC instants (ISO 8601), inclusive bounds on the item's time. */
  from?: string;
  to?: string;
}
export interface ScheduleList {
  items: ScheduleItem[];
  nextCursor: string | null;
}

/** A brand's publishing preferences, kept by publishing-agent. */
export interface PublishingSettings {
  brandId: string;
  /** On: content may be scheduled without an approval (the approval gate is open). */
  autoApprove: boolean;
  /** Overrides the brand's timezone for schedules; null: the brand's own. */
  timezone: string | null;
  /** What schedules of this brand are shown in. */
  effectiveTimezone: string;
  updatedAt: string | null;
}
export interface PublishingSettingsPayload {
  actor: Actor;
  brandId: string;
}
export interface UpdatePublishingSettingsPayload extends PublishingSettingsPayload {
  autoApprove: boolean;
  timezone?: string | null;
}

/** Events a brand can subscribe a URL to. */
export const WEBHOOK_EVENT_TYPES = [
  'content.approved',
  'content.scheduled',
  'content.unscheduled',
  'content.published',
  'content.publish_failed',
  'campaign.planned',
  'analytics.updated',
  'abtest.concluded',
  'connection.changed',
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

export interface WebhookSubscription {
  id: string;
  brandId: string;
  url: string;
  events: string[];
  /** `disabled`: turned off after its deliveries failed for too long, or on a 410 Gone; POST /webhooks/{id}/enable turns it on. */
  status: 'active' | 'disabled';
  disabledReason: string | null;
  disabledAt: string | null;
  createdAt: string;
  /** Only in the answer to the create request: the signing secret (`whsec_…`), shown once. */
  secret?: string;
}
export interface CreateWebhookPayload {
  actor: Actor;
  brandId: string;
  url: string;
  events: string[];
}
export interface ListWebhooksPayload {
  actor: Actor;
  brandId: string;
}
export interface WebhookRef {
  actor: Actor;
  webhookId: string;
}
export type WebhookDeliveryStatus = 'pending' | 'delivering' | 'delivered' | 'failed';
/** One event sent (or being sent) to one subscription; its `messageId` is the `webhook-id` header. */
export interface WebhookDelivery {
  id: string;
  webhookId: string;
  messageId: string;
  eventType: string;
  status: WebhookDeliveryStatus;
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
  nextAttemptAt: string | null;
  deliveredAt: string | null;
  /** The delivery this one replays, if any. */
  replayOf: string | null;
  createdAt: string;
}
export interface ListWebhookDeliveriesPayload extends WebhookRef {
  page: PageQuery;
}
export type WebhookDeliveryPage = Page<WebhookDelivery>;
export interface ReplayWebhookDeliveryPayload extends WebhookRef {
  deliveryId: string;
}

/* Analytics, A/B tests, ad sets and the inbox (the performance part of publishing-agent). */

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

/** publishing-agent turned a subscription off: its receiver failed for too long, or answered 410 Gone. */
export interface WebhookDisabledEvent {
  webhookId: string;
  brandId: string;
  url: string;
  reason: string;
  at: string;
}
