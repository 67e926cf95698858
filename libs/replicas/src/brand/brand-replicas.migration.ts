import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The brand replicas under the one naming rule (ADR 173): `brand_access` → `brand_access_replica`
 * and `brand_profile` → `brand_replica`, their freshness columns → `source_updated_at`. Renames
 * only: every row stays. `access` false for brand-agent-less schemas that keep no access replica.
 */
export function brandReplicasRenameMigration(schema: string, o: { access?: boolean; profile?: boolean } = {}): new () => MigrationInterface {
  const access = o.access ?? true;
  const profile = o.profile ?? true;
  return class BrandReplicaNames1766300000173 implements MigrationInterface {
    name = 'BrandReplicaNames1766300000173';
    async up(q: QueryRunner): Promise<void> {
      if (access) {
        await q.query(`ALTER TABLE "${schema}".brand_access RENAME TO brand_access_replica`);
        await q.query(`ALTER TABLE "${schema}".brand_access_replica RENAME COLUMN changed_at TO source_updated_at`);
        await q.query(`ALTER INDEX "${schema}".brand_access_user_id_idx RENAME TO brand_access_replica_user_id_idx`);
      }
      if (profile) {
        await q.query(`ALTER TABLE "${schema}".brand_profile RENAME TO brand_replica`);
        await q.query(`ALTER TABLE "${schema}".brand_replica RENAME COLUMN brand_updated_at TO source_updated_at`);
      }
    }
    async down(q: QueryRunner): Promise<void> {
      if (profile) {
        await q.query(`ALTER TABLE "${schema}".brand_replica RENAME COLUMN source_updated_at TO brand_updated_at`);
        await q.query(`ALTER TABLE "${schema}".brand_replica RENAME TO brand_profile`);
      }
      if (access) {
        await q.query(`ALTER INDEX "${schema}".brand_access_replica_user_id_idx RENAME TO brand_access_user_id_idx`);
        await q.query(`ALTER TABLE "${schema}".brand_access_replica RENAME COLUMN source_updated_at TO changed_at`);
        await q.query(`ALTER TABLE "${schema}".brand_access_replica RENAME TO brand_access`);
      }
    }
  };
}
