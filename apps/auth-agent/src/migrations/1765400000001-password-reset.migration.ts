import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Password reset tokens: stored as SHA-256 hashes, single-use, short-lived (ADR 104). */
export class PasswordReset1765400000001 implements MigrationInterface {
  name = 'PasswordReset1765400000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "auth".password_resets (
        token_hash text PRIMARY KEY,
        user_id uuid NOT NULL REFERENCES "auth".users(id) ON DELETE CASCADE,
        expires_at timestamptz NOT NULL,
        used_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX password_resets_user_idx ON "auth".password_resets (user_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "auth".password_resets`);
  }
}
