import { randomUUID } from 'node:crypto';
import { WebhookReceiverFake } from '../../apps/publishing-agent/test/fakes';
import { AGENTS } from '@mt/messages';
import { api, until } from '../support/platform';
import { APPS, METRICS_TOKEN } from '../support/processes';
import { OwnRedis } from './support/own-redis';
import { AT_REST, ledgerAtRest, ownerWithBrand, settledJobs, startTrialSystem, type TrialSystem } from './support/trial-system';
import { effectsOf, onceEach, WorkStream } from './support/work-stream';

/**
 * Trial 5, Redis loses everything: mid-stream the trial's own redis-server is flushed (FLUSHALL),
 * and a few seconds later shut down without saving and started again empty after an outage. What
 * the store held degrades as documented (docs/resilience.md, ADR 161): rate-limit windows start
 * again (fail open), the gateway's Idempotency-Key records are gone but a job row still knows the
 * key that started it and an agent's inbox still recognises a keyed request sent again, a
 * failed-sign-in back-off is forgotten, and — what must
 * not degrade — a session ended before the loss stays ended, at once and during the outage.
 */
const CHANNEL_SECRET = 'whsec_cmVzaWxpZW5jZS1yZWRpcy10cmlhbC1zZWNyZXQtc2VjcmV0';
const PASSWORD = 'correct horse battery 42';
/** How long the server stays down. */
const OUTAGE_MS = 4_000;

