import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What a provider keeps between the attempts of one schedule item (ADR 181): TikTok's
 * `publish_id`, written before the call that may make the post completes, so reconcile-before-retry
 * can ask TikTok about that very publish. Null: nothing kept (every other platform).
 */
export class PlatformState1766500000181 implements MigrationInterface {
  name = 'PlatformState1766500000181';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE publishing.schedule_item ADD COLUMN platform_state jsonb`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE publishing.schedule_item DROP COLUMN platform_state`);
  }
}
