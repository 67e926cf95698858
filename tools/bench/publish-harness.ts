/**
 * Whole publishing-agent instances (channels, scheduling, performance: PublishingAgentModule, as
 * `npm run start:publishing-agent` runs it) on one PostgreSQL, RabbitMQ and Redis, publishing
 * through their real channels — connections stored encrypted, providers, token handling — to
 * the platform fleet (platform-fleet.ts). Used by `npm run bench:publish` and
 * test/e2e/exactly-once.e2e-spec.ts; `--worker` runs one instance as a child process (the test
 * SIGKILLs it).
 */
import 'reflect-metadata';
import { fork } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import path from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { BlobStore, loadRuntimeConfig, Runtime, startApp } from '@mt/runtime';
import { ChannelRegistry } from '../../apps/publishing-agent/src/channels/providers/channel-registry';
import { PublishingAgentModule } from '../../apps/publishing-agent/src/publishing-agent.module';
import { MediaRepository } from '../../apps/publishing-agent/src/scheduling/repositories/media.repository';
import { ScheduleItemRepository } from '../../apps/publishing-agent/src/scheduling/repositories/schedule-item.repository';
import { SchedulerWakeup } from '../../apps/publishing-agent/src/scheduling/services/scheduler-wakeup';
import { ConnectionStore } from '../../apps/publishing-agent/src/channels/services/connection-store.service';
import { fleetBody, type FleetAccount, type FleetPlatform } from './platform-fleet';

export interface InstanceOptions {
  databaseUrl: string;
  amqpUrl: string;
  redisUrl: string;
  redisPrefix: string;
  namespace: string;
  /** Shared by every instance, as replicas must share it (base64, 32 bytes). */
  credentialsKey: string;
  /** Extra settings (SCHEDULER_LEASE_MS, CHANNEL_TIMEOUT_MS, …). */
  env?: Record<string, string>;
}

export interface Instance {
  app: INestApplication;
  items: ScheduleItemRepository;
  /** Connects a fleet account to `brandId` as POST /connections does: verified with the platform, sealed, stored. */
  connect(brandId: string, account: FleetAccount): Promise<FleetConnection>;
  /** Puts an image in the brand's media library (bytes in the media store, its row), as an upload would leave it. */
  addImage(brandId: string, image: SeedImage): Promise<string>;
  /**
   * Tells the instance's scheduler that items fall due at `at`, as the schedule service does after
   * it commits new items (ADR 112: an idle scheduler sleeps until the next item it knows of, up to
   * SCHEDULER_IDLE_MAX_MS). Items seeded straight into the table need it as much as scheduled ones.
   */
  wake(at: Date): void;
  stop(): Promise<void>;
}

export interface FleetConnection {
  id: string;
  platform: FleetPlatform;
}

export const newCredentialsKey = () => randomBytes(32).toString('base64');

export interface SeedImage {
  bytes: Buffer;
  mimeType: 'image/png' | 'image/jpeg';
  width: number;
  height: number;
  altText: string;
}

/** The fleet's platforms that take images; webhook items stay text. */
export const MEDIA_PLATFORMS: FleetPlatform[] = ['mastodon', 'bluesky', 'wordpress'];