jest.setTimeout(900_000);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('trial 5: Redis is flushed, then restarted empty, mid-stream', () => {
  let sys: TrialSystem;
  let receiver: WebhookReceiverFake;
  const redis = new OwnRedis();

  beforeAll(async () => {
    await redis.start();
    receiver = await new WebhookReceiverFake(CHANNEL_SECRET, { latencyMs: 10 }).start();
    sys = await startTrialSystem('redisloss', {
      REDIS_URL: redis.url,
      CHANNEL_ALLOW_PRIVATE_URLS: 'true',
      SCHEDULER_POLL_MS: '200',
      SCHEDULER_IDLE_MAX_MS: '500',
      PUBLISH_RETRY_BASE_MS: '500',
      PUBLISH_RETRY_CAP_MS: '2000',
    });
  }, 300_000);

  afterAll(async () => {
    await sys?.stop();
    await receiver?.stop();
    await redis.destroy();
  });

  it('ended sessions stay ended, limits and keys degrade as documented, no 5xx storm, nothing lost or doubled', async () => {
    const { token, brandId } = await ownerWithBrand(sys.url);
    const email = (await api(sys.url, 'GET', '/api/v1/auth/me', { token })).body.email as string;
    const connect = async (forBrand: string) => {
      const r = await api(sys.url, 'POST', '/api/v1/connections', {
        token,
        body: { brandId: forBrand, platform: 'webhook', displayName: 'Shop feed', config: { url: receiver.hookUrl, secret: CHANNEL_SECRET } },
      });
      expect(r.status).toBe(201);
      return r.body.id as string;
    };
    const hook = await connect(brandId);
    const signIn = async () => {
      const r = await api(sys.url, 'POST', '/api/v1/auth/login', { body: { email, password: PASSWORD } });
      expect(r.status).toBe(200);
      return r.body.accessToken as string;
    };
    const me = async (t: string) => (await api(sys.url, 'GET', '/api/v1/auth/me', { token: t }).catch(() => ({ status: 0, body: null }))).status;

    // Two more sessions of the owner: one ended by a logout before any loss, one kept.
    const ended = await signIn();
    const kept = await signIn();
    expect((await api(sys.url, 'POST', '/api/v1/auth/logout', { token: ended, body: {} })).status).toBe(204);
    expect(await me(ended)).toBe(401);
    expect(await me(kept)).toBe(200);

    // Keyed requests answered before the loss, on a second brand (kept out of the stream's counts).
    const other = await api(sys.url, 'POST', '/api/v1/brands', {
      token,
      body: {
        name: 'Acme Tea',
        industry: 'Tea',
        description: 'A tea room',
        audience: 'tea drinkers',
        tone: 'calm',
        pillars: ['tea'],
        timezone: 'Europe/Berlin',
      },
    });
    expect(other.status).toBe(201);
    const otherBrand = other.body.id as string;
    const otherHook = await connect(otherBrand);
    const generateKey = randomUUID();
    const generateBody = { brandId: otherBrand, brief: 'Why we brew oolong three times', platform: 'webhook', variants: 1 };
    const generated = await api(sys.url, 'POST', '/api/v1/content/generate', { token, body: generateBody, headers: { 'idempotency-key': generateKey } });
    expect(generated.status).toBe(202);
    const [job] = await settledJobs(sys.url, token, [generated.body.jobId]);
    expect(job.status).toBe('succeeded');
    const contentId = job.result?.contentId as string;
    expect((await api(sys.url, 'POST', `/api/v1/content/${contentId}/approve`, { token })).status).toBe(200);
    let publishKey = '';
    let published: { status: number; body: any } = { status: 0, body: null };
    await until(
      'the keyed publish to be accepted',
      async () => {
        publishKey = randomUUID();
        published = await api(sys.url, 'POST', `/api/v1/content/${contentId}/publish`, {
          token,
          body: { connectionIds: [otherHook] },
          headers: { 'idempotency-key': publishKey },
        });
        return published.status === 201 ? true : undefined;
      },
      60_000,
    );

    // Five wrong passwords for one account: its sign-in backs off (ADR 104).
    const stranger = `nobody-${randomUUID().slice(0, 8)}@example.com`;
    const wrong = () => api(sys.url, 'POST', '/api/v1/auth/login', { body: { email: stranger, password: 'not the password 1' } });
    for (let i = 0; i < 5; i++) expect((await wrong()).status).toBe(401);
    expect((await wrong()).status).toBe(429);

    const stream = new WorkStream(sys.url, token, brandId, hook, { label: 'Redis trial', launchEveryMs: 400, probeMs: 200, itemDeadlineMs: 90_000 }).start();
    await sleep(5_000);
    const remaining = async () => Number((await api(sys.url, 'GET', `/api/v1/brands/${brandId}`, { token: kept })).headers.get('ratelimit-remaining'));
    const remainingBefore = await remaining();

    // The flush: every key of the trial's server, the revocations' copy and its marker with them.
    const keysBefore = Number(await redis.command('DBSIZE'));
    await redis.command('FLUSHALL');
    const endedRightAfterFlush = await me(ended);
    const keptRightAfterFlush = await me(kept);
    const remainingAfterFlush = await remaining();
    const generateAgain = await api(sys.url, 'POST', '/api/v1/content/generate', { token, body: generateBody, headers: { 'idempotency-key': generateKey } });
    const publishAgain = await api(sys.url, 'POST', `/api/v1/content/${contentId}/publish`, {
      token,
      body: { connectionIds: [otherHook] },
      headers: { 'idempotency-key': publishKey },
    });
    const backoffAfterFlush = (await wrong()).status;
    await sleep(4_000);

    // The restart: SHUTDOWN NOSAVE, down for OUTAGE_MS, then an empty server on the same port.
    const downAt = Date.now();
    await redis.stop();
    await sleep(500);
    const endedDuringOutage = await me(ended);
    const keptDuringOutage = await me(kept);
    const keyedDuringOutage = await api(sys.url, 'POST', '/api/v1/content/generate', {
      token,
      body: { ...generateBody, brief: 'A keyed request while the store is down' },
      headers: { 'idempotency-key': randomUUID() },
    }).catch(() => ({ status: 0, headers: new Headers(), body: null }));
    await sleep(Math.max(0, OUTAGE_MS - (Date.now() - downAt)));
    await redis.start();
    const upAt = Date.now();
    const endedAfterRestart = await until('the ended session to be answered', async () => (await me(ended)) || undefined, 30_000);
    const keptAfterRestart = await me(kept);
    await sleep(8_000);
    await stream.stop();

    const items = stream.items;
    const notOk = stream.probes.filter((p) => p.status !== 200);
    const otherJobs = await sys.query<{ n: number }>(`SELECT count(*)::int AS n FROM gateway.job WHERE brand_id = $1`, [otherBrand]);
    const otherSchedule = await sys.query<{ n: number }>(`SELECT count(*)::int AS n FROM publishing.schedule_item WHERE content_id = $1`, [contentId]);
    console.log(
      `trial 5 figures: ${items.length} items (generate, approve, publish); flush removed ${keysBefore} keys; outage ${upAt - downAt} ms; ` +
        `ended session after flush ${endedRightAfterFlush}, during outage ${endedDuringOutage}, after restart ${endedAfterRestart}; kept ${keptRightAfterFlush}/${keptDuringOutage}/${keptAfterRestart}; ` +
        `read budget left ${remainingBefore} before, ${remainingAfterFlush} after the flush; keyed generate sent again after the flush ${generateAgain.status} ` +
        `(${generateAgain.body?.jobId === generated.body.jobId ? 'same job' : 'another job'}; ${otherJobs[0].n} job(s)), keyed publish again ${publishAgain.status} (${otherSchedule[0].n} schedule item(s)); ` +
        `back-off after the flush ${backoffAfterFlush}; keyed POST during the outage ${keyedDuringOutage.status} ${keyedDuringOutage.body?.code ?? ''}; ` +
        `${stream.probes.length} probes, ${notOk.length} not 200 (${[...new Set(notOk.map((p) => `${p.status} ${p.code ?? ''}`.trim()))].join(', ') || 'none'}); ` +
        `${items.reduce((s, i) => s + i.resent, 0)} POSTs sent again (${[...new Set(stream.retried)].join(', ') || 'none'})`,
    );

    // What must not degrade: a session ended before the loss stays ended — at once after the flush,
    // while the store is down, and after it restarts empty; a live session keeps working throughout.
    expect({ endedRightAfterFlush, endedDuringOutage, endedAfterRestart }).toEqual({
      endedRightAfterFlush: 401,
      endedDuringOutage: 401,
      endedAfterRestart: 401,
    });
    expect({ keptRightAfterFlush, keptDuringOutage, keptAfterRestart }).toEqual({ keptRightAfterFlush: 200, keptDuringOutage: 200, keptAfterRestart: 200 });

    // Rate limits fail open: the flush gave the window back (the budget counts from zero again).
    expect(remainingAfterFlush).toBeGreaterThan(remainingBefore);
    // The failed-sign-in back-off is forgotten with the store (fail open: argon2id still brakes).
    expect(backoffAfterFlush).toBe(401);
    // A keyed POST while the store is down fails closed: 503 with Retry-After, nothing done.
    expect({ status: keyedDuringOutage.status, code: keyedDuringOutage.body?.code, retryAfter: keyedDuringOutage.headers.get('retry-after') }).toEqual({
      status: 503,
      code: 'AGENT_UNAVAILABLE',
      retryAfter: '1',
    });
    // The gateway lost its record of the keys, but the job row keeps the key of the POST that started
    // it (ADR 168): the generate sent again is answered with the first job, and no second job starts.
    expect({ status: generateAgain.status, jobId: generateAgain.body?.jobId, location: generateAgain.headers.get('location'), jobs: otherJobs[0].n }).toEqual({
      status: 202,
      jobId: generated.body.jobId,
      location: generated.headers.get('location'),
      jobs: 1,
    });
    // A keyed request reaching an agent is recognised by the agent's inbox (ADR 150): the publish sent
    // again is answered as the first, and posts once.
    expect(publishAgain.status).toBe(201);
    expect(publishAgain.body).toEqual(published.body);
    expect(otherSchedule[0].n).toBe(1);

    // No 5xx storm: reads were answered 200 throughout (the session checked in the database while
    // the store was down); POSTs sent again were only keyed ones refused by the fail-closed rule.
    expect(notOk).toEqual([]);
    expect([...new Set(stream.retried)].filter((r) => r !== '503 AGENT_UNAVAILABLE')).toEqual([]);

    // Every app is still running and ready, the store with them.
    const ready = await until(
      'the gateway to be ready',
      async () => {
        const r = await api(sys.url, 'GET', '/health/ready', { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
        return r.status === 200 ? r.body : undefined;
      },
      60_000,
    );
    for (const agent of AGENTS) expect(ready.agents[agent]).toEqual({ ok: true, detail: 'ok' });
    expect(APPS.filter((a) => sys.children.get(a)?.exitCode !== null)).toEqual([]);

    // Every accepted request of the stream had its effect exactly once; the ledger is at rest.
    // The stream ran through both disruptions (how many items fit depends on the machine's load).
    expect(items.length).toBeGreaterThan(10);
    await until(
      'every post to be delivered',
      async () => (new Set(receiver.deliveries.map((d) => d.body.data.contentId)).size >= items.length + 1 ? true : undefined),
      60_000,
    ).catch(() => undefined);
    expect(await effectsOf(stream, brandId, sys.query, () => receiver.deliveries.map((d) => String(d.body.data.contentId)))).toEqual(onceEach(items.length));
    expect(receiver.deliveries.filter((d) => d.body.data.contentId === contentId)).toHaveLength(1);
    expect(await ledgerAtRest(sys, 60_000)).toEqual(AT_REST);
  });
});
