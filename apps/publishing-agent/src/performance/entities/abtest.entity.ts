import { Column, CreateDateColumn, Entity, PrimaryColumn, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { AbTestStatus } from '@mt/messages';

/** Two variants of one piece published at comparable slots (ADR 081), compared on engagement rate. */
@Entity({ name: 'abtest' })
export class AbTestEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ name: 'brand_id', type: 'uuid' }) brandId!: string;
  @Column({ name: 'content_id', type: 'uuid' }) contentId!: string;
  @Column({ name: 'connection_id', type: 'uuid' }) connectionId!: string;
  @Column({ type: 'text' }) platform!: string;
  @Column({ type: 'text' }) status!: AbTestStatus;
  @Column({ name: 'winner_variant_id', type: 'text', nullable: true }) winnerVariantId!: string | null;
  @Column({ name: 'decided_by', type: 'text', nullable: true }) decidedBy!: 'probability' | 'sample' | null;
  @Column({ name: 'probability_winner', type: 'numeric', precision: 6, scale: 5, nullable: true }) probabilityWinner!: string | null;
  @Column({ name: 'concluded_at', type: 'timestamptz', nullable: true }) concludedAt!: Date | null;
  @Column({ name: 'created_by', type: 'uuid' }) createdBy!: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}

@Entity({ name: 'abtest_variant' })
export class AbTestVariantEntity {
  @PrimaryColumn({ name: 'abtest_id', type: 'uuid' }) abTestId!: string;
  @PrimaryColumn({ type: 'text' }) label!: 'A' | 'B';
  @Column({ name: 'variant_id', type: 'text' }) variantId!: string;
  @Column({ name: 'slot_at', type: 'timestamptz' }) slotAt!: Date;
  /** The schedule item of this variant's post: its snapshots carry it as post_key. */
  @Column({ name: 'schedule_id', type: 'uuid', nullable: true }) scheduleId!: string | null;
}
