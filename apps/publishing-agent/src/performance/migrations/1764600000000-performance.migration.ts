import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The performance part of publishing-agent: analytics snapshots and what they are measured from,
 * A/B tests, ad sets and their spend, the inbox store, and the replicas of content and campaigns
 * it needs (fed by creation-agent's and strategy-agent's events).
 */
export class Performance1764600000000 implements MigrationInterface {
  name = 'Performance1764600000000';

  async up(q: QueryRunner): Promise<void> {
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
    await q.query(`CREATE INDEX content_catalog_created_at_idx ON publishing.content_catalog (created_at)`);

    await q.query(`
      CREATE TABLE publishing.campaign_copy (
        id uuid PRIMARY KEY,
        brand_id uuid NOT NULL,
        name text NOT NULL,
        start_date date NOT NULL,
        end_date date NOT NULL,
        deleted boolean NOT NULL DEFAULT false,
        source_updated_at timestamptz NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX campaign_copy_brand_id_idx ON publishing.campaign_copy (brand_id)`);

    // One row per post (post_key) and day: that day's increments. A post's totals are the sum of its rows.
    await q.query(`
      CREATE TABLE publishing.analytics_snapshot (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        brand_id uuid NOT NULL,
        content_id uuid,
        post_key text NOT NULL,
        platform text NOT NULL,
        published_at timestamptz NOT NULL,
        day date NOT NULL,
        impressions bigint NOT NULL DEFAULT 0 CHECK (impressions >= 0),
        engagements bigint NOT NULL DEFAULT 0 CHECK (engagements >= 0),
        clicks bigint NOT NULL DEFAULT 0 CHECK (clicks >= 0),
        simulated boolean NOT NULL,
        topic text,
        pillar text,
        format text,
        captured_at timestamptz NOT NULL DEFAULT now(),
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (brand_id, post_key, day)
      )`);
    await q.query(`CREATE INDEX analytics_snapshot_brand_day_idx ON publishing.analytics_snapshot (brand_id, day)`);
    await q.query(`CREATE INDEX analytics_snapshot_content_id_idx ON publishing.analytics_snapshot (content_id)`);
    await q.query(`CREATE INDEX analytics_snapshot_created_at_idx ON publishing.analytics_snapshot (created_at)`);

    // A published post whose numbers are fetched from its platform on a schedule.
    await q.query(`
      CREATE TABLE publishing.metrics_target (
        schedule_id uuid PRIMARY KEY,
        brand_id uuid NOT NULL,
        content_id uuid NOT NULL,
        connection_id uuid NOT NULL,
        platform text NOT NULL,
        external_id text NOT NULL,
        published_at timestamptz NOT NULL,
        next_fetch_at timestamptz,
        fetches int NOT NULL DEFAULT 0,
        last_error text,
        impressions bigint NOT NULL DEFAULT 0,
        engagements bigint NOT NULL DEFAULT 0,
        clicks bigint NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX metrics_target_due_idx ON publishing.metrics_target (next_fetch_at) WHERE next_fetch_at IS NOT NULL`);
    await q.query(`CREATE INDEX metrics_target_brand_id_idx ON publishing.metrics_target (brand_id)`);

    await q.query(`
      CREATE TABLE publishing.abtest (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        brand_id uuid NOT NULL,
        content_id uuid NOT NULL,
        connection_id uuid NOT NULL,
        platform text NOT NULL,
        status text NOT NULL DEFAULT 'running',
        winner_variant_id text,
        decided_by text,
        probability_winner numeric(6, 5),
        concluded_at timestamptz,
        created_by uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX abtest_brand_id_idx ON publishing.abtest (brand_id)`);
    await q.query(`CREATE INDEX abtest_content_id_idx ON publishing.abtest (content_id)`);
    await q.query(`CREATE INDEX abtest_created_at_idx ON publishing.abtest (created_at)`);
    await q.query(`
      CREATE TABLE publishing.abtest_variant (
        abtest_id uuid NOT NULL REFERENCES publishing.abtest (id) ON DELETE CASCADE,
        label text NOT NULL CHECK (label IN ('A', 'B')),
        variant_id text NOT NULL,
        slot_at timestamptz NOT NULL,
        schedule_id uuid,
        PRIMARY KEY (abtest_id, label)
      )`);
    await q.query(`CREATE INDEX abtest_variant_schedule_id_idx ON publishing.abtest_variant (schedule_id)`);

    await q.query(`
      CREATE TABLE publishing.adset (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        campaign_id uuid NOT NULL,
        brand_id uuid NOT NULL,
        name text NOT NULL,
        platform text NOT NULL,
        daily_budget numeric(12, 2) NOT NULL CHECK (daily_budget > 0),
        total_budget numeric(12, 2) NOT NULL CHECK (total_budget > 0),
        start_date date,
        end_date date,
        status text NOT NULL DEFAULT 'draft',
        flags jsonb NOT NULL DEFAULT '[]',
        created_by uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK (end_date IS NULL OR start_date IS NULL OR end_date >= start_date)
      )`);
    await q.query(`CREATE INDEX adset_campaign_id_idx ON publishing.adset (campaign_id)`);
    await q.query(`CREATE INDEX adset_brand_id_idx ON publishing.adset (brand_id)`);
    await q.query(`CREATE INDEX adset_created_at_idx ON publishing.adset (created_at)`);
    await q.query(`
      CREATE TABLE publishing.adset_spend (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        adset_id uuid NOT NULL REFERENCES publishing.adset (id) ON DELETE CASCADE,
        day date NOT NULL,
        amount numeric(12, 2) NOT NULL CHECK (amount > 0),
        recorded_by uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX adset_spend_adset_day_idx ON publishing.adset_spend (adset_id, day)`);

    await q.query(`
      CREATE TABLE publishing.inbox_message (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        brand_id uuid NOT NULL,
        channel text NOT NULL,
        author text NOT NULL,
        body text NOT NULL,
        status text NOT NULL DEFAULT 'new',
        intent text,
        sentiment text,
        draft text,
        draft_meta jsonb,
        reply_body text,
        replied_by uuid,
        replied_at timestamptz,
        connection_id uuid,
        external_id text,
        received_at timestamptz NOT NULL DEFAULT now(),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX inbox_message_brand_created_idx ON publishing.inbox_message (brand_id, created_at)`);
    await q.query(`CREATE INDEX inbox_message_created_at_idx ON publishing.inbox_message (created_at)`);
    // A webhook delivery retried by its sender (same webhook-id) is stored once.
    await q.query(`CREATE UNIQUE INDEX inbox_message_external_idx ON publishing.inbox_message (connection_id, external_id) WHERE external_id IS NOT NULL`);

    await q.query(`
      CREATE TABLE publishing.inbox_endpoint (
        connection_id uuid PRIMARY KEY,
        brand_id uuid NOT NULL,
        channel text NOT NULL,
        secret text NOT NULL,
        created_by uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX inbox_endpoint_brand_id_idx ON publishing.inbox_endpoint (brand_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of [
      'inbox_endpoint',
      'inbox_message',
      'adset_spend',
      'adset',
      'abtest_variant',
      'abtest',
      'metrics_target',
      'analytics_snapshot',
      'campaign_copy',
      'content_catalog',
    ]) {
      await q.query(`DROP TABLE publishing.${t}`);
    }
  }
}
