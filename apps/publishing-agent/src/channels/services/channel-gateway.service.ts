import { Injectable } from '@nestjs/common';
import { type Connection, MeshError } from '@mt/messages';
import type { ConnectionEntity } from '../entities/connection.entity';
import { type ChannelContext, type ChannelProvider, ProviderError } from '../providers/channel-provider';
import { ChannelRegistry } from '../providers/channel-registry';
import { ConnectionRepository } from '../repositories/connection.repository';
import { ChannelGateway, type OutboundPost, type PostMetricsReading, type PublishOutcome, type ReconcileOutcome } from '../channel-gateway.port';
import { ConnectionStore } from './connection-store.service';
import { toConnection } from './connection-view';
import { TokenRefreshService } from './token-refresh.service';

/**
 * How long a connection read for one publish serves the next publishes to it (a burst due at the
 * same minute): one read and one decryption per connection and second rather than per post. Any
 * outcome but `published` drops it, so a refused token or a removed channel is read afresh.
 */
const RECENT_MS = 1_000;
const RECENT_MAX = 1_000;

interface Opened {
  e: ConnectionEntity;
  ctx: ChannelContext;
}

/**
 * ChannelGateway over the registry: finds the connection, refreshes its token when due, calls the
 * provider. A 401 on publish was not a post: the token is force-refreshed once and the publish
 * tried again; a second 401 (or a revoked refresh) marks the connection `needs_reconnect`.
 */
@Injectable()
export class ChannelGatewayService extends ChannelGateway {
  /** Reads in flight are shared too: a burst's first publishes wait for one read. */
  private readonly recent = new Map<string, { opened: Promise<Opened | PublishOutcome>; until: number }>();

  constructor(
    private readonly connections: ConnectionRepository,
    private readonly store: ConnectionStore,
    private readonly registry: ChannelRegistry,
    private readonly tokens: TokenRefreshService,
  ) {
    super();
  }

  async connection(connectionId: string): Promise<Connection | null> {
    const e = await this.connections.findLive(connectionId);
    return e ? toConnection(e) : null;
  }

  async publish(connectionId: string, post: OutboundPost): Promise<PublishOutcome> {
    const opened = await this.open(connectionId);
    if ('kind' in opened) return opened;
    const { e, ctx } = opened;
    const provider = this.registry.get(e.platform);
    const first = await provider.publish(ctx, post);
    if (first.kind !== 'published') this.recent.delete(connectionId);
    if (first.kind !== 'permanent' || first.code !== 'AUTH_REVOKED') return first;
    if (e.expiresAt !== null) {
      try {
        const retried = await provider.publish(await this.tokens.ensureFresh(e, true), post);
        if (retried.kind !== 'permanent' || retried.code !== 'AUTH_REVOKED') return retried;
      } catch (err) {
        return refreshOutcome(err);
      }
    }
    await this.store.markNeedsReconnect(e.id, `${provider.limits().label} refused the connection's token (${first.message}). Reconnect it in Channels.`);
    return { kind: 'permanent', code: 'NEEDS_RECONNECT', message: `${first.message} — reconnect ${provider.limits().label} in Channels.` };
  }

  /** The connection and its opened credentials, from a publish less than RECENT_MS ago or read now. */
  private open(connectionId: string): Promise<Opened | PublishOutcome> {
    const now = Date.now();
    const hit = this.recent.get(connectionId);
    if (hit && hit.until > now) return hit.opened;
    if (this.recent.size >= RECENT_MAX) for (const [id, r] of this.recent) if (r.until <= now) this.recent.delete(id);
    const opened = this.read(connectionId);
    if (this.recent.size < RECENT_MAX) {
      this.recent.set(connectionId, { opened, until: now + RECENT_MS });
      // Only an active connection that opened is kept.
      opened.then(
        (o) => {
          if ('kind' in o || o.e.status !== 'active') this.recent.delete(connectionId);
        },
        () => this.recent.delete(connectionId),
      );
    }
    return opened;
  }

  private async read(connectionId: string): Promise<Opened | PublishOutcome> {
    const e = await this.connections.findLive(connectionId);
    if (!e) return { kind: 'permanent', code: 'CONNECTION_NOT_FOUND', message: 'The channel was removed before the post went out.' };
    if (e.status === 'needs_reconnect') return needsReconnect(e);
    let ctx: ChannelContext;
    try {
      ctx = await this.tokens.ensureFresh(e);
    } catch (err) {
      return refreshOutcome(err);
    }
    return { e, ctx };
  }

  /**
   * Throws MeshError RECONCILE_UNAVAILABLE (retryable: false) when the platform offers no way to
   * look (Medium): the caller must treat the outcome as still unknown and not post again.
   */
  async reconcile(connectionId: string, post: OutboundPost): Promise<ReconcileOutcome> {
    const { provider, ctx } = await this.prepare(connectionId);
    try {
      return await provider.reconcile(ctx, post);
    } catch (err) {
      throw toMeshError(err, 'RECONCILE_FAILED');
    }
  }

  async metrics(connectionId: string, externalId: string): Promise<PostMetricsReading> {
    const { provider, ctx } = await this.prepare(connectionId);
    try {
      return await provider.metrics(ctx, externalId);
    } catch (err) {
      throw toMeshError(err, 'METRICS_FAILED');
    }
  }

  private async prepare(connectionId: string): Promise<{ provider: ChannelProvider; ctx: ChannelContext }> {
    const e = await this.connections.findLive(connectionId);
    if (!e) throw new MeshError('CONNECTION_NOT_FOUND', 'No such connection', { status: 404, retryable: false });
    const provider = this.registry.get(e.platform);
    try {
      return { provider, ctx: await this.tokens.ensureFresh(e) };
    } catch (err) {
      throw toMeshError(err, 'REFRESH_FAILED');
    }
  }
}

function needsReconnect(e: ConnectionEntity): PublishOutcome {
  return { kind: 'permanent', code: 'NEEDS_RECONNECT', message: e.statusReason ?? 'The channel must be reconnected in Channels before it can publish.' };
}

function refreshOutcome(err: unknown): PublishOutcome {
  if (err instanceof ProviderError) {
    if (err.kind === 'revoked') return { kind: 'permanent', code: 'NEEDS_RECONNECT', message: `The channel must be reconnected: ${err.message}` };
    if (err.kind === 'transient')
      return { kind: 'retryable', code: err.code, message: `Could not refresh the channel's token: ${err.message}`, retryAfterMs: err.extra.retryAfterMs };
    return { kind: 'permanent', code: err.code, message: err.message };
  }
  if (err instanceof MeshError) return { kind: err.retryable ? 'retryable' : 'permanent', code: err.code, message: err.message };
  return { kind: 'retryable', code: 'INTERNAL', message: (err as Error)?.message ?? 'unexpected error' };
}

function toMeshError(err: unknown, code: string): unknown {
  if (!(err instanceof ProviderError)) return err;
  return new MeshError(err.code === 'RECONCILE_UNAVAILABLE' ? err.code : code, err.message, {
    retryable: err.kind === 'transient',
    status: err.kind === 'transient' ? 503 : 422,
    details: { kind: err.kind, platformCode: err.code, retryAfterMs: err.extra.retryAfterMs },
  });
}
