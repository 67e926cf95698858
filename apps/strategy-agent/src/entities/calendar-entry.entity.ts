import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { CalendarEntryStatus } from '@mt/messages';

@Entity({ name: 'calendar_entry' })
@Index('calendar_entry_campaign_at_idx', ['campaignId', 'scheduledAt'])
@Index('calendar_entry_brand_at_idx', ['brandId', 'scheduledAt'])
export class CalendarEntryEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'campaign_id', type: 'uuid' })
  campaignId!: string;

  @Column({ name: 'brand_id', type: 'uuid' })
  brandId!: string;

  /** Local date and time in `timezone`, as planned or moved. */
  @Column({ type: 'date' })
  date!: string;

  @Column({ type: 'text' })
  time!: string;

  @Column({ type: 'text' })
  timezone!: string;

  @Column({ name: 'scheduled_at', type: 'timestamptz' })
  scheduledAt!: Date;

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

  @Column({ type: 'text' })
  status!: CalendarEntryStatus;

  @Column({ name: 'content_id', type: 'uuid', nullable: true })
  contentId!: string | null;

  /** updatedAt of the content snapshot last applied: an older event arriving late changes nothing. */
  @Column({ name: 'content_updated_at', type: 'timestamptz', nullable: true })
  contentUpdatedAt!: Date | null;

  @Column({ name: 'generation_error', type: 'jsonb', nullable: true })
  generationError!: { code: string; message: string; at: string } | null;

  @Column({ name: 'plan_job_id', type: 'uuid', nullable: true })
  planJobId!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
