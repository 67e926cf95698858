import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Invitations to a brand (ADR 115): the address as typed (lower-cased), the role, the SHA-256 of
 * the mailed token (never the token), and when it was accepted, revoked or runs out. Plus an index
 * on the directory's emails, read once per invitation for the in-app notice.
 */
export class Invitations1766000000000 implements MigrationInterface {
  name = 'Invitations1766000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "brand".invitation (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        brand_id uuid NOT NULL REFERENCES "brand".brand (id) ON DELETE CASCADE,
        email text NOT NULL,
        role text NOT NULL CHECK (role IN ('owner', 'editor', 'viewer')),
        token_hash text NOT NULL,
        invited_by uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        accepted_at timestamptz,
        accepted_by uuid,
        revoked_at timestamptz
      )`);
    await q.query(`CREATE UNIQUE INDEX invitation_token_hash_idx ON "brand".invitation (token_hash)`);
    await q.query(`CREATE INDEX invitation_brand_id_idx ON "brand".invitation (brand_id, created_at)`);
    await q.query(`CREATE INDEX invitation_email_idx ON "brand".invitation (email)`);
    await q.query(`CREATE INDEX invitation_created_at_idx ON "brand".invitation (created_at)`);
    await q.query(`CREATE INDEX member_profile_email_idx ON "brand".member_profile (lower(email))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "brand".member_profile_email_idx`);
    await q.query(`DROP TABLE "brand".invitation`);
  }
}
