import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Personal access tokens (ADR 117): kept by the gateway, which checks them on every request, as it
 * checks access tokens. Only the SHA-256 of a token is stored, with its shown prefix.
 */
export class PersonalAccessTokens1766000000100 implements MigrationInterface {
  name = 'PersonalAccessTokens1766000000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "gateway".personal_access_token (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL,
        email text NOT NULL,
        name text NOT NULL,
        prefix text NOT NULL,
        token_hash text NOT NULL,
        scopes text[] NOT NULL,
        brand_ids uuid[],
        expires_at timestamptz,
        last_used_at timestamptz,
        revoked_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX personal_access_token_hash_idx ON "gateway".personal_access_token (token_hash)`);
    await q.query(`CREATE INDEX personal_access_token_user_id_idx ON "gateway".personal_access_token (user_id, created_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "gateway".personal_access_token`);
  }
}
