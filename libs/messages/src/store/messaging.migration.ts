import type { MigrationInterface, QueryRunner } from 'typeorm';

export function assertSchemaName(schema: string): string {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) throw new Error(`invalid schema name "${schema}"`);
  return schema;
}

/**
 * The messaging tables an agent owns in its own schema: outbox (events and tasks waiting to be
 * published), inbox (messages already handled, for idempotency) and dead letters.
 * Each agent lists `messagingMigration(schema)` among its migrations.
 */
export function messagingMigration(schema: string): new () => MigrationInterface {
  const s = assertSchemaName(schema);
  return class MessagingTables1763900000000 implements MigrationInterface {
    name = 'MessagingTables1763900000000';

    async up(q: QueryRunner): Promise<void> {
      await q.query(`CREATE SCHEMA IF NOT EXISTS "${s}"`);
      await q.query(`
        CREATE TABLE "${s}".outbox (
          id bigserial PRIMARY KEY,
          message_id uuid NOT NULL,
          exchange text NOT NULL,
          routing_key text NOT NULL,
          envelope text NOT NULL,
          headers jsonb NOT NULL DEFAULT '{}'::jsonb,
          created_at timestamptz NOT NULL DEFAULT now(),
          published_at timestamptz
        )`);
      await q.query(`CREATE INDEX outbox_unpublished_idx ON "${s}".outbox (id) WHERE published_at IS NULL`);
      await q.query(`CREATE INDEX outbox_created_at_idx ON "${s}".outbox (created_at)`);
      await q.query(`CREATE INDEX outbox_message_id_idx ON "${s}".outbox (message_id)`);
      await q.query(`
        CREATE TABLE "${s}".inbox (
          consumer text NOT NULL,
          message_id uuid NOT NULL,
          idempotency_key text,
          message_type text NOT NULL,
          response text,
          received_at timestamptz NOT NULL DEFAULT now(),
          PRIMARY KEY (consumer, message_id)
        )`);
      await q.query(`CREATE UNIQUE INDEX inbox_idempotency_key_uq ON "${s}".inbox (consumer, idempotency_key) WHERE idempotency_key IS NOT NULL`);
      await q.query(`CREATE INDEX inbox_received_at_idx ON "${s}".inbox (received_at)`);
      await q.query(`
        CREATE TABLE "${s}".dead_letter (
          id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
          queue text NOT NULL,
          message_id text,
          message_type text,
          error_code text NOT NULL,
          reason text NOT NULL,
          attempts integer NOT NULL DEFAULT 0,
          body text NOT NULL,
          headers jsonb NOT NULL DEFAULT '{}'::jsonb,
          created_at timestamptz NOT NULL DEFAULT now(),
          replayed_at timestamptz,
          replay_count integer NOT NULL DEFAULT 0
        )`);
      await q.query(`CREATE INDEX dead_letter_created_at_idx ON "${s}".dead_letter (created_at)`);
    }

    async down(q: QueryRunner): Promise<void> {
      await q.query(`DROP TABLE IF EXISTS "${s}".dead_letter`);
      await q.query(`DROP TABLE IF EXISTS "${s}".inbox`);
      await q.query(`DROP TABLE IF EXISTS "${s}".outbox`);
    }
  };
}

/** An agent's own schema: "brand-agent" → "brand". */
export function schemaForAgent(agent: string): string {
  return assertSchemaName(agent.replace(/-agent$/, '').replace(/-/g, '_'));
}
