import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * In-app notifications. A row is either one user's (user_id) or brand-wide (brand_id, user_id
 * null: every member sees it); who has read what is kept per user in notification_read, so a
 * brand-wide notification is read by each member on their own.
 */
export class Notifications1764600000000 implements MigrationInterface {
  name = 'Notifications1764600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "gateway".notification (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid,
        brand_id uuid,
        kind text NOT NULL,
        title text NOT NULL,
        body text NOT NULL,
        link text,
        data jsonb NOT NULL DEFAULT '{}',
        dedupe_key text NOT NULL UNIQUE,
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK (user_id IS NOT NULL OR brand_id IS NOT NULL)
      )`);
    await q.query(`CREATE INDEX notification_user_created_idx ON "gateway".notification (user_id, created_at DESC)`);
    await q.query(`CREATE INDEX notification_brand_created_idx ON "gateway".notification (brand_id, created_at DESC)`);
    await q.query(`CREATE INDEX notification_created_at_idx ON "gateway".notification (created_at)`);
    await q.query(`
      CREATE TABLE "gateway".notification_read (
        notification_id uuid NOT NULL REFERENCES "gateway".notification (id) ON DELETE CASCADE,
        user_id uuid NOT NULL,
        read_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (notification_id, user_id)
      )`);
    await q.query(`CREATE INDEX notification_read_user_id_idx ON "gateway".notification_read (user_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "gateway".notification_read`);
    await q.query(`DROP TABLE "gateway".notification`);
  }
}
