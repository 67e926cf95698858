import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** Every body a content has had, numbered from 1: generated text, edits and variant selections. */
@Entity({ name: 'content_version' })
export class ContentVersionEntity {
  @PrimaryColumn({ name: 'content_id', type: 'uuid' })
  contentId!: string;

  @PrimaryColumn({ type: 'int' })
  version!: number;

  @Column({ type: 'text' })
  body!: string;

  @Column({ type: 'text', array: true })
  hashtags!: string[];

  @Column({ name: 'author_kind', type: 'text' })
  authorKind!: 'ai' | 'user';

  @Column({ name: 'author_id', type: 'uuid', nullable: true })
  authorId!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
