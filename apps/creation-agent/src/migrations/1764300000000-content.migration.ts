import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Content1764300000000 implements MigrationInterface {
  name = 'Content1764300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE creation.content (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        brand_id uuid NOT NULL,
        campaign_id uuid,
        calendar_entry_id uuid,
        job_id uuid,
        platform text NOT NULL,
        status text NOT NULL DEFAULT 'draft',
        body text NOT NULL,
        hashtags text[] NOT NULL DEFAULT '{}',
        topic text,
        pillar text,
        format text,
        variants jsonb NOT NULL DEFAULT '[]',
        selected_variant_id text,
        version int NOT NULL DEFAULT 1,
        ai_meta jsonb,
        approved_at timestamptz,
        approved_by uuid,
        scheduled_at timestamptz,
        published_at timestamptz,
        external_url text,
        failure jsonb,
        created_by uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        deleted_at timestamptz
      )`);
    // One live content per calendar entry: the entry task's redelivery inserts nothing (ON CONFLICT DO NOTHING).
    await q.query(
      `CREATE UNIQUE INDEX content_entry_live_uq ON creation.content (calendar_entry_id) WHERE calendar_entry_id IS NOT NULL AND deleted_at IS NULL`,
    );
    await q.query(`CREATE UNIQUE INDEX content_job_uq ON creation.content (job_id) WHERE job_id IS NOT NULL`);
    await q.query(`CREATE INDEX content_brand_created_idx ON creation.content (brand_id, created_at)`);
    await q.query(`CREATE INDEX content_campaign_idx ON creation.content (campaign_id)`);
    await q.query(`CREATE INDEX content_created_at_idx ON creation.content (created_at)`);
    await q.query(`
      CREATE TABLE creation.content_version (
        content_id uuid NOT NULL REFERENCES creation.content (id) ON DELETE CASCADE,
        version int NOT NULL,
        body text NOT NULL,
        hashtags text[] NOT NULL DEFAULT '{}',
        author_kind text NOT NULL CHECK (author_kind IN ('ai', 'user')),
        author_id uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (content_id, version)
      )`);
    await q.query(`
      CREATE TABLE creation.planned_entry (
        entry_id uuid PRIMARY KEY,
        campaign_id uuid NOT NULL,
        brand_id uuid NOT NULL,
        platform text NOT NULL,
        topic text NOT NULL,
        pillar text NOT NULL,
        format text NOT NULL,
        framework text NOT NULL,
        scheduled_at timestamptz NOT NULL,
        campaign_name text NOT NULL,
        goal text NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX planned_entry_brand_idx ON creation.planned_entry (brand_id)`);
    await q.query(`CREATE INDEX planned_entry_campaign_idx ON creation.planned_entry (campaign_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE creation.planned_entry`);
    await q.query(`DROP TABLE creation.content_version`);
    await q.query(`DROP TABLE creation.content`);
  }
}
