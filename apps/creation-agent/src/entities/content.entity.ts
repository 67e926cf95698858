import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { AiMeta, ContentStatus, ContentVariant } from '@mt/messages';

@Entity({ name: 'content' })
@Index('content_brand_created_idx', ['brandId', 'createdAt'])
export class ContentEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'brand_id', type: 'uuid' })
  brandId!: string;

  @Column({ name: 'campaign_id', type: 'uuid', nullable: true })
  campaignId!: string | null;

  /** At most one live content per calendar entry (partial unique index): a redelivery writes nothing twice. */
  @Column({ name: 'calendar_entry_id', type: 'uuid', nullable: true })
  calendarEntryId!: string | null;

  /** The job that last wrote this content's variants: a repeated commit of that job changes nothing. */
  @Column({ name: 'job_id', type: 'uuid', nullable: true })
  jobId!: string | null;

  @Column({ type: 'text' })
  platform!: string;

  @Column({ type: 'text' })
  status!: ContentStatus;

  @Column({ type: 'text' })
  body!: string;

  @Column({ type: 'text', array: true })
  hashtags!: string[];

  @Column({ type: 'text', nullable: true })
  topic!: string | null;

  @Column({ type: 'text', nullable: true })
  pillar!: string | null;

  @Column({ type: 'text', nullable: true })
  format!: string | null;

  @Column({ type: 'jsonb' })
  variants!: ContentVariant[];

  @Column({ name: 'selected_variant_id', type: 'text', nullable: true })
  selectedVariantId!: string | null;

  @Column({ type: 'int' })
  version!: number;

  @Column({ name: 'ai_meta', type: 'jsonb', nullable: true })
  aiMeta!: AiMeta | null;

  @Column({ name: 'approved_at', type: 'timestamptz', nullable: true })
  approvedAt!: Date | null;

  @Column({ name: 'approved_by', type: 'uuid', nullable: true })
  approvedBy!: string | null;

  /** The open review request (ADR 142): whom it asks, who asked, when, and their note; all null when none. */
  @Column({ name: 'review_reviewer_id', type: 'uuid', nullable: true })
  reviewReviewerId!: string | null;

  @Column({ name: 'review_requested_by', type: 'uuid', nullable: true })
  reviewRequestedBy!: string | null;

  @Column({ name: 'review_requested_at', type: 'timestamptz', nullable: true })
  reviewRequestedAt!: Date | null;

  @Column({ name: 'review_note', type: 'text', nullable: true })
  reviewNote!: string | null;

  @Column({ name: 'scheduled_at', type: 'timestamptz', nullable: true })
  scheduledAt!: Date | null;

  @Column({ name: 'published_at', type: 'timestamptz', nullable: true })
  publishedAt!: Date | null;

  @Column({ name: 'external_url', type: 'text', nullable: true })
  externalUrl!: string | null;

  @Column({ type: 'jsonb', nullable: true })
  failure!: { code: string; message: string; at: string } | null;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;

  @Column({ name: 'deleted_at', type: 'timestamptz', nullable: true })
  deletedAt!: Date | null;
}
