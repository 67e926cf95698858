import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { AiMeta, InboxIntent, InboxMessageStatus, InboxSentiment } from '@mt/messages';

/** A customer's message to a brand, its AI draft and the reply sent. */
@Entity({ name: 'inbox_message' })
export class InboxMessageEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ name: 'brand_id', type: 'uuid' }) brandId!: string;
  @Column({ type: 'text' }) channel!: string;
  @Column({ type: 'text' }) author!: string;
  @Column({ type: 'text' }) body!: string;
  @Column({ type: 'text' }) status!: InboxMessageStatus;
  @Column({ type: 'text', nullable: true }) intent!: InboxIntent | null;
  @Column({ type: 'text', nullable: true }) sentiment!: InboxSentiment | null;
  @Column({ type: 'text', nullable: true }) draft!: string | null;
  @Column({ name: 'draft_meta', type: 'jsonb', nullable: true }) draftMeta!: AiMeta | null;
  @Column({ name: 'reply_body', type: 'text', nullable: true }) replyBody!: string | null;
  @Column({ name: 'replied_by', type: 'uuid', nullable: true }) repliedBy!: string | null;
  @Column({ name: 'replied_at', type: 'timestamptz', nullable: true }) repliedAt!: Date | null;
  /** Set for messages that came through a channel's inbound webhook; external_id is its webhook-id. */
  @Column({ name: 'connection_id', type: 'uuid', nullable: true }) connectionId!: string | null;
  @Column({ name: 'external_id', type: 'text', nullable: true }) externalId!: string | null;
  @Column({ name: 'received_at', type: 'timestamptz' }) receivedAt!: Date;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}
