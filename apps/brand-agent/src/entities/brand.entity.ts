import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/**
 * The business being marketed. Deleting a brand stamps `deleted_at` (ADR 026): every query of
 * brand-agent reads only rows where it is null, so a deleted brand is "not found" for everyone.
 */
@Entity({ name: 'brand' })
export class BrandEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text', nullable: true })
  industry!: string | null;

  @Column({ type: 'text', nullable: true })
  description!: string | null;

  @Column({ type: 'text', nullable: true })
  website!: string | null;

  @Column({ type: 'text', nullable: true })
  audience!: string | null;

  @Column({ type: 'text', nullable: true })
  tone!: string | null;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  values!: string[];

  @Column({ name: 'banned_words', type: 'text', array: true, default: () => "'{}'" })
  bannedWords!: string[];

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  pillars!: string[];

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  competitors!: string[];

  @Column({ type: 'text', default: 'UTC' })
  timezone!: string;

  @Column({ name: 'created_by', type: 'uuid' })
  createdBy!: string;

  @Index('brand_created_at_idx')
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;

  @Column({ name: 'deleted_at', type: 'timestamptz', nullable: true })
  deletedAt!: Date | null;
}
