import { Column, CreateDateColumn, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

/** An in-app notification: one user's (userId), or brand-wide (brandId only: every member sees it). */
@Entity({ name: 'notification' })
export class NotificationEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ name: 'user_id', type: 'uuid', nullable: true }) userId!: string | null;
  @Column({ name: 'brand_id', type: 'uuid', nullable: true }) brandId!: string | null;
  @Column({ type: 'text' }) kind!: string;
  @Column({ type: 'text' }) title!: string;
  @Column({ type: 'text' }) body!: string;
  /** Where the web app takes the user (a path of the app, or an API resource). */
  @Column({ type: 'text', nullable: true }) link!: string | null;
  @Column({ type: 'jsonb' }) data!: Record<string, unknown>;
  /** One notification per fact, however often its event is delivered. */
  @Column({ name: 'dedupe_key', type: 'text', unique: true }) dedupeKey!: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}

/** Who has read a notification, and when. */
@Entity({ name: 'notification_read' })
export class NotificationReadEntity {
  @PrimaryColumn({ name: 'notification_id', type: 'uuid' }) notificationId!: string;
  @PrimaryColumn({ name: 'user_id', type: 'uuid' }) userId!: string;
  @Column({ name: 'read_at', type: 'timestamptz' }) readAt!: Date;
}
