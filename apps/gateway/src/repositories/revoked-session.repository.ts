import { Injectable } from '@nestjs/common';
import { UnitOfWork } from '@mt/messages';

/** The durable record of revoked sessions (ADR 104): the key-value store is its fast copy. */
@Injectable()
export class RevokedSessionRepository {
  constructor(private readonly uow: UnitOfWork) {}

  async add(sessionIds: readonly string[], expiresAt: Date): Promise<void> {
    if (sessionIds.length === 0) return;
    await this.uow.manager().query(
      `INSERT INTO "gateway".revoked_session (session_id, expires_at) SELECT unnest($1::text[]), $2
       ON CONFLICT (session_id) DO UPDATE SET expires_at = GREATEST("gateway".revoked_session.expires_at, EXCLUDED.expires_at)`,
      [sessionIds, expiresAt],
    );
  }

  /** The sessions still revoked, with their expiry; expired rows are deleted on the way. */
  async live(now = new Date()): Promise<{ sessionId: string; expiresAt: Date }[]> {
    await this.uow.manager().query(`DELETE FROM "gateway".revoked_session WHERE expires_at <= $1`, [now]);
    const rows: { session_id: string; expires_at: Date }[] = await this.uow.manager().query(`SELECT session_id, expires_at FROM "gateway".revoked_session`);
    return rows.map((r) => ({ sessionId: r.session_id, expiresAt: new Date(r.expires_at) }));
  }

  /** Whether the session is revoked and its revocation not yet expired (the gate while the store is down). */
  async isRevoked(sessionId: string, now = new Date()): Promise<boolean> {
    const rows: unknown[] = await this.uow
      .manager()
      .query(`SELECT 1 FROM "gateway".revoked_session WHERE session_id = $1 AND expires_at > $2`, [sessionId, now]);
    return rows.length > 0;
  }
}
