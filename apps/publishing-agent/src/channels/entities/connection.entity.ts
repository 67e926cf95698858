import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { ConnectionStatus } from '@mt/messages';

/** A brand's account on a platform. `credentials` is AES-256-GCM ciphertext (see credential-cipher.service.ts). */
@Entity({ name: 'connection' })
@Index('connection_brand_created_idx', ['brandId', 'createdAt'])
export class ConnectionEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'brand_id', type: 'uuid' })
  brandId!: string;

  @Column({ type: 'text' })
  platform!: string;

  @Column({ name: 'display_name', type: 'text' })
  displayName!: string;

  @Column({ type: 'text' })
  status!: ConnectionStatus;

  @Column({ name: 'status_reason', type: 'text', nullable: true })
  statusReason!: string | null;

  @Column({ name: 'account_id', type: 'text', nullable: true })
  accountId!: string | null;

  /** Non-secret settings: instance or site URL, handle, the platform's user id. */
  @Column({ type: 'jsonb', default: () => "'{}'" })
  config!: Record<string, string>;

  /** `v1.<keyId>.<iv>.<tag>.<ciphertext>` (base64url parts); never leaves this agent. */
  @Column({ type: 'text' })
  credentials!: string;

  /** Which key encrypted `credentials`, so a rotation can find what is left to re-encrypt. */
  @Column({ name: 'key_id', type: 'text' })
  keyId!: string;

  @Column({ name: 'expires_at', type: 'timestamptz', nullable: true })
  expiresAt!: Date | null;

  /** Transient refresh failures in a row (reset on success); never disconnects by itself. */
  @Column({ name: 'refresh_failures', type: 'int', default: 0 })
  refreshFailures!: number;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;

  @Column({ name: 'deleted_at', type: 'timestamptz', nullable: true })
  deletedAt!: Date | null;
}
