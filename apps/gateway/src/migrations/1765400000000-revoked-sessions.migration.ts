import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Sessions ended by logout or refresh-token reuse, kept until their last access token expires, so
 * a revocation outlives a restart of the embedded mode and a loss of Redis (ADR 104).
 */
export class RevokedSessions1765400000000 implements MigrationInterface {
  name = 'RevokedSessions1765400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "gateway".revoked_session (
        session_id text PRIMARY KEY,
        expires_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX revoked_session_expires_idx ON "gateway".revoked_session (expires_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "gateway".revoked_session`);
  }
}
