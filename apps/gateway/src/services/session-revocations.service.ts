import { Inject, Injectable, Optional } from '@nestjs/common';
import { KV_STORE, type KeyValueStore, RUNTIME, type Runtime, AppLogger } from '@mt/runtime';
import { RevokedSessionRepository } from '../repositories/revoked-session.repository';

const KEY = (sessionId: string) => `auth:revoked-session:${sessionId}`;
/** Set in the store once the durable revocations are copied into it; its absence means the store lost them. */
export const LOADED = 'auth:revoked-sessions-loaded';
/** Clock skew allowed between the signer and this gateway (the verifier accepts the same). */
export const CLOCK_TOLERANCE_SECONDS = 5;

/** The gate's answer; `counts` is null when the store did not answer and nothing was counted. */
export interface SessionGate {
  revoked: boolean;
  counts: { count: number; ttlMs: number }[] | null;
}

/**
 * Sessions ended by logout or by refresh-token reuse, kept in the key-value store (shared by the
 * gateway replicas) for as long as an access token of theirs can still be valid — after that the
 * token's own expiry refuses it, and the revoked family can issue no new one (ADR 023).
 * Each revocation is also written to the gateway's database (ADR 104): the in-memory store of the
 * embedded mode forgets on restart, and Redis may be flushed or restarted empty.
 *
 * The store's copy is trusted only while its marker (LOADED) is there, and that is checked in the
 * same round trip as the session (ADR 161): a store that lost its data answers "copy missing", the
 * gateway copies the live rows back and asks again — so no request is let through by an empty copy,
 * not even in the moment after a flush. When the store does not answer at all, the session is looked
 * up in the database and the request's rate limits go unchecked (they fail open, ADR 031).
 */
@Injectable()
export class SessionRevocations {
  private readonly ttlMs: number;
  private readonly logger = new AppLogger('SessionRevocations');
  private loading: Promise<void> | null = null;

  constructor(
    @Inject(KV_STORE) private readonly kv: KeyValueStore,
    @Inject(RUNTIME) runtime: Runtime,
    @Optional() private readonly durable?: RevokedSessionRepository,
  ) {
    this.ttlMs = (runtime.config.auth.accessTtlSeconds + CLOCK_TOLERANCE_SECONDS) * 1000;
  }

  async revoke(sessionIds: readonly string[]): Promise<void> {
    await this.durable?.add(sessionIds, new Date(Date.now() + this.ttlMs));
    try {
      await Promise.all(sessionIds.map((id) => this.kv.set(KEY(id), '1', this.ttlMs)));
    } catch (err) {
      // Recorded durably: the gate reads the database while the store does not answer, and the
      // store is reloaded from it when it comes back empty.
      if (!this.durable) throw err;
      this.logger.warn('revocation not copied to the key-value store', { error: (err as Error).message });
    }
  }

  async isRevoked(sessionId: string): Promise<boolean> {
    return (await this.checkAndCount(sessionId, [], 0)).revoked;
  }

  /**
   * The gate of an authenticated request in one store round trip: whether its session was ended
   * and, when it was not, the request counted on each of `counters` (its rate limits, ADR 111).
   */
  async checkAndCount(sessionId: string, counters: readonly string[], windowMs: number): Promise<SessionGate> {
    const durable = this.durable;
    if (!durable) {
      const { present, counts } = await this.kv.incrementUnless(KEY(sessionId), counters, windowMs);
      return { revoked: present, counts };
    }
    try {
      for (let attempt = 0; attempt < 2; attempt++) {
        const answer = await this.kv.incrementUnless(KEY(sessionId), counters, windowMs, LOADED);
        if (!answer.requiredMissing) return { revoked: answer.present, counts: answer.counts };
        await this.reload();
      }
      // Lost again right after the reload (the store flushed twice): the database answers.
    } catch (err) {
      this.logger.warn('sessions checked in the database: the key-value store did not answer', { error: (err as Error).message });
    }
    return { revoked: await durable.isRevoked(sessionId), counts: null };
  }

  /** Copies the durable revocations into the store, then sets its marker (one copy at a time). */
  private reload(): Promise<void> {
    this.loading ??= (async () => {
      try {
        const now = Date.now();
        const rows = await this.durable!.live(new Date(now));
        await Promise.all(rows.map((r) => this.kv.set(KEY(r.sessionId), '1', Math.max(1, r.expiresAt.getTime() - now))));
        await this.kv.set(LOADED, '1', 24 * 60 * 60_000);
        this.logger.warn('revoked sessions copied back into the key-value store', { sessions: rows.length });
      } finally {
        this.loading = null;
      }
    })();
    return this.loading;
  }
}
