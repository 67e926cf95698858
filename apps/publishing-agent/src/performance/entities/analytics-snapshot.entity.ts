import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, Unique } from 'typeorm';

/**
 * One post's numbers for one day (that day's increments; a post's totals are the sum of its
 * rows). `post_key` is the schedule item of a real post, or a `sim:` key for simulated ones.
 */
@Entity({ name: 'analytics_snapshot' })
@Unique(['brandId', 'postKey', 'day'])
export class AnalyticsSnapshotEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ name: 'brand_id', type: 'uuid' }) brandId!: string;
  @Column({ name: 'content_id', type: 'uuid', nullable: true }) contentId!: string | null;
  @Column({ name: 'post_key', type: 'text' }) postKey!: string;
  @Column({ type: 'text' }) platform!: string;
  @Column({ name: 'published_at', type: 'timestamptz' }) publishedAt!: Date;
  @Column({ type: 'date' }) day!: string;
  @Column({ type: 'bigint' }) impressions!: string;
  @Column({ type: 'bigint' }) engagements!: string;
  @Column({ type: 'bigint' }) clicks!: string;
  @Column({ type: 'boolean' }) simulated!: boolean;
  @Column({ type: 'text', nullable: true }) topic!: string | null;
  @Column({ type: 'text', nullable: true }) pillar!: string | null;
  @Column({ type: 'text', nullable: true }) format!: string | null;
  @Column({ name: 'captured_at', type: 'timestamptz' }) capturedAt!: Date;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}
