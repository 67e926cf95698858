import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * publishing-agent's replicas under one naming rule (ADR 173), rows carried over:
 * - content_copy and content_catalog (one source, creation-agent's content, kept twice) become one
 *   `content_replica`: content_copy is renamed and takes content_catalog's columns (campaign_id,
 *   topic, pillar, format); content_catalog's rows fill them, and its rows content_copy never
 *   had are inserted. A `deleted` flag becomes a `deleted_at` tombstone at the row's
 *   source_updated_at (the flag kept no time of its own).
 * - campaign_copy → campaign_replica (`deleted` → `deleted_at` the same way),
 *   calendar_slot → calendar_entry_replica, connection_ref → connection_replica; every freshness
 *   column is `source_updated_at`.
 */
export class ReplicaNames1766300000173 implements MigrationInterface {
  name = 'ReplicaNames1766300000173';

  async up(q: QueryRunner): Promise<void> {
    // Content: one replica.
    await q.query(`ALTER TABLE publishing.content_copy RENAME TO content_replica`);
    await q.query(`ALTER TABLE publishing.content_replica RENAME COLUMN content_updated_at TO source_updated_at`);
    await q.query(`ALTER TABLE publishing.content_replica ADD COLUMN campaign_id uuid, ADD COLUMN topic text, ADD COLUMN pillar text, ADD COLUMN format text`);
    await q.query(`ALTER INDEX publishing.content_copy_brand_idx RENAME TO content_replica_brand_idx`);
    await q.query(`ALTER INDEX publishing.content_copy_pkey RENAME TO content_replica_pkey`);
    await q.query(`
      INSERT INTO publishing.content_replica
        (content_id, brand_id, campaign_id, platform, status, body, variants, topic, pillar, format, source_updated_at, deleted_at, created_at)
      SELECT content_id, brand_id, campaign_id, platform, status, body, variants, topic, pillar, format, source_updated_at,
             CASE WHEN deleted THEN source_updated_at END, created_at
      FROM publishing.content_catalog
      ON CONFLICT (content_id) DO UPDATE SET
        campaign_id = EXCLUDED.campaign_id, topic = EXCLUDED.topic, pillar = EXCLUDED.pillar, format = EXCLUDED.format,
        deleted_at = coalesce(publishing.content_replica.deleted_at, EXCLUDED.deleted_at)`);
    await q.query(`DROP TABLE publishing.content_catalog`);
    await q.query(`CREATE INDEX content_replica_created_at_idx ON publishing.content_replica (created_at)`);

    // Campaigns.
    await q.query(`ALTER TABLE publishing.campaign_copy RENAME TO campaign_replica`);
    await q.query(`ALTER TABLE publishing.campaign_replica ADD COLUMN deleted_at timestamptz`);
    await q.query(`UPDATE publishing.campaign_replica SET deleted_at = source_updated_at WHERE deleted`);
    await q.query(`ALTER TABLE publishing.campaign_replica DROP COLUMN deleted`);
    await q.query(`ALTER INDEX publishing.campaign_copy_brand_id_idx RENAME TO campaign_replica_brand_id_idx`);
    await q.query(`ALTER INDEX publishing.campaign_copy_pkey RENAME TO campaign_replica_pkey`);

    // Calendar entries and connections.
    await q.query(`ALTER TABLE publishing.calendar_slot RENAME TO calendar_entry_replica`);
    await q.query(`ALTER INDEX publishing.calendar_slot_pkey RENAME TO calendar_entry_replica_pkey`);
    await q.query(`ALTER INDEX publishing.calendar_slot_brand_idx RENAME TO calendar_entry_replica_brand_idx`);
    await q.query(`ALTER INDEX publishing.calendar_slot_campaign_idx RENAME TO calendar_entry_replica_campaign_idx`);
    await q.query(`ALTER TABLE publishing.connection_ref RENAME TO connection_replica`);
    await q.query(`ALTER TABLE publishing.connection_replica RENAME COLUMN connection_updated_at TO source_updated_at`);
    await q.query(`ALTER INDEX publishing.connection_ref_pkey RENAME TO connection_replica_pkey`);
    await q.query(`ALTER INDEX publishing.connection_ref_brand_idx RENAME TO connection_replica_brand_idx`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER INDEX publishing.connection_replica_brand_idx RENAME TO connection_ref_brand_idx`);
    await q.query(`ALTER INDEX publishing.connection_replica_pkey RENAME TO connection_ref_pkey`);
    await q.query(`ALTER TABLE publishing.connection_replica RENAME COLUMN source_updated_at TO connection_updated_at`);
    await q.query(`ALTER TABLE publishing.connection_replica RENAME TO connection_ref`);
    await q.query(`ALTER INDEX publishing.calendar_entry_replica_campaign_idx RENAME TO calendar_slot_campaign_idx`);
    await q.query(`ALTER INDEX publishing.calendar_entry_replica_brand_idx RENAME TO calendar_slot_brand_idx`);
    await q.query(`ALTER INDEX publishing.calendar_entry_replica_pkey RENAME TO calendar_slot_pkey`);
    await q.query(`ALTER TABLE publishing.calendar_entry_replica RENAME TO calendar_slot`);

    await q.query(`ALTER INDEX publishing.campaign_replica_pkey RENAME TO campaign_copy_pkey`);
    await q.query(`ALTER INDEX publishing.campaign_replica_brand_id_idx RENAME TO campaign_copy_brand_id_idx`);
    await q.query(`ALTER TABLE publishing.campaign_replica ADD COLUMN deleted boolean NOT NULL DEFAULT false`);
    await q.query(`UPDATE publishing.campaign_replica SET deleted = true WHERE deleted_at IS NOT NULL`);
    await q.query(`ALTER TABLE publishing.campaign_replica DROP COLUMN deleted_at`);
    await q.query(`ALTER TABLE publishing.campaign_replica RENAME TO campaign_copy`);

    // Content: both tables again, each with every row (the two were fed by the same events).
    await q.query(`
      CREATE TABLE publishing.content_catalog (
        content_id uuid PRIMARY KEY,
        brand_id uuid NOT NULL,
        campaign_id uuid,
        platform text NOT NULL,
        status text NOT NULL,
        body text NOT NULL,
        topic text,
        pillar text,
        format text,
        variants jsonb NOT NULL DEFAULT '[]',
        deleted boolean NOT NULL DEFAULT false,
        source_updated_at timestamptz NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX content_catalog_brand_id_idx ON publishing.content_catalog (brand_id)`);
    await q.query(`
      INSERT INTO publishing.content_catalog
        (content_id, brand_id, campaign_id, platform, status, body, topic, pillar, format, variants, deleted, source_updated_at, created_at)
      SELECT content_id, brand_id, campaign_id, platform, status, body, topic, pillar, format,
             coalesce((SELECT jsonb_agg(jsonb_build_object('id', v->'id', 'body', v->'body', 'hashtags', v->'hashtags'))
                       FROM jsonb_array_elements(variants) v), '[]'::jsonb),
             deleted_at IS NOT NULL, source_updated_at, created_at
      FROM publishing.content_replica`);
    await q.query(`DROP INDEX publishing.content_replica_created_at_idx`);
    await q.query(`CREATE INDEX content_catalog_created_at_idx ON publishing.content_catalog (created_at)`);
    await q.query(`ALTER TABLE publishing.content_replica DROP COLUMN campaign_id, DROP COLUMN topic, DROP COLUMN pillar, DROP COLUMN format`);
    await q.query(`ALTER INDEX publishing.content_replica_pkey RENAME TO content_copy_pkey`);
    await q.query(`ALTER INDEX publishing.content_replica_brand_idx RENAME TO content_copy_brand_idx`);
    await q.query(`ALTER TABLE publishing.content_replica RENAME COLUMN source_updated_at TO content_updated_at`);
    await q.query(`ALTER TABLE publishing.content_replica RENAME TO content_copy`);
  }
}
