import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn, type ValueTransformer } from 'typeorm';

export type AiLogOutcome = 'succeeded' | 'failed' | 'cached' | 'refused';

/** numeric comes back from pg as a string; money stays exact in the database and is a number in code. */
export const numericTransformer: ValueTransformer = {
  to: (v: number | null | undefined) => v,
  from: (v: string | null) => (v === null ? null : Number(v)),
};

/** One row per attempt of an AI call (and one per cache hit or refusal): the audit trail of spend. */
@Entity({ schema: 'ai', name: 'ai_log' })
@Index('ai_log_brand_id_idx', ['brandId'])
@Index('ai_log_created_at_idx', ['createdAt'])
export class AiLogEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'text' })
  agent!: string;

  @Column({ type: 'text' })
  task!: string;

  @Column({ name: 'brand_id', type: 'text' })
  brandId!: string;

  @Column({ name: 'job_id', type: 'text', nullable: true })
  jobId!: string | null;

  @Column({ type: 'text' })
  provider!: string;

  @Column({ type: 'text' })
  model!: string;

  @Column({ type: 'int' })
  attempt!: number;

  @Column({ name: 'tokens_in', type: 'int' })
  tokensIn!: number;

  @Column({ name: 'tokens_out', type: 'int' })
  tokensOut!: number;

  @Column({ name: 'latency_ms', type: 'int' })
  latencyMs!: number;

  @Column({ name: 'cost_usd', type: 'numeric', precision: 14, scale: 8, transformer: numericTransformer })
  costUsd!: number;

  @Column({ type: 'text' })
  outcome!: AiLogOutcome;

  @Column({ name: 'error_code', type: 'text', nullable: true })
  errorCode!: string | null;

  @Column({ name: 'injection_flag', type: 'boolean' })
  injectionFlag!: boolean;

  @Column({ type: 'text', nullable: true })
  prompt!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

/** A brand's monthly AI budget in USD. No row: no limit. */
@Entity({ schema: 'ai', name: 'ai_budget' })
export class AiBudgetEntity {
  @PrimaryColumn({ name: 'brand_id', type: 'text' })
  brandId!: string;

  @Column({ name: 'monthly_limit_usd', type: 'numeric', precision: 12, scale: 4, transformer: numericTransformer })
  monthlyLimitUsd!: number;
}

/** Validated answers by sha256(task, inputs, idempotency key). */
@Entity({ schema: 'ai', name: 'ai_cache' })
export class AiCacheEntity {
  @PrimaryColumn({ type: 'text' })
  key!: string;

  @Column({ type: 'text' })
  task!: string;

  @Column({ type: 'jsonb' })
  result!: unknown;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

export const AI_ENTITIES = [AiLogEntity, AiBudgetEntity, AiCacheEntity];
