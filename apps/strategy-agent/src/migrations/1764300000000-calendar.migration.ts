import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Calendar1764300000000 implements MigrationInterface {
  name = 'Calendar1764300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE strategy.calendar_entry (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        campaign_id uuid NOT NULL REFERENCES strategy.campaign (id),
        brand_id uuid NOT NULL,
        date date NOT NULL,
        time text NOT NULL CHECK (time ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'),
        timezone text NOT NULL,
        scheduled_at timestamptz NOT NULL,
        platform text NOT NULL,
        topic text NOT NULL,
        pillar text NOT NULL,
        format text NOT NULL,
        framework text NOT NULL,
        status text NOT NULL DEFAULT 'planned'
          CHECK (status IN ('planned', 'drafted', 'approved', 'scheduled', 'published', 'failed')),
        content_id uuid,
        content_updated_at timestamptz,
        generation_error jsonb,
        plan_job_id uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX calendar_entry_campaign_at_idx ON strategy.calendar_entry (campaign_id, scheduled_at)`);
    await q.query(`CREATE INDEX calendar_entry_brand_at_idx ON strategy.calendar_entry (brand_id, scheduled_at)`);
    await q.query(`CREATE INDEX calendar_entry_content_idx ON strategy.calendar_entry (content_id) WHERE content_id IS NOT NULL`);
    await q.query(`CREATE INDEX calendar_entry_created_at_idx ON strategy.calendar_entry (created_at)`);
    await q.query(`
      CREATE TABLE strategy.plan_run (
        job_id uuid PRIMARY KEY,
        campaign_id uuid NOT NULL,
        result jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX plan_run_campaign_idx ON strategy.plan_run (campaign_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE strategy.plan_run`);
    await q.query(`DROP TABLE strategy.calendar_entry`);
  }
}
