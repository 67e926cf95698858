import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { FakePlatform, forkInstance, type Instance, type InstanceOptions, seedItems, sleep, startInstance } from '../../tools/bench/publish.bench';
import { testAmqpUrl, testNamespace } from '../support/amqp';
import { createTestDatabase, type TestDatabase } from '../support/pg';

/**
 * The durable scheduler's promise, in the services mode (PostgreSQL + RabbitMQ): instances of
 * publishing-agent's scheduling part share one database; each item reaches the platform once,
 * even when an instance dies mid-batch or the platform accepts a post and then does not answer.
 * Counted at the fake platform, which posts every request it accepts (it does not drop repeats).
 */
jest.setTimeout(90_000);

async function eventually(check: () => Promise<boolean> | boolean, what: string, timeoutMs = 45_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await sleep(100);
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('exactly-once publishing across instances (services mode)', () => {
  let db: TestDatabase;
  let fake: FakePlatform;
  let opts: Omit<InstanceOptions, 'brandId'>;
  const running: Instance[] = [];

  const start = async (brandId: string, env: Record<string, string> = {}) => {
    const i = await startInstance({ ...opts, brandId, env: { ...opts.env, ...env } });
    running.push(i);
    return i;
  };
  const stopAll = async () => {
    for (const i of running.splice(0)) await i.stop().catch(() => undefined);
  };
  const postsOf = (ids: string[]) => ids.map((id) => fake.posts.get(`mt-${id}`));

  beforeAll(async () => {
    db = await createTestDatabase('exactlyonce');
    fake = await new FakePlatform({ latencyMs: 20, hangMs: 3_000 }).start();
    opts = {
      databaseUrl: db.url,
      amqpUrl: testAmqpUrl(),
      namespace: testNamespace('eo'),
      fakeUrl: fake.url,
      env: {
        SCHEDULER_POLL_MS: '200',
        SCHEDULER_LEASE_MS: '3000',
        PUBLISH_TIMEOUT_MS: '1000',
        PUBLISH_RETRY_BASE_MS: '200',
        PUBLISH_RETRY_CAP_MS: '1000',
      },
    };
  });

  afterEach(stopAll);

  afterAll(async () => {
    await stopAll();
    await fake.stop();
    await db.drop();
  });

  it('two instances, 200 due items: each is published exactly once, and both instances take a share', async () => {
    const brandId = randomUUID();
    const a = await start(brandId, { SCHEDULER_CONCURRENCY: '16' });
    const b = await start(brandId, { SCHEDULER_CONCURRENCY: '16' });
    const ids = await seedItems(a.items, brandId, 200, new Date());

    await eventually(async () => ((await a.items.countByStatus(brandId)).published ?? 0) === 200, '200 items published');

    const posts = postsOf(ids);
    expect(posts.filter((p) => p !== undefined)).toHaveLength(200);
    expect(posts.map((p) => p?.accepted)).toEqual(ids.map(() => 1));
    const shares: { claimed_by: string; n: number }[] = await b.app
      .get(DataSource)
      .query(`SELECT claimed_by, count(*)::int AS n FROM publishing.schedule_item WHERE brand_id = $1 GROUP BY claimed_by`, [brandId]);
    expect(shares).toHaveLength(2);
    expect(await a.items.countByStatus(brandId)).toEqual({ published: 200 });
  });

  it('an instance SIGKILLed in the middle of a batch: after a restart every item is published exactly once, none lost', async () => {
    const brandId = randomUUID();
    fake.opts.latencyMs = 150;
    const child = forkInstance({ ...opts, brandId, env: { ...opts.env, SCHEDULER_CONCURRENCY: '10' } });
    try {
      await new Promise<void>((resolve, reject) => {
        child.once('message', () => resolve());
        child.once('exit', (code) => reject(new Error(`the instance process exited (${code})`)));
      });
      const seeder = await start(brandId, { SCHEDULER_CONCURRENCY: '1', SCHEDULER_POLL_MS: '60000' });
      // The seeding instance polls once a minute: it only writes the items and stops before its next poll.
      const ids = await seedItems(seeder.items, brandId, 60, new Date());
      await stopAll();
      await eventually(() => postsOf(ids).filter(Boolean).length >= 15, 'the process to be mid-batch', 30_000);
      child.kill('SIGKILL');
      await new Promise((r) => child.once('exit', r));

      // Killed mid-batch: some items were claimed and not settled (their posts may exist).
      const pg = new Client({ connectionString: db.url });
      await pg.connect();
      const atKill = await pg
        .query(`SELECT id FROM publishing.schedule_item WHERE brand_id = $1 AND status = 'publishing'`, [brandId])
        .finally(() => pg.end());
      const inFlight = atKill.rows.map((r: { id: string }) => r.id);
      expect(inFlight.length).toBeGreaterThan(0);
      fake.opts.latencyMs = 20;

      const restarted = await start(brandId, { SCHEDULER_CONCURRENCY: '10' });

      await eventually(async () => ((await restarted.items.countByStatus(brandId)).published ?? 0) === 60, 'all 60 items published after the restart');
      const posts = postsOf(ids);
      expect(posts.filter((p) => p !== undefined)).toHaveLength(60);
      expect(posts.map((p) => p?.accepted)).toEqual(ids.map(() => 1));
      // Those the dead process held were taken over after their lease: a second claim, reconciled first.
      for (const id of inFlight) expect((await restarted.items.findById(id))?.attempts).toBe(2);
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      fake.opts.latencyMs = 20;
    }
  });

  it('the platform accepts a post and then times out: reconciliation finds it, and it is never posted twice', async () => {
    const brandId = randomUUID();
    const a = await start(brandId);
    fake.acceptThenHang(1);
    const [id] = await seedItems(a.items, brandId, 1, new Date());

    await eventually(async () => (await a.items.findById(id))?.status === 'published', 'the item to be published');
    const item = await a.items.findById(id);
    const post = fake.posts.get(`mt-${id}`);
    expect(post?.accepted).toBe(1);
    // The first attempt ended unknown; the second one asked the platform and found the post.
    expect(item?.attempts).toBe(2);
    expect(item?.externalId).toBe(post?.id);
  });
});
