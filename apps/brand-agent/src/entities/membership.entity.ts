import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { BrandRole } from '@mt/messages';

/**
 * A user's role on a brand. The primary key (brand_id, user_id) is the unique pair and also the
 * brand_id index (its leading column): "members of a brand" and "role of a user on a brand" both
 * use it; `user_id` has its own index for "my brands".
 */
@Entity({ name: 'membership' })
export class MembershipEntity {
  @PrimaryColumn({ name: 'brand_id', type: 'uuid' })
  brandId!: string;

  @Index('membership_user_id_idx')
  @PrimaryColumn({ name: 'user_id', type: 'uuid' })
  userId!: string;

  @Column({ type: 'text' })
  role!: BrandRole;

  @Index('membership_created_at_idx')
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
