import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Campaigns1764200000000 implements MigrationInterface {
  name = 'Campaigns1764200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE strategy.campaign (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        brand_id uuid NOT NULL,
        name text NOT NULL,
        goal text NOT NULL,
        start_date date NOT NULL,
        end_date date NOT NULL,
        platforms text[] NOT NULL,
        posts_per_week int NOT NULL CHECK (posts_per_week BETWEEN 1 AND 21),
        budget numeric(12, 2) CHECK (budget IS NULL OR budget >= 0),
        status text NOT NULL DEFAULT 'draft',
        created_by uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        deleted_at timestamptz,
        CHECK (end_date >= start_date)
      )`);
    await q.query(`CREATE INDEX campaign_brand_created_idx ON strategy.campaign (brand_id, created_at)`);
    await q.query(`CREATE INDEX campaign_created_at_idx ON strategy.campaign (created_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE strategy.campaign`);
  }
}
