import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A personal access token's own monthly AI budget, and the token each job was started with, so the
 * gateway can sum what a token's jobs cost this month before it starts another (ADR 117 addendum).
 */
export class TokenAiBudget1766200000155 implements MigrationInterface {
  name = 'TokenAiBudget1766200000155';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "gateway".personal_access_token ADD COLUMN ai_budget_usd numeric(12,2)`);
    await q.query(`ALTER TABLE "gateway".job ADD COLUMN token_id uuid`);
    await q.query(`CREATE INDEX job_token_created_idx ON "gateway".job (token_id, created_at) WHERE token_id IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "gateway".job_token_created_idx`);
    await q.query(`ALTER TABLE "gateway".job DROP COLUMN token_id`);
    await q.query(`ALTER TABLE "gateway".personal_access_token DROP COLUMN ai_budget_usd`);
  }
}
