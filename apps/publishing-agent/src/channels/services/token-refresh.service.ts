import { randomUUID } from 'node:crypto';
import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { KV_STORE, type KeyValueStore, RUNTIME, type Runtime } from '@mt/runtime';
import { PUBLISHING_CONFIG, type PublishingConfig } from '../../config/publishing.config';
import type { ConnectionEntity } from '../entities/connection.entity';
import { type ChannelContext, ProviderError } from '../providers/channel-provider';
import { ChannelRegistry } from '../providers/channel-registry';
import { ConnectionRepository } from '../repositories/connection.repository';
import { OAuthStateRepository } from '../repositories/oauth-state.repository';
import { ConnectionStore } from './connection-store.service';

const LOCK_TTL_MS = 60_000;

/**
 * Keeps expiring tokens fresh: a periodic sweep over connections expiring within
 * TOKEN_REFRESH_AHEAD_MS, and `ensureFresh` before each publish. A refresh is classified:
 * a revoked grant marks the connection `needs_reconnect` (announced by `connection.changed`);
 * a transient failure (timeout, 5xx, 429) was already retried with backoff by the provider and
 * only counts, never disconnects.
 *
 * One refresh per connection at a time across replicas (a key-value lock): platforms that rotate
 * refresh tokens (X) spend the old one on use, so a second, concurrent refresh would see
 * invalid_grant and wrongly disconnect a healthy account.
 */
@Injectable()
export class TokenRefreshService implements OnApplicationBootstrap, OnModuleDestroy {
  private timer: NodeJS.Timeout | null = null;
  private sweeping = false;

  constructor(
    private readonly connections: ConnectionRepository,
    private readonly states: OAuthStateRepository,
    private readonly store: ConnectionStore,
    private readonly registry: ChannelRegistry,
    @Inject(PUBLISHING_CONFIG) private readonly config: PublishingConfig,
    @Inject(KV_STORE) private readonly kv: KeyValueStore,
    @Inject(RUNTIME) private readonly runtime: Pick<Runtime, 'logger'>,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.refreshSweepMs <= 0) return;
    this.timer = setInterval(() => void this.sweep(), this.config.refreshSweepMs);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** One pass of the sweep (expired OAuth states, stale ciphertexts, due tokens); answers how many connections it refreshed. */
  async sweep(now = new Date()): Promise<number> {
    if (this.sweeping) return 0;
    this.sweeping = true;
    let refreshed = 0;
    try {
      await this.states.purgeExpired(now);
      // After a key rotation, move what is left onto the current key, a batch per pass.
      await this.store.resealStale(100);
      const due = await this.connections.dueForRefresh(new Date(now.getTime() + this.config.refreshAheadMs), 100);
      for (const c of due) {
        try {
          await this.refresh(c.id);
          refreshed++;
        } catch (err) {
          this.log().warn('token refresh failed', { connectionId: c.id, platform: c.platform, error: describe(err) });
        }
      }
    } catch (err) {
      this.log().error('token refresh sweep failed', { error: describe(err) });
    } finally {
      this.sweeping = false;
    }
    return refreshed;
  }

  /** Credentials for a call now: refreshed first when they expire within the window (or when `force`). */
  async ensureFresh(e: ConnectionEntity, force = false): Promise<ChannelContext> {
    const due = e.expiresAt !== null && e.expiresAt.getTime() - Date.now() <= this.config.refreshAheadMs;
    if (!force && !due) return this.store.open(e);
    const fresh = await this.refresh(e.id, force ? e.credentials : undefined);
    return this.store.open(fresh);
  }

  /**
   * Refreshes one connection and answers its row with the new credentials. Throws ProviderError:
   * 'revoked' after marking the connection, 'transient' after counting the failure.
   * `spent`: the ciphertext known to be stale (a forced refresh after a 401); another replica
   * that already replaced it counts as done.
   */
  async refresh(connectionId: string, spent?: string): Promise<ConnectionEntity> {
    const lockKey = `publishing:token-refresh:${connectionId}`;
    const owner = randomUUID();
    const deadline = Date.now() + this.config.requestTimeoutMs * (this.config.retries + 2);
    while (!(await this.kv.set(lockKey, owner, LOCK_TTL_MS, true))) {
      // Another replica is refreshing this connection: wait for it, then use its result.
      if (Date.now() > deadline) throw new ProviderError('transient', 'REFRESH_BUSY', 'another refresh of this connection is still running');
      await new Promise((r) => setTimeout(r, 100));
    }
    try {
      const e = await this.connections.findLive(connectionId);
      if (!e) throw new ProviderError('permanent', 'CONNECTION_NOT_FOUND', 'the connection was removed');
      if (e.status === 'needs_reconnect') throw new ProviderError('revoked', 'NEEDS_RECONNECT', e.statusReason ?? 'the connection must be reconnected');
      const stillDue = spent ? e.credentials === spent : e.expiresAt !== null && e.expiresAt.getTime() - Date.now() <= this.config.refreshAheadMs;
      if (!stillDue) return e;
      const provider = this.registry.get(e.platform);
      try {
        const next = await provider.refresh(this.store.open(e));
        return (await this.store.saveRefreshed(e.id, next.credentials, next.expiresAt)) ?? e;
      } catch (err) {
        if (err instanceof ProviderError && err.kind === 'revoked') {
          await this.store.markNeedsReconnect(e.id, `${provider.limits().label} no longer accepts this connection (${err.message}). Reconnect it in Channels.`);
          this.log().warn('connection needs reconnect', { connectionId: e.id, platform: e.platform, code: err.code });
        } else {
          await this.store.countTransientFailure(e.id);
        }
        throw err;
      }
    } finally {
      if ((await this.kv.get(lockKey)) === owner) await this.kv.delete(lockKey);
    }
  }

  private log() {
    return this.runtime.logger.child('publishing-agent');
  }
}

/** An error for the log: its class, code and message (provider messages never carry credentials). */
function describe(err: unknown): string {
  if (err instanceof ProviderError) return `${err.kind} ${err.code}: ${err.message}`;
  return err instanceof Error ? `${err.name}: ${err.message}` : String(err);
}
