import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { type Connection, PUBLISHING_EVENTS, UnitOfWork } from '@mt/messages';
import type { ConnectionEntity } from '../entities/connection.entity';
import type { ChannelContext, ConnectedAccount } from '../providers/channel-provider';
import { ConnectionRepository } from '../repositories/connection.repository';
import { CredentialCipher } from '../../crypto/credential-cipher.service';
import { toConnection } from './connection-view';

/** The associated data of a connection's ciphertext: it opens only on its own row. */
const aad = (connectionId: string) => `publishing.connection:${connectionId}`;

/**
 * Writes and reads connections with their credentials sealed. Every status change commits with
 * its `connection.changed` event. Callers do the platform's network calls before, never inside,
 * these transactions.
 */
@Injectable()
export class ConnectionStore {
  constructor(
    private readonly connections: ConnectionRepository,
    private readonly cipher: CredentialCipher,
    private readonly uow: UnitOfWork,
  ) {}

  /** Decrypted credentials and config for one provider call. */
  open(e: ConnectionEntity): ChannelContext {
    return {
      connectionId: e.id,
      credentials: this.cipher.open<Record<string, string>>(e.credentials, aad(e.id)),
      config: e.config ?? {},
      accountId: e.accountId,
    };
  }

  async create(brandId: string, platform: string, account: ConnectedAccount, createdBy: string | null, displayName?: string): Promise<Connection> {
    const id = randomUUID();
    const sealed = this.cipher.seal(account.credentials, aad(id));
    return this.uow.transaction(async () => {
      const saved = await this.connections.insert({
        id,
        brandId,
        platform,
        displayName: (displayName ?? account.displayName).trim().slice(0, 200) || platform,
        status: 'active',
        statusReason: null,
        accountId: account.accountId,
        config: account.config,
        credentials: sealed.value,
        keyId: sealed.keyId,
        expiresAt: account.expiresAt,
        refreshFailures: 0,
        createdBy,
      });
      return this.announce(saved, 'connected');
    });
  }

  /** New credentials after a refresh; a connection that had failed becomes active again. */
  async saveRefreshed(id: string, credentials: Record<string, string>, expiresAt: Date | null): Promise<ConnectionEntity | null> {
    const sealed = this.cipher.seal(credentials, aad(id));
    return this.uow.transaction(async () => {
      const e = await this.connections.lockLive(id);
      if (!e) return null;
      const wasDown = e.status !== 'active';
      Object.assign(e, { credentials: sealed.value, keyId: sealed.keyId, expiresAt, refreshFailures: 0, status: 'active', statusReason: null });
      const saved = await this.connections.save(e);
      if (wasDown) this.announce(saved, 'reconnected');
      return saved;
    });
  }

  /**
   * The same account connected again (a reconnect after needs_reconnect, or new credentials):
   * the existing connection is renewed rather than twinned, so schedules pointing at it still work.
   */
  async renew(id: string, account: ConnectedAccount): Promise<Connection | null> {
    const sealed = this.cipher.seal(account.credentials, aad(id));
    return this.uow.transaction(async () => {
      const e = await this.connections.lockLive(id);
      if (!e) return null;
      const wasDown = e.status !== 'active';
      Object.assign(e, {
        credentials: sealed.value,
        keyId: sealed.keyId,
        config: account.config,
        expiresAt: account.expiresAt,
        refreshFailures: 0,
        status: 'active',
        statusReason: null,
      });
      const saved = await this.connections.save(e);
      return wasDown ? this.announce(saved, 'reconnected') : toConnection(saved);
    });
  }

  /**
   * New settings chosen by a member (a Pinterest board, ADR 207). `expected` is the config the
   * choice was checked against: a reconnect in between wins, and the caller hears a conflict (null).
   */
  async reconfigure(id: string, expected: Record<string, string>, config: Record<string, string>, displayName: string): Promise<Connection | null> {
    return this.uow.transaction(async () => {
      const e = await this.connections.lockLive(id);
      if (!e || JSON.stringify(e.config ?? {}) !== JSON.stringify(expected)) return null;
      Object.assign(e, { config, displayName });
      return this.announce(await this.connections.save(e), 'reconfigured');
    });
  }

  /** A revoked grant: the user must reconnect. Announced once (not again while it stays so). */
  async markNeedsReconnect(id: string, why: string): Promise<void> {
    await this.uow.transaction(async () => {
      const e = await this.connections.lockLive(id);
      if (!e || e.status === 'needs_reconnect') return;
      Object.assign(e, { status: 'needs_reconnect', statusReason: why });
      this.announce(await this.connections.save(e), 'needs_reconnect');
    });
  }

  /** A transient refresh failure: counted, never a disconnect. */
  async countTransientFailure(id: string): Promise<void> {
    await this.uow.transaction(async () => {
      const e = await this.connections.lockLive(id);
      if (!e) return;
      e.refreshFailures += 1;
      await this.connections.save(e);
    });
  }

  /** Soft-deletes and forgets the credentials. */
  async remove(id: string): Promise<void> {
    const sealed = this.cipher.seal({}, aad(id));
    await this.uow.transaction(async () => {
      const e = await this.connections.lockLive(id);
      if (!e) return;
      Object.assign(e, {
        status: 'disconnected',
        statusReason: 'Removed by a member of the brand',
        deletedAt: new Date(),
        credentials: sealed.value,
        keyId: sealed.keyId,
      });
      this.announce(await this.connections.save(e), 'deleted');
    });
  }

  /** Re-seals up to `limit` rows made with an older key (after a rotation); answers how many. */
  async resealStale(limit: number): Promise<number> {
    const rows = await this.connections.sealedWith(this.cipher.previousKeyIds(), limit);
    for (const e of rows) await this.reseal(e);
    return rows.length;
  }

  /** Re-seals credentials made with an older key (after a rotation). */
  async reseal(e: ConnectionEntity): Promise<void> {
    if (!this.cipher.isStale(e.keyId)) return;
    const ctx = this.open(e);
    const sealed = this.cipher.seal(ctx.credentials, aad(e.id));
    await this.uow.transaction(async () => {
      const fresh = await this.connections.lockLive(e.id);
      if (!fresh || fresh.credentials !== e.credentials) return;
      Object.assign(fresh, { credentials: sealed.value, keyId: sealed.keyId });
      await this.connections.save(fresh);
    });
  }

  private announce(e: ConnectionEntity, reason: string): Connection {
    const connection = toConnection(e);
    this.uow.publishEvent(PUBLISHING_EVENTS.connectionChanged, { connection, reason });
    return connection;
  }
}
