import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Compose once, publish to many (ADR 186): a post's targets (one connection each, with its own
 * text, media and time), and on each schedule item the media and text it was placed with, so a
 * target's publication carries its own selection and an edit of the post does not overwrite it.
 */
export class ContentTargets1766400000186 implements MigrationInterface {
  name = 'ContentTargets1766400000186';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE publishing.content_target (
        content_id uuid NOT NULL,
        connection_id uuid NOT NULL,
        brand_id uuid NOT NULL,
        platform text NOT NULL,
        position int NOT NULL,
        body text,
        media_ids jsonb,
        at timestamptz,
        updated_by uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (content_id, connection_id)
      )`);
    await q.query(`CREATE INDEX content_target_brand_idx ON publishing.content_target (brand_id, created_at)`);
    // null: the content's media (every item placed before targets existed, and a target without its own selection).
    await q.query(`ALTER TABLE publishing.schedule_item ADD COLUMN media_ids jsonb`);
    // true: the item carries a target's own text, which an edit of the post's body leaves alone.
    await q.query(`ALTER TABLE publishing.schedule_item ADD COLUMN own_body boolean NOT NULL DEFAULT false`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE publishing.schedule_item DROP COLUMN own_body`);
    await q.query(`ALTER TABLE publishing.schedule_item DROP COLUMN media_ids`);
    await q.query(`DROP TABLE publishing.content_target`);
  }
}
