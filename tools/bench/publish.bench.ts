/**
 * npm run bench:publish — the durable scheduler under load: 1,000 schedule items due now, two
 * publishing-agent instances (the scheduling part, each its own process state, one database and
 * broker) against a fake platform answering in 50 ms. Prints one JSON line last:
 * {"published","duplicates","lost","publishesPerSec","p95LatenessMs"}
 * Needs the local RabbitMQ (rabbitmqctl) and PostgreSQL; uses its own vhost and database.
 *
 * The same file is the harness of test/e2e/exactly-once.e2e-spec.ts: `--worker` runs one
 * instance as a child process (the test SIGKILLs it), and the exports build instances in-process.
 */
import 'reflect-metadata';
import { execFileSync, fork } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { type DynamicModule, Global, type INestApplication, Module } from '@nestjs/common';
import { Client } from 'pg';
import type { Connection } from '@mt/messages';
import {
  BrandAccessReplicaHandler,
  BrandAccessService,
  BrandProfileReplicaHandler,
  BrandProfileService,
  loadRuntimeConfig,
  RuntimeModule,
  Runtime,
  startApp,
} from '@mt/runtime';
import { PUBLISHING_ENTITIES } from '../../apps/publishing-agent/src/entities';
import { PUBLISHING_MIGRATIONS } from '../../apps/publishing-agent/src/migrations';
import { ScheduleItemRepository } from '../../apps/publishing-agent/src/repositories/schedule-item.repository';
import {
  ChannelGateway,
  type OutboundPost,
  type PostMetricsReading,
  type PublishOutcome,
  type ReconcileOutcome,
} from '../../apps/publishing-agent/src/services/channel-gateway';
import { SchedulingModule } from '../../apps/publishing-agent/src/scheduling.module';

const PG_ADMIN = process.env.TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const AMQP_BASE = process.env.TEST_AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672';

/* ------------------------------------------------------------------ the fake platform */

interface StoredPost {
  id: string;
  key: string;
  /** How many times a post with this key was accepted as new: more than 1 is a duplicate. */
  accepted: number;
  firstAt: number;
}

/**
 * A platform that posts what it is sent: one post per accepted request (it does NOT drop a
 * repeated idempotency key, so a duplicate attempt shows up as a duplicate post), answers after
 * `latencyMs`, and can be told to accept the next posts and then not answer (a timeout after
 * accepting). `GET /posts?key=` finds a post by the idempotency key it was sent with.
 */
export class FakePlatform {
  readonly posts = new Map<string, StoredPost>();
  requests = 0;
  private hangNext = 0;
  private server: Server | null = null;
  url = '';

