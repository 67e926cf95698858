import { Injectable } from '@nestjs/common';
import { type Actor, type Connection, type ConnectionPage, type CreateConnectionPayload, MeshError, type PlatformInfo } from '@mt/messages';
import { decodeCursor, pageSize, toPage } from '@mt/runtime';
import { BrandAccessService } from '@mt/replicas';
import type { ConnectionEntity } from '../entities/connection.entity';
import { isOAuthProvider } from '../providers/channel-provider';
import { ChannelRegistry } from '../providers/channel-registry';
import { ConnectionRepository } from '../repositories/connection.repository';
import { connectError, connectionNotFound } from './connection-errors';
import { ConnectionStore } from './connection-store.service';
import { toConnection } from './connection-view';

/**
 * A brand's connections: viewers list them, owners add and remove them (every published post goes
 * to a connection, so choosing where is the owner's, ADR 102). Access is checked and
 * the platform is asked (credentials verified) before any transaction opens.
 */
@Injectable()
export class ConnectionService {
  constructor(
    private readonly connections: ConnectionRepository,
    private readonly store: ConnectionStore,
    private readonly registry: ChannelRegistry,
    private readonly access: BrandAccessService,
  ) {}

  platforms(): PlatformInfo[] {
    return this.registry.list();
  }

  async list(actor: Actor, brandId: string, limit: number, cursor?: string | null): Promise<ConnectionPage> {
    await this.access.require(actor, brandId, 'viewer');
    const size = pageSize(limit);
    const rows = await this.connections.listByBrand(brandId, size + 1, decodeCursor(cursor));
    return toPage(rows, size, toConnection);
  }

  async create(p: CreateConnectionPayload): Promise<Connection> {
    await this.access.require(p.actor, p.brandId, 'owner');
    const provider = this.registry.get(p.platform);
    if (isOAuthProvider(provider)) {
      throw new MeshError('VALIDATION_FAILED', `${provider.limits().label} connects through OAuth: GET /connections/${p.platform}/oauth/start`, {
        status: 400,
        details: { errors: [{ field: 'platform', message: 'connect through /connections/{platform}/oauth/start' }] },
      });
    }
    // Secrets given under config (the webhook channel's `secret`) are treated as credentials: never stored in the clear.
    const credentials: Record<string, string> = { ...(p.credentials ?? {}) };
    const config: Record<string, string> = {};
    const unknown: string[] = [];
    for (const [k, v] of Object.entries(p.config ?? {})) {
      if (provider.credentialFields.includes(k)) credentials[k] = v;
      else if (provider.configFields.includes(k)) config[k] = v;
      else unknown.push(`config.${k}`);
    }
    for (const k of Object.keys(p.credentials ?? {})) if (!provider.credentialFields.includes(k)) unknown.push(`credentials.${k}`);
    for (const [k, v] of Object.entries({ ...credentials, ...config })) if (typeof v !== 'string') unknown.push(`${k} must be a string`);
    if (unknown.length > 0) {
      throw new MeshError('VALIDATION_FAILED', `Not a field of ${provider.limits().label}: ${unknown.join(', ')}`, {
        status: 400,
        details: { errors: unknown.map((f) => ({ field: f.split(' ')[0], message: `not expected for ${p.platform}` })) },
      });
    }
    let account;
    try {
      account = await provider.connect({ credentials, config, displayName: p.displayName });
    } catch (err) {
      throw connectError(err, provider.limits().label);
    }
    const existing = account.accountId ? await this.connections.findByAccount(p.brandId, p.platform, account.accountId) : null;
    if (existing) {
      const renewed = await this.store.renew(existing.id, account);
      if (renewed) return renewed;
    }
    return this.store.create(p.brandId, p.platform, account, p.actor.userId, p.displayName);
  }

  async remove(actor: Actor, connectionId: string): Promise<void> {
    await this.load(actor, connectionId, 'owner');
    await this.store.remove(connectionId);
  }

  /** The connection, if the actor has at least `role` on its brand; 404 when they have none. */
  async load(actor: Actor, id: string, role: 'viewer' | 'editor' | 'owner'): Promise<ConnectionEntity> {
    const c = await this.connections.findLive(id);
    if (!c) throw connectionNotFound();
    try {
      await this.access.require(actor, c.brandId, role);
    } catch (err) {
      if (err instanceof MeshError && err.code === 'NOT_FOUND') throw connectionNotFound();
      throw err;
    }
    return c;
  }
}
