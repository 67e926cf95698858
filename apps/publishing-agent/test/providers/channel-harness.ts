import { randomBytes, randomUUID } from 'node:crypto';
import sharp from 'sharp';
import type { DataSource } from 'typeorm';
import type { MeshNode } from '@mt/messages';
import { JsonLogger, MemoryKeyValueStore } from '@mt/runtime';
import { type MediumContext, newMediumContext } from '../../../../test/support/medium';
import type { TestDatabase } from '../../../../test/support/pg';
import { loadPublishingConfig, type PublishingConfig } from '../../src/config/publishing.config';
import { CHANNEL_ENTITIES } from '../../src/channels/entities/channels.entities';
import { CHANNEL_MIGRATIONS } from '../../src/channels/migrations/channels.migrations';
import type { OutboundMedia } from '../../src/channels/channel-gateway.port';
import type { ChannelProvider, ConnectedAccount } from '../../src/channels/providers/channel-provider';
import { ChannelRegistry } from '../../src/channels/providers/channel-registry';
import { ConnectionRepository } from '../../src/channels/repositories/connection.repository';
import { OAuthStateRepository } from '../../src/channels/repositories/oauth-state.repository';
import { ChannelGatewayService } from '../../src/channels/services/channel-gateway.service';
import { ConnectionStore } from '../../src/channels/services/connection-store.service';
import { CredentialCipher } from '../../src/crypto/credential-cipher.service';
import { TokenRefreshService } from '../../src/channels/services/token-refresh.service';

/**
 * Settings for provider tests: short backoff, private URLs allowed (the fakes live on 127.0.0.1).
 * The platform's answer deadline keeps its room: on a loaded machine a local answer can take
 * seconds. A test about a timeout cuts it for its one request with `ChannelHarness.timingOut`.
 */
export function testSettings(env: Record<string, string> = {}): PublishingConfig {
  return loadPublishingConfig({ CHANNEL_TIMEOUT_MS: '10000', CHANNEL_RETRY_BASE_MS: '10', CHANNEL_RETRIES: '2', CHANNEL_ALLOW_PRIVATE_URLS: 'true', ...env });
}

/** The outbox's `connection.changed` events, oldest first. */
export interface ChangedEvent {
  connection: { id: string; status: string; statusReason: string | null };
  reason: string | null;
}

/**
 * The channels stack on a real PostgreSQL (publishing schema, channel migrations), with the
 * providers under test: connections are stored encrypted, refreshes are classified, events go to
 * the outbox as in the agent.
 */
export class ChannelHarness {
  medium!: MediumContext;
  db!: TestDatabase;
  ds!: DataSource;
  node!: MeshNode;
  store!: ConnectionStore;
  tokens!: TokenRefreshService;
  gateway!: ChannelGatewayService;
  connections!: ConnectionRepository;

  constructor(
    readonly settings: PublishingConfig,
    readonly providers: ChannelProvider[],
    readonly cipher = new CredentialCipher(randomBytes(32).toString('base64')),
  ) {}

  async start(): Promise<this> {
    // publishing-agent's channels room alone: its own entities and migrations.
    this.medium = await newMediumContext(
      { agent: 'publishing-agent', schema: 'publishing', entities: CHANNEL_ENTITIES, migrations: CHANNEL_MIGRATIONS },
      { label: 'channels', sender: true },
    );
    ({ db: this.db, ds: this.ds, node: this.node } = this.medium);
    const registry = new ChannelRegistry(this.providers);
    this.connections = new ConnectionRepository(this.node.uow);
    this.store = new ConnectionStore(this.connections, this.cipher, this.node.uow);
    this.tokens = new TokenRefreshService(
      this.connections,
      new OAuthStateRepository(this.node.uow),
      this.store,
      registry,
      this.settings,
      new MemoryKeyValueStore(),
      { logger: new JsonLogger('test', 'silent') },
    );
    this.gateway = new ChannelGatewayService(this.connections, this.store, registry, this.tokens);
    return this;
  }

  /**
   * Runs `call` with CHANNEL_TIMEOUT_MS cut to `ms`, for a request that the fake holds on purpose
   * ('timeout-after-accepting'): only the call under test waits for the deadline.
   */
  async timingOut<T>(call: () => Promise<T>, ms = 500): Promise<T> {
    const settings = this.settings as { requestTimeoutMs: number };
    const saved = settings.requestTimeoutMs;
    settings.requestTimeoutMs = ms;
    try {
      return await call();
    } finally {
      settings.requestTimeoutMs = saved;
    }
  }

  async stop(): Promise<void> {
    await this.medium?.stop();
  }

  /** Stores a verified account as a connection of a new brand. */
  async connect(platform: string, account: ConnectedAccount): Promise<string> {
    const c = await this.store.create(randomUUID(), platform, account, null);
    return c.id;
  }

  async row(id: string) {
    return (await this.connections.findLive(id))!;
  }

  /** Moves a connection's token expiry (e.g. into the past, so it is due). */
  async expireAt(id: string, at: Date): Promise<void> {
    await this.ds.query(`UPDATE publishing.connection SET expires_at = $2 WHERE id = $1`, [id, at]);
  }

  async changedEvents(connectionId: string): Promise<ChangedEvent[]> {
    const rows = (await this.ds.query(`SELECT envelope FROM publishing.outbox ORDER BY id`)) as { envelope: string }[];
    return rows
      .map((r) => JSON.parse(r.envelope) as { event_type?: string; payload: ChangedEvent })
      .filter((e) => e.event_type === 'connection.changed' && e.payload.connection.id === connectionId)
      .map((e) => e.payload);
  }
}

export function post(overrides: Partial<{ body: string; hashtags: string[]; title: string; idempotencyKey: string }> = {}) {
  return {
    contentId: randomUUID(),
    brandId: randomUUID(),
    body: `Fresh beans are in ${randomUUID().slice(0, 6)}.`,
    hashtags: ['coffee'],
    idempotencyKey: randomUUID(),
    ...overrides,
  };
}

/** An image medium as the publish runner hands it to a provider: real PNG bytes of this size. */
export async function imageMedium(width: number, height: number, over: Partial<OutboundMedia> = {}): Promise<OutboundMedia> {
  const bytes = await sharp({ create: { width, height, channels: 3, background: '#6f4e37' } })
    .png()
    .toBuffer();
  return {
    id: randomUUID(),
    kind: 'image',
    mimeType: 'image/png',
    fileName: 'beans.png',
    bytes,
    width,
    height,
    altText: 'Green coffee beans',
    focus: null,
    ...over,
  };
}

/** A video medium: an MP4 `ftyp` box, then `size` bytes in all (platforms sniff the first bytes). */
export function videoMedium(size: number, over: Partial<OutboundMedia> = {}): OutboundMedia {
  const bytes = randomBytes(size);
  Buffer.from([0, 0, 0, 0x18, 0x66, 0x74, 0x79, 0x70, 0x69, 0x73, 0x6f, 0x6d]).copy(bytes, 0);
  return { id: randomUUID(), kind: 'video', mimeType: 'video/mp4', fileName: 'pour.mp4', bytes, width: 320, height: 240, altText: null, focus: null, ...over };
}
