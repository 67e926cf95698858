import type { MigrationInterface, QueryRunner } from 'typeorm';

/** analytics_snapshot → analytics_replica (ADR 173): a rename, every row kept. */
export class AnalyticsReplica1766300000173 implements MigrationInterface {
  name = 'AnalyticsReplica1766300000173';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE strategy.analytics_snapshot RENAME TO analytics_replica`);
    await q.query(`ALTER INDEX strategy.analytics_snapshot_pkey RENAME TO analytics_replica_pkey`);
    await q.query(`ALTER INDEX strategy.analytics_snapshot_brand_published_idx RENAME TO analytics_replica_brand_published_idx`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER INDEX strategy.analytics_replica_brand_published_idx RENAME TO analytics_snapshot_brand_published_idx`);
    await q.query(`ALTER INDEX strategy.analytics_replica_pkey RENAME TO analytics_snapshot_pkey`);
    await q.query(`ALTER TABLE strategy.analytics_replica RENAME TO analytics_snapshot`);
  }
}
