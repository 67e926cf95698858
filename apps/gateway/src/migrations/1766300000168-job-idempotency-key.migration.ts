import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The Idempotency-Key (hashed) and request fingerprint of the POST that started a job, unique per
 * user: a job-starting POST sent again after the key-value store lost its record of the key answers
 * the first job instead of starting a second (ADR 168).
 */
export class JobIdempotencyKey1766300000168 implements MigrationInterface {
  name = 'JobIdempotencyKey1766300000168';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "gateway".job ADD COLUMN idempotency_key text, ADD COLUMN request_fingerprint text`);
    await q.query(`CREATE UNIQUE INDEX job_user_idempotency_key_idx ON "gateway".job (user_id, idempotency_key) WHERE idempotency_key IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "gateway".job_user_idempotency_key_idx`);
    await q.query(`ALTER TABLE "gateway".job DROP COLUMN request_fingerprint, DROP COLUMN idempotency_key`);
  }
}
