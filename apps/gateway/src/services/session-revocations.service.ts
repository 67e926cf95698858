import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { KV_STORE, type KeyValueStore, RUNTIME, type Runtime } from '@mt/runtime';
import { RevokedSessionRepository } from '../repositories/revoked-session.repository';

const KEY = (sessionId: string) => `auth:revoked-session:${sessionId}`;
/** Set in the store once the durable revocations are copied into it; its absence means the store lost them. */
const LOADED = 'auth:revoked-sessions-loaded';
/** How often a gateway looks whether the store still has the copy. */
export const RELOAD_CHECK_MS = 5_000;
/** Clock skew allowed between the signer and this gateway (the verifier accepts the same). */
export const CLOCK_TOLERANCE_SECONDS = 5;

/**
 * Sessions ended by logout or by refresh-token reuse, kept in the key-value store (shared by the
 * gateway replicas) for as long as an access token of theirs can still be valid — after that the
 * token's own expiry refuses it, and the revoked family can issue no new one (ADR 023).
 * Each revocation is also written to the gateway's database (ADR 104): the in-memory store of the
 * embedded mode forgets on restart, and Redis may be lost. A gateway copies the live rows back into
 * the store when it starts, and again whenever the store's marker of that copy is gone (checked
 * at most every RELOAD_CHECK_MS).
 */
@Injectable()
export class SessionRevocations {
  private readonly ttlMs: number;
  private readonly logger = new Logger('SessionRevocations');
  private checkedAt = 0;
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
    await Promise.all(sessionIds.map((id) => this.kv.set(KEY(id), '1', this.ttlMs)));
  }

  async isRevoked(sessionId: string): Promise<boolean> {
    await this.ensureLoaded();
    return (await this.kv.get(KEY(sessionId))) !== null;
  }

  /**
   * The gate of an authenticated request in one store round trip: whether its session was ended
   * and, when it was not, the request counted on each of `counters` (its rate limits, ADR 111).
   */
  async checkAndCount(
    sessionId: string,
    counters: readonly string[],
    windowMs: number,
  ): Promise<{ revoked: boolean; counts: { count: number; ttlMs: number }[] }> {
    await this.ensureLoaded();
    const { present, counts } = await this.kv.incrementUnless(KEY(sessionId), counters, windowMs);
    return { revoked: present, counts };
  }

  /** Copies the durable revocations into the store when the store has lost them (or never had them). */
  private async ensureLoaded(): Promise<void> {
    if (!this.durable || Date.now() - this.checkedAt < RELOAD_CHECK_MS) return this.loading ?? undefined;
    this.checkedAt = Date.now();
    this.loading ??= (async () => {
      try {
        if ((await this.kv.get(LOADED)) !== null) return;
        const now = Date.now();
        const rows = await this.durable!.live(new Date(now));
        await Promise.all(rows.map((r) => this.kv.set(KEY(r.sessionId), '1', Math.max(1, r.expiresAt.getTime() - now))));
        await this.kv.set(LOADED, '1', 24 * 60 * 60_000);
      } catch (err) {
        this.checkedAt = 0; // try again on the next request
        this.logger.warn('revoked sessions not reloaded', { error: (err as Error).message });
      } finally {
        this.loading = null;
      }
    })();
    return this.loading;
  }
}
