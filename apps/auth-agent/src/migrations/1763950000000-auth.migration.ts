import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Users and refresh-token families (plain SQL: runs on PostgreSQL and on PGlite alike). */
export class Auth1763950000000 implements MigrationInterface {
  name = 'Auth1763950000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "auth".users (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        email text NOT NULL CHECK (email = lower(email)),
        name text NOT NULL,
        password_hash text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX users_email_key ON "auth".users (email)`);
    await q.query(`
      CREATE TABLE "auth".refresh_tokens (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        family_id uuid NOT NULL,
        user_id uuid NOT NULL REFERENCES "auth".users (id) ON DELETE CASCADE,
        token_hash text NOT NULL,
        expires_at timestamptz NOT NULL,
        used_at timestamptz,
        revoked_at timestamptz,
        replaced_by uuid,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX refresh_tokens_token_hash_key ON "auth".refresh_tokens (token_hash)`);
    await q.query(`CREATE INDEX refresh_tokens_user_id_idx ON "auth".refresh_tokens (user_id)`);
    await q.query(`CREATE INDEX refresh_tokens_family_id_idx ON "auth".refresh_tokens (family_id)`);
    await q.query(`CREATE INDEX refresh_tokens_created_at_idx ON "auth".refresh_tokens (created_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "auth".refresh_tokens`);
    await q.query(`DROP TABLE "auth".users`);
  }
}
