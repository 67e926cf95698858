import { Column, CreateDateColumn, Entity, PrimaryColumn, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { QueueSlot, ScheduleStatus, WebhookDeliveryStatus } from '@mt/messages';

@Entity({ name: 'publishing_settings' })
export class PublishingSettingsEntity {
  @PrimaryColumn({ name: 'brand_id', type: 'uuid' }) brandId!: string;
  @Column({ name: 'auto_approve', type: 'boolean' }) autoApprove!: boolean;
  @Column({ type: 'text', nullable: true }) timezone!: string | null;
  /** Links in posts get UTM parameters (ADR 152). */
  @Column({ name: 'utm_enabled', type: 'boolean', default: false }) utmEnabled!: boolean;
  /** null: the default template. */
  @Column({ name: 'utm_template', type: 'text', nullable: true }) utmTemplate!: string | null;
  /** Links in posts are replaced with the built-in short links. */
  @Column({ name: 'shorten_links', type: 'boolean', default: false }) shortenLinks!: boolean;
  @Column({ name: 'updated_by', type: 'uuid', nullable: true }) updatedBy!: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}

/** A short link minted when a post went out: `/l/{code}` answers 302 to `url` and counts the click (ADR 152). */
@Entity({ name: 'short_link' })
export class ShortLinkEntity {
  @PrimaryColumn({ type: 'text' }) code!: string;
  @Column({ name: 'brand_id', type: 'uuid' }) brandId!: string;
  @Column({ name: 'content_id', type: 'uuid' }) contentId!: string;
  @Column({ name: 'schedule_item_id', type: 'uuid' }) scheduleItemId!: string;
  /** The full URL, its UTM parameters included. */
  @Column({ type: 'text' }) url!: string;
  @Column({ type: 'bigint' }) clicks!: string;
  @Column({ name: 'last_clicked_at', type: 'timestamptz', nullable: true }) lastClickedAt!: Date | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}

/** One post to one connection at one time: the durable scheduler's unit of work. */
@Entity({ name: 'schedule_item' })
export class ScheduleItemEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ name: 'brand_id', type: 'uuid' }) brandId!: string;
  @Column({ name: 'content_id', type: 'uuid' }) contentId!: string;
  @Column({ name: 'connection_id', type: 'uuid' }) connectionId!: string;
  @Column({ type: 'text' }) platform!: string;
  @Column({ type: 'timestamptz' }) at!: Date;
  @Column({ type: 'text' }) status!: ScheduleStatus;
  /** Next time the scheduler looks at it: its time or retry while waiting, its lease expiry while publishing. */
  @Column({ name: 'due_at', type: 'timestamptz' }) dueAt!: Date;
  @Column({ type: 'int' }) attempts!: number;
  @Column({ name: 'claimed_by', type: 'text', nullable: true }) claimedBy!: string | null;
  /** Set by the claim when the previous attempt may have reached the platform. */
  @Column({ name: 'reconcile_first', type: 'boolean' }) reconcileFirst!: boolean;
  @Column({ name: 'idempotency_key', type: 'text' }) idempotencyKey!: string;
  @Column({ type: 'text' }) body!: string;
  @Column({ type: 'jsonb' }) hashtags!: string[];
  @Column({ name: 'variant_id', type: 'uuid', nullable: true }) variantId!: string | null;
  @Column({ name: 'ab_test_id', type: 'uuid', nullable: true }) abTestId!: string | null;
  @Column({ name: 'external_id', type: 'text', nullable: true }) externalId!: string | null;
  @Column({ type: 'text', nullable: true }) url!: string | null;
  @Column({ name: 'error_code', type: 'text', nullable: true }) errorCode!: string | null;
  @Column({ name: 'error_message', type: 'text', nullable: true }) errorMessage!: string | null;
  @Column({ name: 'published_at', type: 'timestamptz', nullable: true }) publishedAt!: Date | null;
  @Column({ name: 'created_by', type: 'uuid', nullable: true }) createdBy!: string | null;
  /** In its connection's posting queue (ADR 147): the queue may move it to another free slot. */
  @Column({ type: 'boolean', default: false }) queued!: boolean;
  /** A compose-once target's own media (ADR 186); null: the content's media, read at each attempt. */
  @Column({ name: 'media_ids', type: 'jsonb', nullable: true }) mediaIds!: string[] | null;
  /** The body is a target's own text: an edit of the post's body does not replace it. */
  @Column({ name: 'own_body', type: 'boolean', default: false }) ownBody!: boolean;
  /** What the provider kept for the next attempts of this item (TikTok's publish_id, ADR 181); null: nothing. */
  @Column({ name: 'platform_state', type: 'jsonb', nullable: true }) platformState!: Record<string, unknown> | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}

