import type { z } from 'zod';
import type { Actor, Page, PageQuery } from '../actor';
import type { WEBHOOK_DELIVERY_STATUSES, WebhookDeliveryShape, WebhookShape } from '../shapes/webhook.shapes';
import type { Covers, Expect, TaskSpec } from '../task-map';

/** The scheduling part of publishing-agent: schedules, publishing, publishing settings and outbound webhooks (ADR 135). */

export const SCHEDULING_TASKS = {
  schedule: 'publishing.schedule',
  publishNow: 'publishing.publish_now',
  unschedule: 'publishing.unschedule',
  listSchedule: 'publishing.schedule.list',
  publishingSettings: 'publishing.settings.get',
  updatePublishingSettings: 'publishing.settings.update',
  followLink: 'links.follow',
  createWebhook: 'webhooks.create',
  listWebhooks: 'webhooks.list',
  deleteWebhook: 'webhooks.delete',
  enableWebhook: 'webhooks.enable',
  listWebhookDeliveries: 'webhooks.deliveries.list',
  replayWebhookDelivery: 'webhooks.deliveries.replay',
  /** Read-only: a connection's weekly posting slots (ADR 147). */
  queueSlots: 'publishing.queue.slots.get',
  updateQueueSlots: 'publishing.queue.slots.update',
  /** Read-only: a connection's queued posts in order, with their slot times. */
  listQueue: 'publishing.queue.list',
  addToQueue: 'publishing.queue.add',
  removeFromQueue: 'publishing.queue.remove',
} as const;

