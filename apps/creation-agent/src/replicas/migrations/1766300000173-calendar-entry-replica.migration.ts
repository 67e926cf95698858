import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * planned_entry → calendar_entry_replica (ADR 173), every row kept, with a `deleted_at` tombstone
 * for entries a new plan replaced (they were deleted outright before: none is left to mark).
 */
export class CalendarEntryReplica1766300000173 implements MigrationInterface {
  name = 'CalendarEntryReplica1766300000173';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE creation.planned_entry RENAME TO calendar_entry_replica`);
    await q.query(`ALTER TABLE creation.calendar_entry_replica ADD COLUMN deleted_at timestamptz`);
    await q.query(`ALTER INDEX creation.planned_entry_pkey RENAME TO calendar_entry_replica_pkey`);
    await q.query(`ALTER INDEX creation.planned_entry_brand_idx RENAME TO calendar_entry_replica_brand_idx`);
    await q.query(`ALTER INDEX creation.planned_entry_campaign_idx RENAME TO calendar_entry_replica_campaign_idx`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER INDEX creation.calendar_entry_replica_campaign_idx RENAME TO planned_entry_campaign_idx`);
    await q.query(`ALTER INDEX creation.calendar_entry_replica_brand_idx RENAME TO planned_entry_brand_idx`);
    await q.query(`ALTER INDEX creation.calendar_entry_replica_pkey RENAME TO planned_entry_pkey`);
    // Tombstoned entries were deleted outright before.
    await q.query(`DELETE FROM creation.calendar_entry_replica WHERE deleted_at IS NOT NULL`);
    await q.query(`ALTER TABLE creation.calendar_entry_replica DROP COLUMN deleted_at`);
    await q.query(`ALTER TABLE creation.calendar_entry_replica RENAME TO planned_entry`);
  }
}
