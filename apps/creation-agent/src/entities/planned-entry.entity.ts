import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/**
 * creation-agent's replica of calendar entries, from `campaign.planned`: strategy-agent owns
 * calendars, this is what `POST /content/generate {calendarEntryId}` needs without asking it.
 */
@Entity({ name: 'planned_entry' })
export class PlannedEntryEntity {
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
}
