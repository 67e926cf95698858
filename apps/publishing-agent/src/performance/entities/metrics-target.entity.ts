import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** A published post whose numbers are fetched from its platform on a schedule (next_fetch_at null: done). */
@Entity({ name: 'metrics_target' })
export class MetricsTargetEntity {
  @PrimaryColumn({ name: 'schedule_id', type: 'uuid' }) scheduleId!: string;
  @Column({ name: 'brand_id', type: 'uuid' }) brandId!: string;
  @Column({ name: 'content_id', type: 'uuid' }) contentId!: string;
  @Column({ name: 'connection_id', type: 'uuid' }) connectionId!: string;
  @Column({ type: 'text' }) platform!: string;
  @Column({ name: 'external_id', type: 'text' }) externalId!: string;
  @Column({ name: 'published_at', type: 'timestamptz' }) publishedAt!: Date;
  @Column({ name: 'next_fetch_at', type: 'timestamptz', nullable: true }) nextFetchAt!: Date | null;
  @Column({ type: 'int' }) fetches!: number;
  @Column({ name: 'last_error', type: 'text', nullable: true }) lastError!: string | null;
  /** The platform's cumulative numbers at the last fetch. */
  @Column({ type: 'bigint' }) impressions!: string;
  @Column({ type: 'bigint' }) engagements!: string;
  @Column({ type: 'bigint' }) clicks!: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}
