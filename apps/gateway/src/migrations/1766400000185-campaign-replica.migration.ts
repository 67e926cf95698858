import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The gateway's replica of strategy-agent's campaigns, reduced to what the plan route checks: the
 * brand a campaign belongs to (ADR 185). Kept from campaign.created/updated/deleted; a deletion is
 * a tombstone (ADR 173). No backfill: a campaign the gateway has not heard of is asked of
 * strategy-agent, whose answer fills the row.
 */
export class CampaignReplica1766400000185 implements MigrationInterface {
  name = 'CampaignReplica1766400000185';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "gateway".campaign_replica (
        id uuid PRIMARY KEY,
        brand_id uuid NOT NULL,
        source_updated_at timestamptz NOT NULL,
        deleted_at timestamptz
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "gateway".campaign_replica`);
  }
}
