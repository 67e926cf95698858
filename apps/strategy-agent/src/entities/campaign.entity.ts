import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { CampaignStatus } from '@mt/messages';

@Entity({ name: 'campaign' })
@Index('campaign_brand_created_idx', ['brandId', 'createdAt'])
export class CampaignEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'brand_id', type: 'uuid' })
  brandId!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text' })
  goal!: string;

  @Column({ name: 'start_date', type: 'date' })
  startDate!: string;

  @Column({ name: 'end_date', type: 'date' })
  endDate!: string;

  @Column({ type: 'text', array: true })
  platforms!: string[];

  @Column({ name: 'posts_per_week', type: 'int' })
  postsPerWeek!: number;

  @Column({ type: 'numeric', precision: 12, scale: 2, nullable: true })
  budget!: string | null;

  @Column({ type: 'text' })
  status!: CampaignStatus;

  @Column({ name: 'created_by', type: 'uuid' })
  createdBy!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;

  @Column({ name: 'deleted_at', type: 'timestamptz', nullable: true })
  deletedAt!: Date | null;
}
