import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The gateway's job records (plain SQL: runs on PostgreSQL and on PGlite alike). */
export class Jobs1764000000000 implements MigrationInterface {
  name = 'Jobs1764000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "gateway".job (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL,
        brand_id uuid,
        kind text NOT NULL,
        status text NOT NULL CHECK (status IN ('queued', 'running', 'succeeded', 'failed', 'cancelled')),
        progress_done integer NOT NULL DEFAULT 0,
        progress_total integer NOT NULL DEFAULT 0,
        task_type text NOT NULL,
        agent text NOT NULL,
        task_payload jsonb NOT NULL,
        result jsonb,
        error jsonb,
        attempts integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX job_user_id_idx ON "gateway".job (user_id)`);
    await q.query(`CREATE INDEX job_brand_id_idx ON "gateway".job (brand_id)`);
    await q.query(`CREATE INDEX job_created_at_idx ON "gateway".job (created_at)`);
    // GET /jobs: one user's jobs, newest first, keyset-paginated.
    await q.query(`CREATE INDEX job_user_created_idx ON "gateway".job (user_id, created_at DESC, id DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "gateway".job`);
  }
}
