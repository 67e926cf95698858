import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import sharp from 'sharp';
import { DataSource } from 'typeorm';
import { FLEET_PLATFORMS, type FleetPlatform, LocalFleet } from '../../tools/bench/platform-fleet';
import {
  type FleetConnection,
  forkInstance,
  type Instance,
  type InstanceOptions,
  MEDIA_PLATFORMS,
  newCredentialsKey,
  seedItems,
  sleep,
  startInstance,
  whenReady,
} from '../../tools/bench/publish-harness';
import { testAmqpUrl, testNamespace } from '../support/amqp';
import { createTestDatabase, type TestDatabase } from '../support/pg';

/**
 * The durable scheduler's promise in the services mode (PostgreSQL, RabbitMQ, Redis): whole
 * publishing-agent instances share one database and publish through their real channels
 * (connections sealed with the shared key, the providers) to the platform fakes of Mastodon,
 * Bluesky, WordPress and a webhook receiver. Each item reaches its platform once, even when an
 * instance dies mid-batch or a platform stores a post and then does not answer. Counted at the
 * platforms: Bluesky and WordPress post every request they get, so a second publish would show.
 */
// Room for the whole suite on two cores beside a CPU hog: what these tests are about is how many
// times each item is posted, not how fast 200 of them go out.
jest.setTimeout(300_000);

async function eventually(check: () => Promise<boolean> | boolean, what: string, timeoutMs = 180_000, state?: () => Promise<unknown>): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await sleep(100);
  }
  throw new Error(`timed out waiting for ${what}${state ? `: ${JSON.stringify(await state())}` : ''}`);
}

