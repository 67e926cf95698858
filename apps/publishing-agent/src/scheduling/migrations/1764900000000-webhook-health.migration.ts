import type { MigrationInterface, QueryRunner } from 'typeorm';

/** A subscription's health: since when its deliveries fail for good, and when it was turned off for it (ADR 086). */
export class WebhookHealth1764900000000 implements MigrationInterface {
  name = 'WebhookHealth1764900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE publishing.webhook_subscription ADD COLUMN failing_since timestamptz, ADD COLUMN disabled_at timestamptz, ADD COLUMN disabled_reason text`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE publishing.webhook_subscription DROP COLUMN failing_since, DROP COLUMN disabled_at, DROP COLUMN disabled_reason`);
  }
}