export const SCHEDULING_EVENTS = {
  scheduled: 'content.scheduled',
  unscheduled: 'content.unscheduled',
  published: 'content.published',
  publishFailed: 'content.publish_failed',
  webhookDisabled: 'webhook.disabled',
} as const;

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
  /** True when the item sits in its connection's posting queue (ADR 147): the queue may move it to another slot. */
  queued?: boolean;
}
export interface SchedulePayload {
  actor: Actor;
  contentId: string;
  /** UTC instant (ISO 8601). */
  at: string;
  /** Empty or absent for a post with targets: every target that is not published or on its way (ADR 186). */
  connectionIds?: string[];
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
  /** The post's first words (at most 80 characters), so a notification can name it. */
  excerpt?: string;
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
  /** The post's first words (at most 80 characters), so a notification can name it. */
  excerpt?: string;
}
export interface PublishNowPayload {
  actor: Actor;
  contentId: string;
  /** Empty or absent for a post with targets: every target that is not published or on its way (ADR 186). */
  connectionIds?: string[];
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
/** What publishing.schedule and publishing.publish_now answer: one item per connection. */
export interface ScheduleResult {
  contentId: string;
  brandId: string;
  at: string;
  items: ScheduleItem[];
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
  /** Links in posts get UTM parameters at publish time (ADR 152). */
  utm: LinkUtmSettings;
  /** Links in posts are replaced with `{PUBLIC_URL}/l/{code}` short links that count clicks. */
  shortenLinks: boolean;
  updatedAt: string | null;
}
export interface LinkUtmSettings {
  enabled: boolean;
  /**
   * Query parameters added to every http(s) link: `name=value` pairs joined by `&`, values with
   * the placeholders {platform}, {campaign}, {contentId}, {brandId}. Null: the default,
   * `utm_source={platform}&utm_medium=social&utm_campaign={campaign}&utm_content={contentId}`.
   */
  template: string | null;
  /** The template in use (the brand's own or the default). */
  effectiveTemplate: string;
}
export interface PublishingSettingsPayload {
  actor: Actor;
  brandId: string;
}
export interface UpdatePublishingSettingsPayload extends PublishingSettingsPayload {
  autoApprove: boolean;
  timezone?: string | null;
  /** Left out: unchanged. */
  utm?: { enabled?: boolean; template?: string | null };
  shortenLinks?: boolean;
}
/** A visitor followed `/l/{code}` (public: no actor). */
export interface FollowLinkPayload {
  code: string;
}
export interface FollowLinkResult {
  url: string;
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
/** A webhook subscription as the API answers it: the shape in shapes/webhook.shapes.ts. */
export type WebhookSubscription = z.output<typeof WebhookShape>;
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
export type WebhookDeliveryStatus = (typeof WEBHOOK_DELIVERY_STATUSES)[number];
/** One event sent (or being sent) to one subscription: the shape in shapes/webhook.shapes.ts. */
export type WebhookDelivery = z.output<typeof WebhookDeliveryShape>;
export interface ListWebhookDeliveriesPayload extends WebhookRef {
  page: PageQuery;
}
export type WebhookDeliveryPage = Page<WebhookDelivery>;
export interface ReplayWebhookDeliveryPayload extends WebhookRef {
  deliveryId: string;
}
/** publishing-agent turned a subscription off: its receiver failed for too long, or answered 410 Gone. */
export interface WebhookDisabledEvent {
  webhookId: string;
  brandId: string;
  url: string;
  reason: string;
  at: string;
}

/** Days of a queue's weekly slots. */
export const QUEUE_WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type QueueWeekday = (typeof QUEUE_WEEKDAYS)[number];
/** One weekly posting time of a connection's queue, in the brand's timezone. */
export interface QueueSlot {
  weekday: QueueWeekday;
  /** HH:mm, 24-hour wall-clock time in the brand's timezone. */
  time: string;
}
export interface QueueSlots {
  connectionId: string;
  brandId: string;
  /** The brand's timezone: the slots' wall-clock times are read in it. */
  timezone: string;
  /** Sorted by weekday (Monday first), then time. */
  slots: QueueSlot[];
  updatedAt: string | null;
}
export interface QueueSlotsPayload {
  actor: Actor;
  connectionId: string;
}
export interface UpdateQueueSlotsPayload extends QueueSlotsPayload {
  slots: QueueSlot[];
}
/** A post in a connection's queue: its schedule item, its place in the queue (1 = next) and its first words. */
export interface QueuedPost extends ScheduleItem {
  position: number;
  excerpt: string;
}
/** A connection's queue: its slots and its queued posts in order. */
export interface QueueView extends QueueSlots {
  items: QueuedPost[];
}
export interface AddToQueuePayload {
  actor: Actor;
  contentId: string;
  connectionIds: string[];
}
/** What POST /content/{id}/queue answers: the post's place in each connection's queue. */
export interface AddToQueueResult {
  contentId: string;
  brandId: string;
  items: QueuedPost[];
}
export interface RemoveFromQueuePayload {
  actor: Actor;
  contentId: string;
  /** Only this connection's queue; every queue when absent. */
  connectionId?: string;
}
export interface RemoveFromQueueResult {
  contentId: string;
  /** Queued posts taken off (the later posts of their queues moved up). */
  removed: number;
}

export interface SchedulingTaskMap {
  [SCHEDULING_TASKS.schedule]: TaskSpec<SchedulePayload, ScheduleResult>;
  [SCHEDULING_TASKS.publishNow]: TaskSpec<PublishNowPayload, ScheduleResult>;
  [SCHEDULING_TASKS.unschedule]: TaskSpec<UnschedulePayload, UnscheduleResult>;
  [SCHEDULING_TASKS.listSchedule]: TaskSpec<ListSchedulePayload, ScheduleList>;
  [SCHEDULING_TASKS.publishingSettings]: TaskSpec<PublishingSettingsPayload, PublishingSettings>;
  [SCHEDULING_TASKS.updatePublishingSettings]: TaskSpec<UpdatePublishingSettingsPayload, PublishingSettings>;
  [SCHEDULING_TASKS.followLink]: TaskSpec<FollowLinkPayload, FollowLinkResult>;
  [SCHEDULING_TASKS.createWebhook]: TaskSpec<CreateWebhookPayload, WebhookSubscription>;
  [SCHEDULING_TASKS.listWebhooks]: TaskSpec<ListWebhooksPayload, { items: WebhookSubscription[]; nextCursor: null }>;
  [SCHEDULING_TASKS.deleteWebhook]: TaskSpec<WebhookRef, void>;
  [SCHEDULING_TASKS.enableWebhook]: TaskSpec<WebhookRef, WebhookSubscription>;
  [SCHEDULING_TASKS.listWebhookDeliveries]: TaskSpec<ListWebhookDeliveriesPayload, WebhookDeliveryPage>;
  [SCHEDULING_TASKS.replayWebhookDelivery]: TaskSpec<ReplayWebhookDeliveryPayload, WebhookDelivery>;
  [SCHEDULING_TASKS.queueSlots]: TaskSpec<QueueSlotsPayload, QueueSlots>;
  [SCHEDULING_TASKS.updateQueueSlots]: TaskSpec<UpdateQueueSlotsPayload, QueueView>;
  [SCHEDULING_TASKS.listQueue]: TaskSpec<QueueSlotsPayload, QueueView>;
  [SCHEDULING_TASKS.addToQueue]: TaskSpec<AddToQueuePayload, AddToQueueResult>;
  [SCHEDULING_TASKS.removeFromQueue]: TaskSpec<RemoveFromQueuePayload, RemoveFromQueueResult>;
}
export interface SchedulingEventMap {
  [SCHEDULING_EVENTS.scheduled]: ContentScheduledEvent;
  [SCHEDULING_EVENTS.unscheduled]: ContentUnscheduledEvent;
  [SCHEDULING_EVENTS.published]: ContentPublishedEvent;
  [SCHEDULING_EVENTS.publishFailed]: ContentPublishFailedEvent;
  [SCHEDULING_EVENTS.webhookDisabled]: WebhookDisabledEvent;
}
/** Fails to compile when a constant above has no entry in its map. */
export type SchedulingMapsComplete = Expect<Covers<SchedulingTaskMap, typeof SCHEDULING_TASKS>> | Expect<Covers<SchedulingEventMap, typeof SCHEDULING_EVENTS>>;
