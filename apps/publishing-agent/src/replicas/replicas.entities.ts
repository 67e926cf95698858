import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import type { ContentVariant } from '@mt/messages';

/*
 * publishing-agent's replicas (ADR 173): what it keeps of other agents' (and its channels part's)
 * data from their events, so event handlers decide inside their transaction without asking. One
 * rule for all: `<source>_replica`, `source_updated_at` (latest wins), `deleted_at` (tombstone),
 * written only through upsertLatest / tombstone (@mt/replicas).
 */

/** A variant as the performance part reads it (the scheduling part reads the whole ContentVariant). */
export interface CatalogVariant {
  id: string;
  body: string;
  hashtags: string[];
}

/**
 * creation-agent's content (`content.created/updated/approved/deleted`): the scheduling part
 * publishes it, the performance part measures and tests it (topic, pillar, format, variants).
 */
@Entity({ name: 'content_replica' })
export class ContentReplicaEntity {
  @PrimaryColumn({ name: 'content_id', type: 'uuid' }) contentId!: string;
  @Column({ name: 'brand_id', type: 'uuid' }) brandId!: string;
  @Column({ name: 'campaign_id', type: 'uuid', nullable: true }) campaignId!: string | null;
  @Column({ name: 'calendar_entry_id', type: 'uuid', nullable: true }) calendarEntryId!: string | null;
  @Column({ type: 'text' }) platform!: string;
  @Column({ type: 'text' }) status!: string;
  @Column({ type: 'text' }) body!: string;
  @Column({ type: 'jsonb' }) hashtags!: string[];
  @Column({ type: 'jsonb' }) variants!: ContentVariant[];
  @Column({ type: 'text', nullable: true }) topic!: string | null;
  @Column({ type: 'text', nullable: true }) pillar!: string | null;
  @Column({ type: 'text', nullable: true }) format!: string | null;
  @Column({ name: 'approved_at', type: 'timestamptz', nullable: true }) approvedAt!: Date | null;
  /** The content's own updatedAt: an older event never overwrites a newer one. */
  @Column({ name: 'source_updated_at', type: 'timestamptz' }) sourceUpdatedAt!: Date;
  @Column({ name: 'deleted_at', type: 'timestamptz', nullable: true }) deletedAt!: Date | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}

/** A campaign as strategy-agent announced it (`campaign.created/updated/deleted`): ad sets need its brand and dates. */
@Entity({ name: 'campaign_replica' })
export class CampaignReplicaEntity {
  @PrimaryColumn({ type: 'uuid' }) id!: string;
  @Column({ name: 'brand_id', type: 'uuid' }) brandId!: string;
  @Column({ type: 'text' }) name!: string;
  @Column({ name: 'start_date', type: 'date' }) startDate!: string;
  @Column({ name: 'end_date', type: 'date' }) endDate!: string;
  @Column({ type: 'text', array: true }) platforms!: string[];
  @Column({ name: 'source_updated_at', type: 'timestamptz' }) sourceUpdatedAt!: Date;
  @Column({ name: 'deleted_at', type: 'timestamptz', nullable: true }) deletedAt!: Date | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}

/** A calendar entry's planned time (strategy-agent's `campaign.planned`, `calendar.entry.moved`): approval schedules to it. */
@Entity({ name: 'calendar_entry_replica' })
export class CalendarEntryReplicaEntity {
  @PrimaryColumn({ name: 'entry_id', type: 'uuid' }) entryId!: string;
  @Column({ name: 'brand_id', type: 'uuid' }) brandId!: string;
  @Column({ name: 'campaign_id', type: 'uuid' }) campaignId!: string;
  @Column({ type: 'text' }) platform!: string;
  @Column({ name: 'scheduled_at', type: 'timestamptz' }) scheduledAt!: Date;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}

/** A connection's brand, platform and status (the channels part's `connection.changed`), for decisions inside event handlers. */
@Entity({ name: 'connection_replica' })
export class ConnectionReplicaEntity {
  @PrimaryColumn({ name: 'connection_id', type: 'uuid' }) connectionId!: string;
  @Column({ name: 'brand_id', type: 'uuid' }) brandId!: string;
  @Column({ type: 'text' }) platform!: string;
  @Column({ type: 'text' }) status!: string;
  @Column({ name: 'source_updated_at', type: 'timestamptz' }) sourceUpdatedAt!: Date;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}

export const REPLICA_ENTITIES: (abstract new (...args: never[]) => unknown)[] = [
  ContentReplicaEntity,
  CampaignReplicaEntity,
  CalendarEntryReplicaEntity,
  ConnectionReplicaEntity,
];
