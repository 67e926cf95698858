/**
 * npm run bench:publish — the durable scheduler under load: 1,000 schedule items due now, two
 * whole publishing-agent instances (one in this process, one forked; one PostgreSQL database,
 * RabbitMQ vhost and Redis prefix) publishing through their real channels to the platform fakes
 * of Mastodon, Bluesky, WordPress and a webhook receiver, in their own process, each answering
 * in 50 ms. Prints one JSON line last:
 * {"published","duplicates","lost","publishesPerSec","p95LatenessMs", …}
 * Counted at the platforms: a post made twice for one item is a duplicate, an item with no post
 * is lost, lateness runs from the item's time to the platform storing the post.
 * Needs the local RabbitMQ (rabbitmqctl), PostgreSQL and Redis; uses its own vhost and database.
 */
import 'reflect-metadata';
import { execFileSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { forkInstance, type InstanceOptions, newCredentialsKey, seedItems, sleep, startInstance, whenReady } from './publish-harness';
import { forkFleet } from './platform-fleet';

const PG_ADMIN = process.env.TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const AMQP_BASE = process.env.TEST_AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672';
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const PLATFORM_LATENCY_MS = 50;

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
  const fleet = await forkFleet(PLATFORM_LATENCY_MS);
  const opts: InstanceOptions = {
    databaseUrl: Object.assign(new URL(PG_ADMIN), { pathname: `/${dbName}` }).toString(),
    amqpUrl: `${AMQP_BASE}/${encodeURIComponent(vhost)}`,
    redisUrl: REDIS_URL,
    redisPrefix: `mt-bench:${id}:`,
    namespace: 'bench',
    credentialsKey: newCredentialsKey(),
    env: { SCHEDULER_CONCURRENCY: process.env.BENCH_CONCURRENCY ?? '64' },
  };
  const a = await startInstance(opts);
  const child = forkInstance(opts);
  try {
    await whenReady(child);
    const brandId = randomUUID();
    const connections = [];
    for (const account of fleet.accounts) connections.push(await a.connect(brandId, account));
    // Due the moment they are all in: lateness counts from the item's time, as a user sees it.
    const seededAt = Date.now();
    const at = new Date(seededAt + 1_000);
    const ids = await seedItems(a.items, brandId, connections, N, at);
    const seedMs = Date.now() - seededAt;
    const deadline = Date.now() + 120_000;
    while (Date.now() < deadline) {
      const counts = await a.items.countByStatus(brandId);
      if ((counts.published ?? 0) + (counts.failed ?? 0) >= N) break;
      await sleep(100);
    }
    await sleep(500);
    const counts = await a.items.countByStatus(brandId);
    const made = await fleet.made();
    const requests = await fleet.publishRequests();
    const perItem = new Map<string, number>();
    const firstAt = new Map<string, number>();
    for (const p of made) {
      perItem.set(p.itemId, (perItem.get(p.itemId) ?? 0) + 1);
      if (!firstAt.has(p.itemId)) firstAt.set(p.itemId, p.at);
    }
    const published = ids.filter((i) => perItem.has(i)).length;
    const times = [...firstAt.values()];
    const lateness = times.map((t) => Math.max(0, t - at.getTime()));
    const byPlatform: Record<string, number> = {};
    for (const p of made) byPlatform[p.platform] = (byPlatform[p.platform] ?? 0) + 1;
    const result = {
      published,
      duplicates: [...perItem.values()].reduce((d, n) => d + n - 1, 0),
      lost: N - published,
      recordedPublished: counts.published ?? 0,
      failed: counts.failed ?? 0,
      repeatedPublishRequests: Object.values(requests).reduce((d, n) => d + n - 1, 0),
      publishesPerSec: Math.round((published / Math.max(1, Math.max(...times) - at.getTime())) * 1000),
      p50LatenessMs: pct(lateness, 50),
      p95LatenessMs: pct(lateness, 95),
      maxLatenessMs: pct(lateness, 100),
      seedMs,
      items: N,
      instances: 2,
      platforms: byPlatform,
      platformLatencyMs: PLATFORM_LATENCY_MS,
    };
    console.log(JSON.stringify(result));
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    await a.stop();
    await fleet.stop();
    await admin.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`).catch(() => undefined);
    await admin.end();
    execFileSync('rabbitmqctl', ['delete_vhost', vhost], { stdio: 'pipe' });
  }
}

bench()
  .then(() => process.exit(0))
  .catch((err) => {
    console.error(err);
    process.exit(1);
  });
