import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { JobProblem, JobStatus } from '@mt/messages';

/**
 * A long-running piece of work a user started (AI generation, planning…). The gateway owns the
 * row (ADR 032): agents do the work and report through job events; the row is what a reloaded
 * page finds again.
 */
@Entity({ name: 'job' })
@Index('job_user_created_idx', ['userId', 'createdAt'])
@Index('job_user_idempotency_key_idx', ['userId', 'idempotencyKey'], { unique: true, where: 'idempotency_key IS NOT NULL' })
export class JobEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Index('job_user_id_idx')
  @Column({ name: 'user_id', type: 'uuid' })
  userId!: string;

  @Index('job_brand_id_idx')
  @Column({ name: 'brand_id', type: 'uuid', nullable: true })
  brandId!: string | null;

  /** The personal access token that started it (null: a session), for the token's AI budget. */
  @Column({ name: 'token_id', type: 'uuid', nullable: true })
  tokenId!: string | null;

  /** What the user asked for, e.g. 'brand.strategy' — shown to clients. */
  @Column({ type: 'text' })
  kind!: string;

  @Column({ type: 'text' })
  status!: JobStatus;

  @Column({ name: 'progress_done', type: 'integer', default: 0 })
  progressDone!: number;

  @Column({ name: 'progress_total', type: 'integer', default: 0 })
  progressTotal!: number;

  /** The task sent to the agent, kept so that a retry sends it again. */
  @Column({ name: 'task_type', type: 'text' })
  taskType!: string;

  @Column({ type: 'text' })
  agent!: string;

  @Column({ name: 'task_payload', type: 'jsonb' })
  taskPayload!: unknown;

  @Column({ type: 'jsonb', nullable: true })
  result!: unknown;

  @Column({ type: 'jsonb', nullable: true })
  error!: JobProblem | null;

  /**
   * The Idempotency-Key of the POST that started it (sha256, as the interceptor scopes it to the
   * user) and that request's fingerprint: the same key sent again after the key-value store lost
   * its record answers this job, or IDEMPOTENCY_KEY_REUSED for another request (ADR 168).
   */
  @Column({ name: 'idempotency_key', type: 'text', nullable: true })
  idempotencyKey!: string | null;

  @Column({ name: 'request_fingerprint', type: 'text', nullable: true })
  requestFingerprint!: string | null;

  /** 1 on launch, +1 per retry; events of an earlier attempt are ignored. */
  @Column({ type: 'integer', default: 1 })
  attempts!: number;

  @Index('job_created_at_idx')
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