describe('exactly-once publishing across publishing-agent instances (services mode)', () => {
  let db: TestDatabase;
  let fleet: LocalFleet;
  let opts: InstanceOptions;
  let mediaDir: string;
  const running: Instance[] = [];

  const start = async (env: Record<string, string> = {}) => {
    const i = await startInstance({ ...opts, env: { ...opts.env, ...env } });
    running.push(i);
    return i;
  };
  const stopAll = async () => {
    for (const i of running.splice(0)) await i.stop().catch(() => undefined);
  };
  const connectAll = async (i: Instance, brandId: string): Promise<FleetConnection[]> => {
    const out: FleetConnection[] = [];
    for (const account of fleet.accounts) out.push(await i.connect(brandId, account));
    return out;
  };
  /** The media each item's stored posts show, per item id. */
  const mediaPerItem = async (ids: string[]) => {
    const made = await fleet.made();
    return ids.map((id) => made.filter((p) => p.itemId === id).map((p) => p.media));
  };
  /** Posts the platforms stored per item id. */
  const postsPerItem = async (ids: string[]) => {
    const made = await fleet.made();
    return ids.map((id) => made.filter((p) => p.itemId === id).length);
  };

  beforeAll(async () => {
    db = await createTestDatabase('exactlyonce');
    fleet = await new LocalFleet(20).start();
    // Every instance reads the media store the seeding one wrote, as replicas share one volume or bucket.
    mediaDir = mkdtempSync(path.join(tmpdir(), 'mt-eo-media-'));
    opts = {
      databaseUrl: db.url,
      amqpUrl: testAmqpUrl(),
      redisUrl: process.env.MT_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379',
      redisPrefix: `mt-test:eo-${randomBytes(4).toString('hex')}:`,
      namespace: testNamespace('eo'),
      credentialsKey: newCredentialsKey(),
      env: {
        SCHEDULER_POLL_MS: '200',
        // Items here are written straight to the shared table, as another replica would: nothing
        // wakes this instance, so its idle look comes at most this long apart (ADR 112).
        SCHEDULER_IDLE_MAX_MS: '200',
        SCHEDULER_LEASE_MS: '3000',
        // Room for a loaded machine: a publish that times out only because the test process was busy
        // is reconciled while the platform may still be storing it (see the closing note of ADR 087).
        // The tests about timeouts cut it where the platforms hold requests on purpose.
        CHANNEL_TIMEOUT_MS: '10000',
        PUBLISH_RETRY_BASE_MS: '200',
        PUBLISH_RETRY_CAP_MS: '1000',
        MEDIA_DIR: mediaDir,
      },
    };
  });

  afterEach(stopAll);

  afterAll(async () => {
    await stopAll();
    await fleet.stop();
    await db.drop();
    rmSync(mediaDir, { recursive: true, force: true });
  });

  it('two instances, 200 due items over four platforms: each is posted exactly once, and both instances take a share', async () => {
    const brandId = randomUUID();
    const a = await start({ SCHEDULER_CONCURRENCY: '16' });
    const b = await start({ SCHEDULER_CONCURRENCY: '16' });
    const connections = await connectAll(a, brandId);
    const ids = await seedItems(a.items, brandId, connections, 200, new Date());

    await eventually(
      async () => ((await a.items.countByStatus(brandId)).published ?? 0) === 200,
      '200 items published',
      undefined,
      () => a.items.countByStatus(brandId),
    );

    expect(await postsPerItem(ids)).toEqual(ids.map(() => 1));
    const requests = await fleet.publishRequests();
    expect(ids.map((id) => requests[id])).toEqual(ids.map(() => 1));
    const made = (await fleet.made()).filter((p) => ids.includes(p.itemId));
    for (const platform of FLEET_PLATFORMS) expect(made.filter((p) => p.platform === platform)).toHaveLength(50);
    const shares: { claimed_by: string; n: number }[] = await b.app
      .get(DataSource)
      .query(`SELECT claimed_by, count(*)::int AS n FROM publishing.schedule_item WHERE brand_id = $1 GROUP BY claimed_by`, [brandId]);
    expect(shares).toHaveLength(2);
    expect(await a.items.countByStatus(brandId)).toEqual({ published: 200 });
    // Every item records the platform's own post id.
    const externalIds: { n: number }[] = await a.app
      .get(DataSource)
      .query(`SELECT count(DISTINCT external_id)::int AS n FROM publishing.schedule_item WHERE brand_id = $1 AND external_id IS NOT NULL`, [brandId]);
    expect(externalIds[0].n).toBe(200);
    // Recorded with the outcome, in its transaction: every post is on the metrics schedule.
    const tracked: { n: number }[] = await a.app
      .get(DataSource)
      .query(`SELECT count(*)::int AS n FROM publishing.metrics_target WHERE brand_id = $1 AND next_fetch_at IS NOT NULL`, [brandId]);
    expect(tracked[0].n).toBe(200);
  });

  it('an instance SIGKILLed in the middle of a batch of posts with an image: after a restart every item is posted exactly once with its image, none lost', async () => {
    const brandId = randomUUID();
    await fleet.setLatency(150);
    const child = forkInstance({ ...opts, env: { ...opts.env, CHANNEL_TIMEOUT_MS: '1000', SCHEDULER_CONCURRENCY: '10' } });
    try {
      await whenReady(child);
      // The seeding instance polls once a minute: it connects the channels, writes the items and stops before its next poll.
      const seeder = await start({ SCHEDULER_CONCURRENCY: '1', SCHEDULER_POLL_MS: '60000' });
      const connections = await connectAll(seeder, brandId);
      const image = { width: 320, height: 240, mimeType: 'image/png' as const, altText: 'A bag of roasted beans' };
      const bytes = await sharp({ create: { width: image.width, height: image.height, channels: 3, background: '#6f4e37' } })
        .png()
        .toBuffer();
      const mediaId = await seeder.addImage(brandId, { ...image, bytes });
      const ids = await seedItems(seeder.items, brandId, connections, 60, new Date(), { mediaId, app: seeder.app });
      const platformOf = new Map(ids.map((id, i) => [id, connections[i % connections.length].platform]));
      await stopAll();
      await eventually(async () => (await postsPerItem(ids)).filter((n) => n > 0).length >= 15, 'the process to have posted some', 30_000);
      const pg = new Client({ connectionString: db.url });
      await pg.connect();
      const publishing = async () =>
        (await pg.query(`SELECT id FROM publishing.schedule_item WHERE brand_id = $1 AND status = 'publishing'`, [brandId])).rows.map(
          (r: { id: string }) => r.id,
        );
      let inFlight: string[];
      try {
        // From now on the platforms store posts and do not answer; the process gives up on an
        // answer only after CHANNEL_TIMEOUT_MS (1 s), so it is surely mid-batch 400 ms later.
        for (const platform of FLEET_PLATFORMS) await fleet.acceptThenHang(platform, 3);
        await sleep(400);
        child.kill('SIGKILL');
        await new Promise((r) => child.once('exit', r));
        await fleet.clearFailures();
        inFlight = await publishing();
      } finally {
        await pg.end();
      }
      // Killed mid-batch: some items were claimed and not settled (their posts may exist).
      expect(inFlight.length).toBeGreaterThan(0);
      await fleet.setLatency(20);

      const restarted = await start({ SCHEDULER_CONCURRENCY: '10' });

      await eventually(
        async () => ((await restarted.items.countByStatus(brandId)).published ?? 0) === 60,
        'all 60 items published after the restart',
        undefined,
        () => restarted.items.countByStatus(brandId),
      );
      expect(await postsPerItem(ids)).toEqual(ids.map(() => 1));
      // Each post shows its one image, uploaded again by the instance that took over where it had to.
      expect(await mediaPerItem(ids)).toEqual(ids.map((id) => [MEDIA_PLATFORMS.includes(platformOf.get(id) as FleetPlatform) ? 1 : 0]));
      // Those the dead process held were taken over after their lease: a second claim, reconciled first.
      for (const id of inFlight) expect((await restarted.items.findById(id))?.attempts).toBe(2);
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await fleet.setLatency(20);
      await fleet.clearFailures();
    }
  });

  it('each platform stores a post and then does not answer: reconciliation finds it, and it is never posted twice', async () => {
    const brandId = randomUUID();
    const a = await start({ CHANNEL_TIMEOUT_MS: '1000' });
    const connections = await connectAll(a, brandId);
    for (const platform of FLEET_PLATFORMS) await fleet.acceptThenHang(platform, 1);
    const ids = await seedItems(a.items, brandId, connections, connections.length, new Date());
    const platformOf = new Map<string, FleetPlatform>(ids.map((id, i) => [id, connections[i].platform]));

    await eventually(
      async () => ((await a.items.countByStatus(brandId)).published ?? 0) === ids.length,
      'the items to be published',
      undefined,
      () => a.items.countByStatus(brandId),
    );

    expect(await postsPerItem(ids)).toEqual(ids.map(() => 1));
    const requests = await fleet.publishRequests();
    for (const id of ids) {
      const item = await a.items.findById(id);
      // The first attempt ended "outcome unknown"; the second one asked the platform first.
      expect(item?.attempts).toBe(2);
      expect(item?.externalId).toBeTruthy();
      // Mastodon, Bluesky and WordPress can be asked, and the post is found: one publish request.
      // A webhook receiver cannot be asked: the delivery is sent again with the same webhook-id,
      // and the receiver drops it (Standard Webhooks), so it still holds one delivery.
      expect({ platform: platformOf.get(id), requests: requests[id] }).toEqual({
        platform: platformOf.get(id),
        requests: platformOf.get(id) === 'webhook' ? 2 : 1,
      });
    }
  });
});