/** A connection's weekly posting slots (ADR 147), wall-clock times in the brand's timezone. */
@Entity({ name: 'queue_schedule' })
export class QueueScheduleEntity {
  @PrimaryColumn({ name: 'connection_id', type: 'uuid' }) connectionId!: string;
  @Column({ name: 'brand_id', type: 'uuid' }) brandId!: string;
  @Column({ type: 'jsonb' }) slots!: QueueSlot[];
  @Column({ name: 'updated_by', type: 'uuid', nullable: true }) updatedBy!: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}

@Entity({ name: 'webhook_subscription' })
export class WebhookSubscriptionEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ name: 'brand_id', type: 'uuid' }) brandId!: string;
  @Column({ type: 'text' }) url!: string;
  @Column({ type: 'text', array: true }) events!: string[];
  /** The signing secret (`whsec_…`), sealed (crypto/webhook-secrets.ts); answered once, at creation. */
  @Column({ type: 'text' }) secret!: string;
  @Column({ name: 'created_by', type: 'uuid', nullable: true }) createdBy!: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @Column({ name: 'deleted_at', type: 'timestamptz', nullable: true }) deletedAt!: Date | null;
  /** Since when every delivery that ended has failed for good; null while the receiver takes them. */
  @Column({ name: 'failing_since', type: 'timestamptz', nullable: true }) failingSince!: Date | null;
  /** Turned off after failing too long, or on a 410 Gone; no deliveries are made until re-enabled. */
  @Column({ name: 'disabled_at', type: 'timestamptz', nullable: true }) disabledAt!: Date | null;
  @Column({ name: 'disabled_reason', type: 'text', nullable: true }) disabledReason!: string | null;
}

@Entity({ name: 'webhook_delivery' })
export class WebhookDeliveryEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ name: 'subscription_id', type: 'uuid' }) subscriptionId!: string;
  @Column({ name: 'brand_id', type: 'uuid' }) brandId!: string;
  /** The `webhook-id` header: the same on every retry and on a replay. */
  @Column({ name: 'message_id', type: 'text' }) messageId!: string;
  /** The mesh event's message id (one delivery per subscription and event). */
  @Column({ name: 'event_id', type: 'text' }) eventId!: string;
  @Column({ name: 'event_type', type: 'text' }) eventType!: string;
  @Column({ type: 'jsonb' }) payload!: { type: string; timestamp: string; data: unknown };
  @Column({ type: 'text' }) status!: WebhookDeliveryStatus;
  @Column({ name: 'due_at', type: 'timestamptz' }) dueAt!: Date;
  @Column({ type: 'int' }) attempts!: number;
  @Column({ name: 'last_status_code', type: 'int', nullable: true }) lastStatusCode!: number | null;
  @Column({ name: 'last_error', type: 'text', nullable: true }) lastError!: string | null;
  @Column({ name: 'delivered_at', type: 'timestamptz', nullable: true }) deliveredAt!: Date | null;
  @Column({ name: 'replay_of', type: 'uuid', nullable: true }) replayOf!: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}

/** Entities of the scheduling part of publishing-agent. */
export const SCHEDULING_ENTITIES: (abstract new (...args: never[]) => unknown)[] = [
  PublishingSettingsEntity,
  ShortLinkEntity,
  ScheduleItemEntity,
  QueueScheduleEntity,
  WebhookSubscriptionEntity,
  WebhookDeliveryEntity,
];
