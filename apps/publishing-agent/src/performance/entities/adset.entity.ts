import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { AdSetStatus, PacingFlag } from '@mt/messages';

/** An ad set of a campaign: budgets, status and the pacing flags its spend raised. */
@Entity({ name: 'adset' })
export class AdSetEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ name: 'campaign_id', type: 'uuid' }) campaignId!: string;
  @Column({ name: 'brand_id', type: 'uuid' }) brandId!: string;
  @Column({ type: 'text' }) name!: string;
  @Column({ type: 'text' }) platform!: string;
  @Column({ name: 'daily_budget', type: 'numeric', precision: 12, scale: 2 }) dailyBudget!: string;
  @Column({ name: 'total_budget', type: 'numeric', precision: 12, scale: 2 }) totalBudget!: string;
  @Column({ name: 'start_date', type: 'date', nullable: true }) startDate!: string | null;
  @Column({ name: 'end_date', type: 'date', nullable: true }) endDate!: string | null;
  @Column({ type: 'text' }) status!: AdSetStatus;
  @Column({ type: 'jsonb' }) flags!: PacingFlag[];
  @Column({ name: 'created_by', type: 'uuid' }) createdBy!: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}

/** One recorded spend (many per day are summed). */
@Entity({ name: 'adset_spend' })
export class AdSetSpendEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ name: 'adset_id', type: 'uuid' }) adSetId!: string;
  @Column({ type: 'date' }) day!: string;
  @Column({ type: 'numeric', precision: 12, scale: 2 }) amount!: string;
  @Column({ name: 'recorded_by', type: 'uuid' }) recordedBy!: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}
