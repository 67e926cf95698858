import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Links in published posts (ADR 152): a brand's UTM template and its switches, and the short
 * links minted at publish time with their click counters.
 */
export class Links1766200000152 implements MigrationInterface {
  name = 'Links1766200000152';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE publishing.publishing_settings ADD COLUMN utm_enabled boolean NOT NULL DEFAULT false,
         ADD COLUMN utm_template text, ADD COLUMN shorten_links boolean NOT NULL DEFAULT false`,
    );
    await q.query(`
      CREATE TABLE publishing.short_link (
        code text PRIMARY KEY,
        brand_id uuid NOT NULL,
        content_id uuid NOT NULL,
        schedule_item_id uuid NOT NULL,
        url text NOT NULL,
        clicks bigint NOT NULL DEFAULT 0,
        last_clicked_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT short_link_item_url_uq UNIQUE (schedule_item_id, url)
      )`);
    await q.query(`CREATE INDEX short_link_content_idx ON publishing.short_link (content_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE publishing.short_link`);
    await q.query(`ALTER TABLE publishing.publishing_settings DROP COLUMN utm_enabled, DROP COLUMN utm_template, DROP COLUMN shorten_links`);
  }
}
