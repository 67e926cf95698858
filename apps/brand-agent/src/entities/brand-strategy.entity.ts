import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { BrandStrategyFields } from '@mt/messages';

/** One version of a brand's strategy (generated or edited); never updated. */
@Entity({ name: 'brand_strategy' })
@Index(['brandId', 'version'], { unique: true })
export class BrandStrategyEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ name: 'brand_id', type: 'uuid' }) brandId!: string;
  @Column({ type: 'int' }) version!: number;
  @Column({ type: 'jsonb' }) strategy!: BrandStrategyFields;
  @Column({ type: 'text' }) source!: 'ai' | 'user';
  @Column({ name: 'created_by', type: 'uuid', nullable: true }) createdBy!: string | null;
  @Column({ name: 'job_id', type: 'uuid', nullable: true, unique: true }) jobId!: string | null;
  @Index('brand_strategy_created_at_idx')
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