  constructor(readonly opts: { latencyMs: number; hangMs?: number }) {}

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    this.server.keepAliveTimeout = 30_000;
    await new Promise<void>((r) => this.server?.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  /** The next `n` posts are accepted and stored, and then never answered within the client's timeout. */
  acceptThenHang(n: number): void {
    this.hangNext = n;
  }

  duplicates(): number {
    let d = 0;
    for (const p of this.posts.values()) d += p.accepted - 1;
    return d;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((r) => this.server?.close(() => r()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const u = new URL(req.url ?? '/', 'http://x');
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (req.method === 'GET' && u.pathname === '/posts') {
      const p = this.posts.get(u.searchParams.get('key') ?? '');
      if (!p) return json(404, { error: 'not found' });
      return json(200, { id: p.id, url: `${this.url}/p/${p.id}`, createdAt: new Date(p.firstAt).toISOString() });
    }
    if (req.method === 'POST' && u.pathname === '/posts') {
      this.requests++;
      const key = String(req.headers['idempotency-key'] ?? '');
      await sleep(this.opts.latencyMs);
      const existing = this.posts.get(key);
      const post = existing ?? { id: `post-${randomUUID().slice(0, 8)}`, key, accepted: 0, firstAt: Date.now() };
      post.accepted++;
      this.posts.set(key, post);
      if (this.hangNext > 0) {
        this.hangNext--;
        await sleep(this.opts.hangMs ?? 5_000);
      }
      if (res.destroyed) return;
      return json(201, { id: post.id, url: `${this.url}/p/${post.id}` });
    }
    json(404, { error: 'no such route' });
  }
}

/**
 * A ChannelGateway over the fake platform: a timeout or a dropped connection after sending is
 * `unknown`, 5xx is retryable, another 4xx permanent; reconcile looks the key up. Every
 * connection is an active one of `brandId`.
 */
export class FakeChannelGateway extends ChannelGateway {
  constructor(
    private readonly baseUrl: string,
    private readonly brandId: string,
    private readonly timeoutMs: number,
  ) {
    super();
  }

  async connection(connectionId: string): Promise<Connection | null> {
    const now = new Date().toISOString();
    return {
      id: connectionId,
      brandId: this.brandId,
      platform: 'webhook',
      displayName: 'fake platform',
      status: 'active',
      statusReason: null,
      accountId: null,
      expiresAt: null,
      createdAt: now,
      updatedAt: now,
    };
  }

  async publish(connectionId: string, post: OutboundPost): Promise<PublishOutcome> {
    try {
      const res = await fetch(`${this.baseUrl}/posts`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': post.idempotencyKey },
        body: JSON.stringify({ connectionId, body: post.body }),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      const j = (await res.json().catch(() => ({}))) as { id?: string; url?: string; error?: string };
      if (res.ok && j.id) return { kind: 'published', externalId: j.id, url: j.url ?? null, publishedAt: new Date().toISOString() };
      if (res.status >= 500 || res.status === 429) return { kind: 'retryable', code: 'PLATFORM_UNAVAILABLE', message: j.error ?? `HTTP ${res.status}` };
      return { kind: 'permanent', code: 'REJECTED', message: j.error ?? `HTTP ${res.status}` };
    } catch (err) {
      return { kind: 'unknown', reason: (err as Error).message };
    }
  }

  async reconcile(_connectionId: string, post: OutboundPost): Promise<ReconcileOutcome> {
    const res = await fetch(`${this.baseUrl}/posts?key=${encodeURIComponent(post.idempotencyKey)}`, { signal: AbortSignal.timeout(this.timeoutMs) });
    if (res.status === 404) return { found: false };
    if (!res.ok) throw new Error(`reconcile answered ${res.status}`);
    const j = (await res.json()) as { id: string; url: string; createdAt: string };
    return { found: true, externalId: j.id, url: j.url, publishedAt: j.createdAt };
  }

  async metrics(): Promise<PostMetricsReading> {
    return { impressions: 0, engagements: 0, clicks: 0 };
  }
}

/* ------------------------------------------------------------------ instances */

/** publishing-agent's scheduling part with the fake gateway in place of the channels part. */
function harnessModule(runtime: Runtime, gateway: ChannelGateway): DynamicModule {
  @Global()
  @Module({})
  class SchedulingHarnessModule {}
  return {
    module: SchedulingHarnessModule,
    global: true,
    imports: [
      RuntimeModule.forApp(runtime, { name: 'publishing-agent', schema: 'publishing', entities: PUBLISHING_ENTITIES, migrations: PUBLISHING_MIGRATIONS }),
      SchedulingModule,
    ],
    controllers: [BrandAccessReplicaHandler, BrandProfileReplicaHandler],
    providers: [BrandAccessService, BrandProfileService, { provide: ChannelGateway, useValue: gateway }],
    exports: [BrandAccessService, BrandProfileService, ChannelGateway],
  };
}

export interface InstanceOptions {
  databaseUrl: string;
  amqpUrl: string;
  namespace: string;
  fakeUrl: string;
  brandId: string;
  /** Extra settings (SCHEDULER_LEASE_MS, PUBLISH_TIMEOUT_MS, …). */
  env?: Record<string, string>;
}

export interface Instance {
  app: INestApplication;
  items: ScheduleItemRepository;
  stop(): Promise<void>;
}

export async function startInstance(o: InstanceOptions): Promise<Instance> {
  const env = o.env ?? {};
  const config = loadRuntimeConfig({
    LOG_LEVEL: 'error',
    JWT_SECRET: 'bench-secret-that-is-long-enough-for-hs256-signing',
    DATABASE_URL: o.databaseUrl,
    AMQP_URL: o.amqpUrl,
    MESH_NAMESPACE: o.namespace,
    ...env,
  });
  const runtime = await Runtime.start(config, 'publishing-agent');
  const gateway = new FakeChannelGateway(o.fakeUrl, o.brandId, Number(env.PUBLISH_TIMEOUT_MS ?? 30_000));
  const app = await startApp(harnessModule(runtime, gateway), runtime, { name: 'publishing-agent' });
  return {
    app,
    items: app.get(ScheduleItemRepository),
    async stop() {
      await app.close();
      await runtime.close();
    },
  };
}

/** `n` items due at `at`, one connection each (brand-wide unique keys), inserted in batches. */
export async function seedItems(items: ScheduleItemRepository, brandId: string, n: number, at: Date): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i += 250) {
    const batch = Array.from({ length: Math.min(250, n - i) }, () => {
      const id = randomUUID();
      ids.push(id);
      return {
        id,
        brandId,
        contentId: randomUUID(),
        connectionId: randomUUID(),
        platform: 'webhook',
        at,
        idempotencyKey: `mt-${id}`,
        body: 'A post from the scheduler benchmark',
        hashtags: ['bench'],
        variantId: null,
        abTestId: null,
        createdBy: null,
      };
    });
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

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/* ------------------------------------------------------------------ entry points */

/** The fake platform in its own process (as a real platform is): its URL, then its posts on request. */
async function fakeProcess(): Promise<void> {
  const fake = await new FakePlatform({ latencyMs: Number(process.env.MT_FAKE_LATENCY_MS ?? 50) }).start();
  process.send?.({ url: fake.url });
  process.on('message', (m) => {
    if (m === 'posts') process.send?.({ posts: [...fake.posts.values()] });
  });
}

/** Starts the fake platform as a child process. */
async function forkFake(latencyMs: number): Promise<{ url: string; posts(): Promise<StoredPost[]>; stop(): void }> {
  const child = fork(__filename, ['--fake'], {
    execArgv: ['-r', '@swc-node/register'],
    env: { ...process.env, MT_FAKE_LATENCY_MS: String(latencyMs) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const url = await new Promise<string>((resolve) => child.once('message', (m: { url: string }) => resolve(m.url)));
  return {
    url,
    posts: () =>
      new Promise<StoredPost[]>((resolve) => {
        child.once('message', (m: { posts: StoredPost[] }) => resolve(m.posts));
        child.send('posts');
      }),
    stop: () => child.kill('SIGKILL'),
  };
}

async function worker(): Promise<void> {
  const o = JSON.parse(process.env.MT_HARNESS ?? '{}') as InstanceOptions;
  const instance = await startInstance(o);
  process.send?.('ready');
  process.on('SIGTERM', () => void instance.stop().then(() => process.exit(0)));
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? 0;
};

async function bench(): Promise<void> {
  const N = Number(process.env.BENCH_ITEMS ?? 1_000);
  const id = `${Date.now().toString(36)}${randomBytes(2).toString('hex')}`;
  const vhost = `mt-bench-${id}`;
  const dbName = `mt_bench_${id}`;
  execFileSync('rabbitmqctl', ['add_vhost', vhost], { stdio: 'pipe' });
  execFileSync('rabbitmqctl', ['set_permissions', '-p', vhost, 'guest', '.*', '.*', '.*'], { stdio: 'pipe' });
  const admin = new Client({ connectionString: PG_ADMIN });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${dbName}"`);
  const fake = await forkFake(50);
  const brandId = randomUUID();
  const opts: InstanceOptions = {
    databaseUrl: Object.assign(new URL(PG_ADMIN), { pathname: `/${dbName}` }).toString(),
    amqpUrl: `${AMQP_BASE}/${encodeURIComponent(vhost)}`,
    namespace: 'bench',
    fakeUrl: fake.url,
    brandId,
    env: { SCHEDULER_CONCURRENCY: process.env.BENCH_CONCURRENCY ?? '64' },
  };
  const a = await startInstance(opts);
  const child = forkInstance(opts);
  try {
    await new Promise<void>((resolve, reject) => {
      child.once('message', () => resolve());
      child.once('exit', (code) => reject(new Error(`the second instance exited (${code})`)));
    });
    // Due the moment they are all in: lateness counts from the item's time, as a user sees it.
    const seededAt = Date.now();
    const at = new Date(seededAt + 1_000);
    await seedItems(a.items, brandId, N, at);
    const seedMs = Date.now() - seededAt;
    const deadline = Date.now() + 120_000;
    while (Date.now() < deadline) {
      const counts = await a.items.countByStatus(brandId);
      if ((counts.published ?? 0) + (counts.failed ?? 0) >= N) break;
      await sleep(100);
    }
    await sleep(500);
    const counts = await a.items.countByStatus(brandId);
    const posts = await fake.posts();
    const firstPostAt = Math.min(...posts.map((p) => p.firstAt));
    const lastPostAt = Math.max(...posts.map((p) => p.firstAt));
    const lateness = posts.map((p) => Math.max(0, p.firstAt - at.getTime()));
    const published = posts.length;
    const result = {
      published,
      duplicates: posts.reduce((d, p) => d + p.accepted - 1, 0),
      lost: N - published,
      recordedPublished: counts.published ?? 0,
      failed: counts.failed ?? 0,
      publishesPerSec: Math.round((published / Math.max(1, lastPostAt - Math.min(firstPostAt, at.getTime()))) * 1000),
      p50LatenessMs: pct(lateness, 50),
      p95LatenessMs: pct(lateness, 95),
      maxLatenessMs: pct(lateness, 100),
      seedMs,
      items: N,
      instances: 2,
      platformLatencyMs: 50,
    };
    console.log(JSON.stringify(result));
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    await a.stop();
    fake.stop();
    await admin.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`).catch(() => undefined);
    await admin.end();
    execFileSync('rabbitmqctl', ['delete_vhost', vhost], { stdio: 'pipe' });
  }
}

if (process.argv[1] && path.basename(process.argv[1]) === 'publish.bench.ts') {
  const run = process.argv.includes('--worker') ? worker() : process.argv.includes('--fake') ? fakeProcess() : bench().then(() => process.exit(0));
  run.catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
