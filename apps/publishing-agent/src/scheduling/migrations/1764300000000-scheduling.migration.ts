import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The scheduling part: publishing-agent's copy of publishable content, the replicas it decides
 * with inside event handlers (calendar slots, connections), brand settings, the durable schedule,
 * and outbound webhook subscriptions with their delivery log.
 */
export class Scheduling1764300000000 implements MigrationInterface {
  name = 'Scheduling1764300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE publishing.content_copy (
        content_id uuid PRIMARY KEY,
        brand_id uuid NOT NULL,
        calendar_entry_id uuid,
        platform text NOT NULL,
        status text NOT NULL,
        body text NOT NULL,
        hashtags jsonb NOT NULL DEFAULT '[]',
        variants jsonb NOT NULL DEFAULT '[]',
        approved_at timestamptz,
        content_updated_at timestamptz NOT NULL,
        deleted_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX content_copy_brand_idx ON publishing.content_copy (brand_id, created_at)`);

    await q.query(`
      CREATE TABLE publishing.calendar_slot (
        entry_id uuid PRIMARY KEY,
        brand_id uuid NOT NULL,
        campaign_id uuid NOT NULL,
        platform text NOT NULL,
        scheduled_at timestamptz NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX calendar_slot_brand_idx ON publishing.calendar_slot (brand_id)`);
    await q.query(`CREATE INDEX calendar_slot_campaign_idx ON publishing.calendar_slot (campaign_id)`);

    await q.query(`
      CREATE TABLE publishing.connection_ref (
        connection_id uuid PRIMARY KEY,
        brand_id uuid NOT NULL,
        platform text NOT NULL,
        status text NOT NULL,
        connection_updated_at timestamptz NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX connection_ref_brand_idx ON publishing.connection_ref (brand_id, platform)`);

    await q.query(`
      CREATE TABLE publishing.publishing_settings (
        brand_id uuid PRIMARY KEY,
        auto_approve boolean NOT NULL DEFAULT false,
        timezone text,
        updated_by uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);

    // due_at: when the item next needs a hand — its time or next retry while scheduled/unknown,
    // its lease expiry while publishing. One partial index serves the claim query.
    await q.query(`
      CREATE TABLE publishing.schedule_item (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        brand_id uuid NOT NULL,
        content_id uuid NOT NULL,
        connection_id uuid NOT NULL,
        platform text NOT NULL,
        at timestamptz NOT NULL,
        status text NOT NULL CHECK (status IN ('scheduled', 'publishing', 'published', 'failed', 'cancelled', 'unknown')),
        due_at timestamptz NOT NULL,
        attempts int NOT NULL DEFAULT 0,
        claimed_by text,
        reconcile_first boolean NOT NULL DEFAULT false,
        idempotency_key text NOT NULL UNIQUE,
        body text NOT NULL,
        hashtags jsonb NOT NULL DEFAULT '[]',
        variant_id uuid,
        ab_test_id uuid,
        external_id text,
        url text,
        error_code text,
        error_message text,
        published_at timestamptz,
        created_by uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX schedule_item_due_idx ON publishing.schedule_item (due_at) WHERE status IN ('scheduled', 'publishing', 'unknown')`);
    await q.query(`CREATE INDEX schedule_item_brand_at_idx ON publishing.schedule_item (brand_id, at)`);
    await q.query(`CREATE INDEX schedule_item_content_idx ON publishing.schedule_item (content_id)`);
    await q.query(`CREATE INDEX schedule_item_created_at_idx ON publishing.schedule_item (created_at)`);
    // One live item per content and connection (an A/B variant is its own item).
    await q.query(`
      CREATE UNIQUE INDEX schedule_item_live_uq ON publishing.schedule_item (content_id, connection_id, COALESCE(variant_id, '00000000-0000-0000-0000-000000000000'::uuid))
      WHERE status IN ('scheduled', 'publishing', 'unknown')`);

    await q.query(`
      CREATE TABLE publishing.webhook_subscription (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        brand_id uuid NOT NULL,
        url text NOT NULL,
        events text[] NOT NULL,
        secret text NOT NULL,
        created_by uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        deleted_at timestamptz
      )`);
    await q.query(`CREATE INDEX webhook_subscription_brand_idx ON publishing.webhook_subscription (brand_id, created_at)`);

    await q.query(`
      CREATE TABLE publishing.webhook_delivery (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        subscription_id uuid NOT NULL REFERENCES publishing.webhook_subscription (id),
        brand_id uuid NOT NULL,
        message_id text NOT NULL,
        event_id text NOT NULL,
        event_type text NOT NULL,
        payload jsonb NOT NULL,
        status text NOT NULL CHECK (status IN ('pending', 'delivering', 'delivered', 'failed')),
        due_at timestamptz NOT NULL,
        attempts int NOT NULL DEFAULT 0,
        last_status_code int,
        last_error text,
        delivered_at timestamptz,
        replay_of uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX webhook_delivery_event_uq ON publishing.webhook_delivery (subscription_id, event_id) WHERE replay_of IS NULL`);
    await q.query(`CREATE INDEX webhook_delivery_due_idx ON publishing.webhook_delivery (due_at) WHERE status IN ('pending', 'delivering')`);
    await q.query(`CREATE INDEX webhook_delivery_subscription_idx ON publishing.webhook_delivery (subscription_id, created_at)`);
    await q.query(`CREATE INDEX webhook_delivery_brand_idx ON publishing.webhook_delivery (brand_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['webhook_delivery', 'webhook_subscription', 'schedule_item', 'publishing_settings', 'connection_ref', 'calendar_slot', 'content_copy']) {
      await q.query(`DROP TABLE publishing.${t}`);
    }
  }
}
