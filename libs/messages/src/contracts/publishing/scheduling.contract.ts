import type { z } from 'zod';
import type { Actor, Page, PageQuery } from '../actor';
import type { WEBHOOK_DELIVERY_STATUSES, WebhookDeliveryShape, WebhookShape } from '../shapes/webhook.shapes';
import type {
  AddToQueueResultShape,
  LinkUtmSettingsViewShape,
  PublishingSettingsViewShape,
  QueuedPostShape,
  QueueSlotShape,
  QueueSlotsViewShape,
  QueueViewShape,
  RemoveFromQueueResultShape,
  SCHEDULE_STATUSES,
  ScheduleItemShape,
  ScheduleListShape,
  ScheduleResultShape,
  UnscheduleResultShape,
} from '../shapes/schedule.shapes';
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

export type ScheduleStatus = (typeof SCHEDULE_STATUSES)[number];
/**
 * One post to one connection at one time: its UTC instant and the same moment in the brand's
 * timezone; `variantId`/`abTestId` when it publishes one variant of an A/B test; `queued` when it
 * sits in its connection's posting queue (ADR 147). The shape in shapes/schedule.shapes.ts.
 */
export type ScheduleItem = z.output<typeof ScheduleItemShape>;
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
export type UnscheduleResult = z.output<typeof UnscheduleResultShape>;
export interface ListSchedulePayload {
  actor: Actor;
  brandId: string;
  /** UTC instants (ISO 8601), inclusive bounds on the item's time. */
  from?: string;
  to?: string;
}
export type ScheduleList = z.output<typeof ScheduleListShape>;
/** What publishing.schedule and publishing.publish_now answer: one item per connection. */
export type ScheduleResult = z.output<typeof ScheduleResultShape>;
/** A brand's publishing preferences, kept by publishing-agent: the shape in shapes/schedule.shapes.ts. */
export type PublishingSettings = z.output<typeof PublishingSettingsViewShape>;
/**
 * Links in posts get UTM parameters at publish time (ADR 152): `template` is the brand's own
 * (null: the default), `effectiveTemplate` the one in use.
 */
export type LinkUtmSettings = z.output<typeof LinkUtmSettingsViewShape>;
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
/** One weekly posting time of a connection's queue: a weekday and HH:mm in the brand's timezone. */
export type QueueSlot = z.output<typeof QueueSlotShape>;
/** A connection's weekly slots, Monday first, then by time; their times are read in `timezone`. */
export type QueueSlots = z.output<typeof QueueSlotsViewShape>;
export interface QueueSlotsPayload {
  actor: Actor;
  connectionId: string;
}
export interface UpdateQueueSlotsPayload extends QueueSlotsPayload {
  slots: QueueSlot[];
}
/** A post in a connection's queue: its schedule item, its place in the queue (1 = next) and its first words. */
export type QueuedPost = z.output<typeof QueuedPostShape>;
/** A connection's queue: its slots and its queued posts in order. */
export type QueueView = z.output<typeof QueueViewShape>;
export interface AddToQueuePayload {
  actor: Actor;
  contentId: string;
  connectionIds: string[];
}
/** What POST /content/{id}/queue answers: the post's place in each connection's queue. */
export type AddToQueueResult = z.output<typeof AddToQueueResultShape>;
export interface RemoveFromQueuePayload {
  actor: Actor;
  contentId: string;
  /** Only this connection's queue; every queue when absent. */
  connectionId?: string;
}
/** Queued posts taken off (the later posts of their queues moved up). */
export type RemoveFromQueueResult = z.output<typeof RemoveFromQueueResultShape>;

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
