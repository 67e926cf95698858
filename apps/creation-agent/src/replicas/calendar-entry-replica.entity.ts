import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/**
 * creation-agent's replica of calendar entries, from `campaign.planned` (ADR 173): strategy-agent
 * owns calendars, this is what `POST /content/generate {calendarEntryId}` needs without asking it.
 * A plan carries no version of its entries: the last plan written wins; an entry a new plan
 * replaced is tombstoned (`deleted_at`).
 */
@Entity({ name: 'calendar_entry_replica' })
export class CalendarEntryReplicaEntity {
  @PrimaryColumn({ name: 'entry_id', type: 'uuid' })
  entryId!: string;

  @Column({ name: 'campaign_id', type: 'uuid' })
  campaignId!: string;

  @Column({ name: 'brand_id', type: 'uuid' })
  brandId!: string;

  @Column({ type: 'text' })
  platform!: string;

  @Column({ type: 'text' })
  topic!: string;

  @Column({ type: 'text' })
  pillar!: string;

  @Column({ type: 'text' })
  format!: string;

  @Column({ type: 'text' })
  framework!: string;

  @Column({ name: 'scheduled_at', type: 'timestamptz' })
  scheduledAt!: Date;

  @Column({ name: 'campaign_name', type: 'text' })
  campaignName!: string;

  @Column({ type: 'text' })
  goal!: string;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;

  @Column({ name: 'deleted_at', type: 'timestamptz', nullable: true })
  deletedAt!: Date | null;
}
