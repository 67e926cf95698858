import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The media library (ADR 159): one row per stored image or video of a brand (its bytes live in
 * the blob store under `storage_key`), and the media each post carries, in order.
 */
export class Media1766200000159 implements MigrationInterface {
  name = 'Media1766200000159';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE publishing.media (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        brand_id uuid NOT NULL,
        kind text NOT NULL CHECK (kind IN ('image', 'video')),
        mime_type text NOT NULL,
        file_name text NOT NULL,
        bytes bigint NOT NULL CHECK (bytes > 0),
        width int,
        height int,
        duration_s double precision,
        codec text,
        alt_text text,
        focus_x double precision,
        focus_y double precision,
        storage_key text NOT NULL,
        created_by uuid,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX media_brand_created_idx ON publishing.media (brand_id, created_at DESC, id DESC)`);
    await q.query(`
      CREATE TABLE publishing.content_media (
        content_id uuid NOT NULL,
        position int NOT NULL,
        media_id uuid NOT NULL REFERENCES publishing.media (id),
        brand_id uuid NOT NULL,
        PRIMARY KEY (content_id, position)
      )`);
    await q.query(`CREATE INDEX content_media_media_idx ON publishing.content_media (media_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE publishing.content_media`);
    await q.query(`DROP TABLE publishing.media`);
  }
}
