import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The campaigns' platforms: a simulation without known content posts where the brand's campaigns do. */
export class PerformanceCampaignPlatforms1764600000001 implements MigrationInterface {
  name = 'PerformanceCampaignPlatforms1764600000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE publishing.campaign_copy ADD COLUMN platforms text[] NOT NULL DEFAULT '{}'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE publishing.campaign_copy DROP COLUMN platforms`);
  }
}
