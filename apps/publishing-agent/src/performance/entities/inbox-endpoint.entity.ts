import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** The inbound webhook of one connection and the secret its sender signs with (ADR 083). */
@Entity({ name: 'inbox_endpoint' })
export class InboxEndpointEntity {
  @PrimaryColumn({ name: 'connection_id', type: 'uuid' }) connectionId!: string;
  @Column({ name: 'brand_id', type: 'uuid' }) brandId!: string;
  @Column({ type: 'text' }) channel!: string;
  @Column({ type: 'text' }) secret!: string;
  @Column({ name: 'created_by', type: 'uuid' }) createdBy!: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}
