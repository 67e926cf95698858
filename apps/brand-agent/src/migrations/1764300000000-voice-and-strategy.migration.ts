import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The learned voice (samples, versions, the learning loop's feedback) and the brand strategy's
 * versions. Versions are rows, never updated: history is kept, the newest version is the answer.
 */
export class VoiceAndStrategy1764300000000 implements MigrationInterface {
  name = 'VoiceAndStrategy1764300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "brand".voice_sample (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        brand_id uuid NOT NULL REFERENCES "brand".brand (id) ON DELETE CASCADE,
        job_id uuid NOT NULL,
        position int NOT NULL,
        body text NOT NULL,
        created_by uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (job_id, position)
      )`);
    await q.query(`CREATE INDEX voice_sample_brand_id_idx ON "brand".voice_sample (brand_id, created_at)`);

    // profile: what is announced; base: the AI's analysis of the samples it was built on, so the
    // learning loop can re-derive the profile from base + all feedback (ADR 051).
    await q.query(`
      CREATE TABLE "brand".voice_profile_version (
        brand_id uuid NOT NULL REFERENCES "brand".brand (id) ON DELETE CASCADE,
        version int NOT NULL,
        profile jsonb NOT NULL,
        base jsonb NOT NULL,
        source text NOT NULL CHECK (source IN ('samples', 'feedback')),
        job_id uuid UNIQUE,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (brand_id, version)
      )`);
    await q.query(`CREATE INDEX voice_profile_version_created_at_idx ON "brand".voice_profile_version (created_at)`);

    await q.query(`
      CREATE TABLE "brand".voice_feedback (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        brand_id uuid NOT NULL REFERENCES "brand".brand (id) ON DELETE CASCADE,
        kind text NOT NULL CHECK (kind IN ('accepted', 'edited', 'rejected', 'ab-winner')),
        content_id uuid,
        text text,
        previous_text text,
        removed_words text[] NOT NULL DEFAULT '{}',
        added_words text[] NOT NULL DEFAULT '{}',
        by_user uuid,
        voice_version int,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX voice_feedback_brand_id_idx ON "brand".voice_feedback (brand_id, created_at)`);
    await q.query(`CREATE INDEX voice_feedback_content_id_idx ON "brand".voice_feedback (content_id)`);

    await q.query(`
      CREATE TABLE "brand".brand_strategy (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        brand_id uuid NOT NULL REFERENCES "brand".brand (id) ON DELETE CASCADE,
        version int NOT NULL,
        strategy jsonb NOT NULL,
        source text NOT NULL CHECK (source IN ('ai', 'user')),
        created_by uuid,
        job_id uuid UNIQUE,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (brand_id, version)
      )`);
    await q.query(`CREATE INDEX brand_strategy_created_at_idx ON "brand".brand_strategy (created_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "brand".brand_strategy`);
    await q.query(`DROP TABLE "brand".voice_feedback`);
    await q.query(`DROP TABLE "brand".voice_profile_version`);
    await q.query(`DROP TABLE "brand".voice_sample`);
  }
}
