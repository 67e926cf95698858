/**
 * npm run bench:publish — the durable scheduler under load: 1,000 schedule items due now, two
 * whole publishing-agent instances (one in this process, one forked; one PostgreSQL database,
 * RabbitMQ vhost and Redis prefix) publishing through their real channels to the platform fakes
 * of Mastodon, Bluesky, WordPress and a webhook receiver, in their own process, each answering
 * in 50 ms. Prints one JSON line last:
 * {"published","duplicates","lost","publishesPerSec","p95LatenessMs", …, "mediaPublishesPerSec",
 * "mediaDuplicates","mediaLost","mediaP95LatenessMs","mediaCpuMsPerPublish","loadAverage"}; the media run (BENCH_MEDIA_ITEMS, 300) gives
 * every item a ~1 MB JPEG on Mastodon, Bluesky and WordPress, whose fakes take the upload too.
 * Counted at the platforms: a post made twice for one item is a duplicate, an item with no post
 * is lost, lateness runs from the item's time to the platform storing the post.
 * Needs the local RabbitMQ (rabbitmqctl), PostgreSQL and Redis; uses its own vhost and database.
 */
import 'reflect-metadata';
import { execFileSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import {
  type FleetConnection,
  forkInstance,
  type InstanceOptions,
  MEDIA_PLATFORMS,
  newCredentialsKey,
  seedItems,
  sleep,
  startInstance,
  whenReady,
} from './publish-harness';
import { type FleetAccount, forkFleet } from './platform-fleet';

const PG_ADMIN = process.env.TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const AMQP_BASE = process.env.TEST_AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672';
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const PLATFORM_LATENCY_MS = 50;
const MEDIA_N = Number(process.env.BENCH_MEDIA_ITEMS ?? 300);
const IMAGE_SIDE = 1000;

/** A JPEG of noise just under Bluesky's 1,000,000-byte blob limit, so no platform has to re-encode it. */
async function megabyteJpeg(): Promise<Buffer> {
  const noise = randomBytes(IMAGE_SIDE * IMAGE_SIDE * 3);
  for (let quality = 95; quality > 5; quality -= 5) {
    const jpeg = await sharp(noise, { raw: { width: IMAGE_SIDE, height: IMAGE_SIDE, channels: 3 } })
      .jpeg({ quality })
      .toBuffer();
    if (jpeg.length <= 990_000) return jpeg;
  }
  throw new Error('could not make a JPEG under 990,000 bytes');
}

const CLK_TCK = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;

/** A process's CPU time so far (user + system), in ms, from /proc; this process's own from Node. */
function cpuMs(pid?: number): number {
  if (pid === undefined || pid === process.pid) {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1000;
  }
  try {
    // Fields after the command's closing parenthesis: utime and stime are the 12th and 13th.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLK_TCK;
  } catch {
    return Number.NaN;
  }
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? 0;
};

async function bench(): Promise<void> {
  const loadAtStart = loadavg().map((l) => Math.round(l * 100) / 100);
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
  // Both instances read the images from one media store, as replicas share a volume or bucket.
  const mediaDir = mkdtempSync(path.join(tmpdir(), 'mt-bench-media-'));
  const opts: InstanceOptions = {
    databaseUrl: Object.assign(new URL(PG_ADMIN), { pathname: `/${dbName}` }).toString(),
    amqpUrl: `${AMQP_BASE}/${encodeURIComponent(vhost)}`,
    redisUrl: REDIS_URL,
    redisPrefix: `mt-bench:${id}:`,
    namespace: 'bench',
    credentialsKey: newCredentialsKey(),
    env: { SCHEDULER_CONCURRENCY: process.env.BENCH_CONCURRENCY ?? '64', MEDIA_DIR: mediaDir },
  };
  const a = await startInstance(opts);
  const child = forkInstance(opts);
  try {
    await whenReady(child);
    const connectTo = async (accounts: FleetAccount[]) => {
      const brandId = randomUUID();
      const connections: FleetConnection[] = [];
      for (const account of accounts) connections.push(await a.connect(brandId, account));
      return { brandId, connections };
    };
    /** Seeds `n` items due a second after seeding starts, waits for them, and counts at the platforms. */
    const run = async (n: number, accounts: FleetAccount[], image?: Buffer) => {
      const { brandId, connections } = await connectTo(accounts);
      const media = image
        ? { mediaId: await a.addImage(brandId, { bytes: image, mimeType: 'image/jpeg', width: IMAGE_SIDE, height: IMAGE_SIDE, altText: 'Noise' }), app: a.app }
        : undefined;
      // CPU from seeding to the last count: the two instances (this process, which also seeds and
      // counts, and the child) and the platform fleet, per item published.
      const cpuBefore = { instances: cpuMs() + cpuMs(child.pid), fleet: cpuMs(fleet.pid) };
      // Due the moment they are all in: lateness counts from the item's time, as a user sees it.
      const seededAt = Date.now();
      const at = new Date(seededAt + 1_000);
      const ids = await seedItems(a.items, brandId, connections, n, at, media);
      // Both replicas hear of the new items, as each would from the schedule requests it takes.
      a.wake(at);
      child.send({ wake: at.toISOString() });
      const seedMs = Date.now() - seededAt;
      const deadline = Date.now() + 120_000;
      while (Date.now() < deadline) {
        const counts = await a.items.countByStatus(brandId);
        if ((counts.published ?? 0) + (counts.failed ?? 0) >= n) break;
        await sleep(100);
      }
      await sleep(500);
      const cpuAfter = { instances: cpuMs() + cpuMs(child.pid), fleet: cpuMs(fleet.pid) };
      const counts = await a.items.countByStatus(brandId);
      const wanted = new Set(ids);
      const made = (await fleet.made()).filter((p) => wanted.has(p.itemId));
      const requests = await fleet.publishRequests();
      const perItem = new Map<string, number>();
      const firstAt = new Map<string, number>();
      const withMedia = new Set<string>();
      for (const p of made) {
        perItem.set(p.itemId, (perItem.get(p.itemId) ?? 0) + 1);
        if (!firstAt.has(p.itemId)) firstAt.set(p.itemId, p.at);
        if (p.media > 0) withMedia.add(p.itemId);
      }
      const published = ids.filter((i) => perItem.has(i)).length;
      const times = [...firstAt.values()];
      const lateness = times.map((t) => Math.max(0, t - at.getTime()));
      const byPlatform: Record<string, number> = {};
      for (const p of made) byPlatform[p.platform] = (byPlatform[p.platform] ?? 0) + 1;
      return {
        published,
        duplicates: [...perItem.values()].reduce((d, k) => d + k - 1, 0),
        // With an image, a post that went out without it is as lost as one that did not go out.
        lost: n - (image ? ids.filter((i) => withMedia.has(i)).length : published),
        recordedPublished: counts.published ?? 0,
        failed: counts.failed ?? 0,
        repeatedPublishRequests: ids.reduce((d, i) => d + Math.max(0, (requests[i] ?? 0) - 1), 0),
        publishesPerSec: Math.round((published / Math.max(1, Math.max(...times) - at.getTime())) * 1000),
        p50LatenessMs: pct(lateness, 50),
        p95LatenessMs: pct(lateness, 95),
        maxLatenessMs: pct(lateness, 100),
        seedMs,
        byPlatform,
        cpuMsPerPublish: {
          instances: Math.round(((cpuAfter.instances - cpuBefore.instances) / Math.max(1, published)) * 100) / 100,
          fleet: Math.round(((cpuAfter.fleet - cpuBefore.fleet) / Math.max(1, published)) * 100) / 100,
        },
      };
    };

    const text = await run(N, fleet.accounts);
    // Every item carries one ~1 MB JPEG, on the platforms that take images (the webhook channel takes none).
    const image = await megabyteJpeg();
    const withImage = await run(
      MEDIA_N,
      fleet.accounts.filter((acc) => MEDIA_PLATFORMS.includes(acc.platform)),
      image,
    );
    const result = {
      published: text.published,
      duplicates: text.duplicates,
      lost: text.lost,
      recordedPublished: text.recordedPublished,
      failed: text.failed,
      repeatedPublishRequests: text.repeatedPublishRequests,
      publishesPerSec: text.publishesPerSec,
      p50LatenessMs: text.p50LatenessMs,
      p95LatenessMs: text.p95LatenessMs,
      maxLatenessMs: text.maxLatenessMs,
      seedMs: text.seedMs,
      items: N,
      instances: 2,
      platforms: text.byPlatform,
      platformLatencyMs: PLATFORM_LATENCY_MS,
      cpuMsPerPublish: text.cpuMsPerPublish,
      mediaItems: MEDIA_N,
      mediaImageBytes: image.length,
      mediaPublished: withImage.published,
      mediaDuplicates: withImage.duplicates,
      mediaLost: withImage.lost,
      mediaFailed: withImage.failed,
      mediaPublishesPerSec: withImage.publishesPerSec,
      mediaP95LatenessMs: withImage.p95LatenessMs,
      mediaPlatforms: withImage.byPlatform,
      mediaCpuMsPerPublish: withImage.cpuMsPerPublish,
      loadAverageAtStart: loadAtStart,
      loadAverage: loadavg().map((l) => Math.round(l * 100) / 100),
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
    rmSync(mediaDir, { recursive: true, force: true });
  }
}

bench()
  .then(() => process.exit(0))
  .catch((err) => {
    console.error(err);
    process.exit(1);
  });
