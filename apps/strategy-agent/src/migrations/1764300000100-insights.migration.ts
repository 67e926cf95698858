import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Insights1764300000100 implements MigrationInterface {
  name = 'Insights1764300000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE strategy.analytics_snapshot (
        content_id uuid PRIMARY KEY,
        brand_id uuid NOT NULL,
        platform text NOT NULL,
        published_at timestamptz NOT NULL,
        captured_at timestamptz NOT NULL,
        impressions bigint NOT NULL CHECK (impressions >= 0),
        engagements bigint NOT NULL CHECK (engagements >= 0),
        clicks bigint NOT NULL CHECK (clicks >= 0),
        simulated boolean NOT NULL,
        topic text,
        pillar text,
        format text
      )`);
    await q.query(`CREATE INDEX analytics_snapshot_brand_published_idx ON strategy.analytics_snapshot (brand_id, published_at)`);
    await q.query(`
      CREATE TABLE strategy.insight (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        brand_id uuid NOT NULL,
        run_id uuid NOT NULL,
        position int NOT NULL,
        type text NOT NULL,
        category text NOT NULL,
        message text NOT NULL,
        recommendation text NOT NULL,
        evidence jsonb NOT NULL,
        simulated boolean NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (run_id, position)
      )`);
    await q.query(`CREATE INDEX insight_brand_created_idx ON strategy.insight (brand_id, created_at)`);
    await q.query(`CREATE INDEX insight_created_at_idx ON strategy.insight (created_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE strategy.insight`);
    await q.query(`DROP TABLE strategy.analytics_snapshot`);
  }
}
