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
