import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Posting queues (ADR 147): a connection's weekly slots, and the flag that makes a schedule item
 * a queued post (the queue may move it to another slot; a post scheduled at a fixed time is never
 * moved). The partial index serves the reflow, which reads a connection's waiting items by time.
 */
export class PostingQueues1766200000147 implements MigrationInterface {
  name = 'PostingQueues1766200000147';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE publishing.queue_schedule (
        connection_id uuid PRIMARY KEY,
        brand_id uuid NOT NULL,
        slots jsonb NOT NULL DEFAULT '[]',
        updated_by uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX queue_schedule_brand_idx ON publishing.queue_schedule (brand_id)`);
    await q.query(`ALTER TABLE publishing.schedule_item ADD COLUMN queued boolean NOT NULL DEFAULT false`);
    await q.query(
      `CREATE INDEX schedule_item_connection_live_idx ON publishing.schedule_item (connection_id, at) WHERE status IN ('scheduled', 'publishing', 'unknown')`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX publishing.schedule_item_connection_live_idx`);
    await q.query(`ALTER TABLE publishing.schedule_item DROP COLUMN queued`);
    await q.query(`DROP TABLE publishing.queue_schedule`);
  }
}
