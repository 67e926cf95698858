import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import type { PlanResult } from '@mt/messages';

/** One committed plan job: a redelivered job finds its result here instead of planning twice. */
@Entity({ name: 'plan_run' })
export class PlanRunEntity {
  @PrimaryColumn({ name: 'job_id', type: 'uuid' })
  jobId!: string;

  @Column({ name: 'campaign_id', type: 'uuid' })
  campaignId!: string;

  @Column({ type: 'jsonb' })
  result!: PlanResult;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