export async function startInstance(o: InstanceOptions): Promise<Instance> {
  const config = loadRuntimeConfig({
    LOG_LEVEL: 'error',
    JWT_SECRET: 'bench-secret-that-is-long-enough-for-hs256-signing',
    DATABASE_URL: o.databaseUrl,
    AMQP_URL: o.amqpUrl,
    REDIS_URL: o.redisUrl,
    REDIS_PREFIX: o.redisPrefix,
    MESH_NAMESPACE: o.namespace,
    CREDENTIALS_KEY: o.credentialsKey,
    // The fleet listens on 127.0.0.1.
    CHANNEL_ALLOW_PRIVATE_URLS: 'true',
    ...o.env,
  });
  const runtime = await Runtime.start(config, 'publishing-agent');
  const app = await startApp(PublishingAgentModule.register(runtime), runtime, { name: 'publishing-agent' });
  return {
    app,
    items: app.get(ScheduleItemRepository),
    async connect(brandId, account) {
      const provider = app.get(ChannelRegistry).get(account.platform);
      const connected = await provider.connect({ credentials: account.credentials, config: account.config });
      const c = await app.get(ConnectionStore).create(brandId, account.platform, connected, null);
      return { id: c.id, platform: account.platform };
    },
    async addImage(brandId, image) {
      const id = randomUUID();
      const storageKey = `${brandId}/${id}`;
      await app.get(BlobStore).put(storageKey, image.bytes, image.mimeType);
      await app.get(MediaRepository, { strict: false }).insert({
        ...{ id, brandId, kind: 'image', mimeType: image.mimeType, fileName: `${id}.${image.mimeType === 'image/png' ? 'png' : 'jpg'}` },
        ...{ bytes: image.bytes.length, width: image.width, height: image.height, durationS: null, frameRate: null, codec: null, altText: image.altText },
        ...{ focus: null, storageKey, createdBy: null },
      });
      return id;
    },
    wake(at) {
      app.get(SchedulerWakeup, { strict: false }).due(at);
    },
    async stop() {
      await app.close();
      await runtime.close();
    },
  };
}

/** `n` items due at `at`, spread over `connections` in turn, inserted in batches. Returns their ids. */
export async function seedItems(
  items: ScheduleItemRepository,
  brandId: string,
  connections: FleetConnection[],
  n: number,
  at: Date,
  /** An image every item on a platform that takes media carries, attached before the item is due (`addImage` made it). */
  media?: { mediaId: string; app: INestApplication },
): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i += 250) {
    const batch = Array.from({ length: Math.min(250, n - i) }, (_, j) => {
      const id = randomUUID();
      const c = connections[(i + j) % connections.length];
      ids.push(id);
      return {
        id,
        brandId,
        contentId: randomUUID(),
        connectionId: c.id,
        platform: c.platform,
        at,
        idempotencyKey: `mt-${id}`,
        body: fleetBody(id),
        hashtags: ['scheduled'],
        variantId: null,
        abTestId: null,
        createdBy: null,
      };
    });
    if (media) {
      const carrying = batch.filter((b) => MEDIA_PLATFORMS.includes(b.platform)).map((b) => b.contentId);
      await media.app
        .get(DataSource)
        .query(`INSERT INTO publishing.content_media (content_id, position, media_id, brand_id) SELECT c, 0, $2, $3 FROM unnest($1::uuid[]) AS c`, [
          carrying,
          media.mediaId,
          brandId,
        ]);
    }
    await items.insert(batch);
  }
  return ids;
}

/** A child process running one instance; it says 'ready' over IPC. */
export function forkInstance(o: InstanceOptions) {
  return fork(__filename, ['--worker'], {
    // BENCH_NODE_ARGS (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof") reaches the instance process.
    execArgv: ['-r', '@swc-node/register', ...(process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean)],
    env: { ...process.env, MT_HARNESS: JSON.stringify(o) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
}

/** Resolves when a forked instance is ready; rejects if it exits first. */
export function whenReady(child: ReturnType<typeof forkInstance>): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    child.once('message', () => resolve());
    child.once('exit', (code) => reject(new Error(`the publishing-agent instance exited (${code})`)));
  });
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

async function worker(): Promise<void> {
  const o = JSON.parse(process.env.MT_HARNESS ?? '{}') as InstanceOptions;
  const instance = await startInstance(o);
  process.send?.('ready');
  process.on('message', (m: { wake?: string }) => {
    if (m?.wake) instance.wake(new Date(m.wake));
  });
  process.on('SIGTERM', () => void instance.stop().then(() => process.exit(0)));
}

if (process.argv[1] && path.basename(process.argv[1]) === path.basename(__filename) && process.argv.includes('--worker')) {
  worker().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
