import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** One finding of an insights run; the newest run of a brand is what `GET /brands/{id}/insights` shows. */
@Entity({ name: 'insight' })
@Index('insight_brand_created_idx', ['brandId', 'createdAt'])
export class InsightEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'brand_id', type: 'uuid' })
  brandId!: string;

  /** The job that produced the run (one run per job). */
  @Column({ name: 'run_id', type: 'uuid' })
  runId!: string;

  @Column({ type: 'int' })
  position!: number;

  @Column({ type: 'text' })
  type!: string;

  @Column({ type: 'text' })
  category!: string;

  @Column({ type: 'text' })
  message!: string;

  @Column({ type: 'text' })
  recommendation!: string;

  @Column({ type: 'jsonb' })
  evidence!: Record<string, unknown>;

  @Column({ type: 'boolean' })
  simulated!: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
