import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

export interface CatalogVariant {
  id: string;
  body: string;
  hashtags: string[];
}

/** What publishing-agent knows of a piece of content (creation-agent's events): enough to measure and test it. */
@Entity({ name: 'content_catalog' })
export class ContentCatalogEntity {
  @PrimaryColumn({ name: 'content_id', type: 'uuid' }) contentId!: string;
  @Column({ name: 'brand_id', type: 'uuid' }) brandId!: string;
  @Column({ name: 'campaign_id', type: 'uuid', nullable: true }) campaignId!: string | null;
  @Column({ type: 'text' }) platform!: string;
  @Column({ type: 'text' }) status!: string;
  @Column({ type: 'text' }) body!: string;
  @Column({ type: 'text', nullable: true }) topic!: string | null;
  @Column({ type: 'text', nullable: true }) pillar!: string | null;
  @Column({ type: 'text', nullable: true }) format!: string | null;
  @Column({ type: 'jsonb' }) variants!: CatalogVariant[];
  @Column({ type: 'boolean' }) deleted!: boolean;
  /** The content's own updatedAt: an older event never overwrites a newer one. */
  @Column({ name: 'source_updated_at', type: 'timestamptz' }) sourceUpdatedAt!: Date;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}
