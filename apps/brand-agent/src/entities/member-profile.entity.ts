import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/**
 * What brand-agent knows of a user to show them in a members list: auth-agent owns users, and
 * agents never read each other's tables, so brand-agent keeps the email and name it was told
 * (by auth-agent's lookup answer, its `user.registered` event, or the gateway's verified token).
 */
@Entity({ name: 'member_profile' })
export class MemberProfileEntity {
  @PrimaryColumn({ name: 'user_id', type: 'uuid' })
  userId!: string;

  @Column({ type: 'text' })
  email!: string;

  @Column({ type: 'text', nullable: true })
  name!: string | null;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
