import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * The latest measurement of one published post, replicated from publishing-agent's `analytics.updated`
 * (ADR 173). Freshness is `captured_at`, the measurement's own time (data as well, so it keeps its name).
 */
@Entity({ name: 'analytics_replica' })
@Index('analytics_replica_brand_published_idx', ['brandId', 'publishedAt'])
export class AnalyticsReplicaEntity {
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
