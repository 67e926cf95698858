import { Inject, Injectable } from '@nestjs/common';
import { KV_STORE, type KeyValueStore, RUNTIME, type Runtime } from '@mt/runtime';

const KEY = (sessionId: string) => `auth:revoked-session:${sessionId}`;
/** Clock skew allowed between the signer and this gateway (the verifier accepts the same). */
export const CLOCK_TOLERANCE_SECONDS = 5;

/**
 * Sessions ended by logout or by refresh-token reuse, kept in the key-value store (shared by the
 * gateway replicas) for as long as an access token of theirs can still be valid — after that the
 * token's own expiry refuses it, and the revoked family can issue no new one (ADR 023).
 */
@Injectable()
export class SessionRevocations {
  private readonly ttlMs: number;

  constructor(
    @Inject(KV_STORE) private readonly kv: KeyValueStore,
    @Inject(RUNTIME) runtime: Runtime,
  ) {
    this.ttlMs = (runtime.config.auth.accessTtlSeconds + CLOCK_TOLERANCE_SECONDS) * 1000;
  }

  async revoke(sessionIds: readonly string[]): Promise<void> {
    await Promise.all(sessionIds.map((id) => this.kv.set(KEY(id), '1', this.ttlMs)));
  }

  async isRevoked(sessionId: string): Promise<boolean> {
    return (await this.kv.get(KEY(sessionId))) !== null;
  }
}
