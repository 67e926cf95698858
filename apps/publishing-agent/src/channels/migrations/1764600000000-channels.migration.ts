import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Channels1764600000000 implements MigrationInterface {
  name = 'Channels1764600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE publishing.connection (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        brand_id uuid NOT NULL,
        platform text NOT NULL,
        display_name text NOT NULL,
        status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'needs_reconnect', 'error', 'disconnected')),
        status_reason text,
        account_id text,
        config jsonb NOT NULL DEFAULT '{}',
        credentials text NOT NULL,
        key_id text NOT NULL,
        expires_at timestamptz,
        refresh_failures int NOT NULL DEFAULT 0,
        created_by uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        deleted_at timestamptz
      )`);
    await q.query(`CREATE INDEX connection_brand_created_idx ON publishing.connection (brand_id, created_at)`);
    await q.query(`CREATE INDEX connection_created_at_idx ON publishing.connection (created_at)`);
    // The refresh sweep's question: live OAuth connections expiring soon.
    await q.query(`CREATE INDEX connection_expires_idx ON publishing.connection (expires_at) WHERE deleted_at IS NULL AND expires_at IS NOT NULL`);
    await q.query(`
      CREATE TABLE publishing.oauth_state (
        state_hash text PRIMARY KEY,
        platform text NOT NULL,
        brand_id uuid NOT NULL,
        user_id uuid NOT NULL,
        code_verifier text NOT NULL,
        redirect_uri text NOT NULL,
        expires_at timestamptz NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX oauth_state_expires_idx ON publishing.oauth_state (expires_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE publishing.oauth_state`);
    await q.query(`DROP TABLE publishing.connection`);
  }
}
