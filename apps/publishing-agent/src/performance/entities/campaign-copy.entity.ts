import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** A campaign as strategy-agent announced it: ad sets need its brand and dates. */
@Entity({ name: 'campaign_copy' })
export class CampaignCopyEntity {
  @PrimaryColumn({ type: 'uuid' }) id!: string;
  @Column({ name: 'brand_id', type: 'uuid' }) brandId!: string;
  @Column({ type: 'text' }) name!: string;
  @Column({ name: 'start_date', type: 'date' }) startDate!: string;
  @Column({ name: 'end_date', type: 'date' }) endDate!: string;
  @Column({ type: 'text', array: true }) platforms!: string[];
  @Column({ type: 'boolean' }) deleted!: boolean;
  @Column({ name: 'source_updated_at', type: 'timestamptz' }) sourceUpdatedAt!: Date;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}
