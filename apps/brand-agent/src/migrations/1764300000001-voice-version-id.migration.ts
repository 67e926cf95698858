import type { MigrationInterface, QueryRunner } from 'typeorm';

/** An id per voice version: the keyset of the versions list (newest first, by created_at and id). */
export class VoiceVersionId1764300000001 implements MigrationInterface {
  name = 'VoiceVersionId1764300000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "brand".voice_profile_version ADD COLUMN id uuid NOT NULL DEFAULT gen_random_uuid()`);
    await q.query(`CREATE UNIQUE INDEX voice_profile_version_id_idx ON "brand".voice_profile_version (id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "brand".voice_profile_version_id_idx`);
    await q.query(`ALTER TABLE "brand".voice_profile_version DROP COLUMN id`);
  }
}
