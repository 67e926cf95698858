import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Brands, memberships and the member directory (plain SQL: runs on PostgreSQL and on PGlite alike). */
export class Brands1764100000000 implements MigrationInterface {
  name = 'Brands1764100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "brand".brand (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL,
        industry text,
        description text,
        website text,
        audience text,
        tone text,
        "values" text[] NOT NULL DEFAULT '{}',
        banned_words text[] NOT NULL DEFAULT '{}',
        pillars text[] NOT NULL DEFAULT '{}',
        competitors text[] NOT NULL DEFAULT '{}',
        timezone text NOT NULL DEFAULT 'UTC',
        created_by uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        deleted_at timestamptz
      )`);
    await q.query(`CREATE INDEX brand_created_at_idx ON "brand".brand (created_at)`);

    // The primary key is the unique (brand_id, user_id) pair and serves brand_id lookups.
    await q.query(`
      CREATE TABLE "brand".membership (
        brand_id uuid NOT NULL REFERENCES "brand".brand (id) ON DELETE CASCADE,
        user_id uuid NOT NULL,
        role text NOT NULL CHECK (role IN ('owner', 'editor', 'viewer')),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (brand_id, user_id)
      )`);
    await q.query(`CREATE INDEX membership_user_id_idx ON "brand".membership (user_id)`);
    await q.query(`CREATE INDEX membership_created_at_idx ON "brand".membership (created_at)`);

    await q.query(`
      CREATE TABLE "brand".member_profile (
        user_id uuid PRIMARY KEY,
        email text NOT NULL,
        name text,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "brand".member_profile`);
    await q.query(`DROP TABLE "brand".membership`);
    await q.query(`DROP TABLE "brand".brand`);
  }
}
