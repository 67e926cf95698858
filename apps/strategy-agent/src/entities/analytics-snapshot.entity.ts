import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** The latest measurement of one published post, replicated from publishing-agent's `analytics.updated`. */
@Entity({ name: 'analytics_snapshot' })
@Index('analytics_snapshot_brand_published_idx', ['brandId', 'publishedAt'])
export class AnalyticsSnapshotEntity {
  @PrimaryColumn({ name: 'content_id', type: 'uuid' })
  contentId!: string;

  @Column({ name: 'brand_id', type: 'uuid' })
  brandId!: string;

  @Column({ type: 'text' })
  platform!: string;

  @Column({ name: 'published_at', type: 'timestamptz' })
  publishedAt!: Date;

  @Column({ name: 'captured_at', type: 'timestamptz' })
  capturedAt!: Date;

  @Column({ type: 'bigint' })
  impressions!: string;

  @Column({ type: 'bigint' })
  engagements!: string;

  @Column({ type: 'bigint' })
  clicks!: string;

  @Column({ type: 'boolean' })
  simulated!: boolean;

  @Column({ type: 'text', nullable: true })
  topic!: string | null;

  @Column({ type: 'text', nullable: true })
  pillar!: string | null;

  @Column({ type: 'text', nullable: true })
  format!: string | null;
}
