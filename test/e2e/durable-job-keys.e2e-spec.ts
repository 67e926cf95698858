import { randomUUID } from 'node:crypto';
import { CONTENT_TASKS, UnitOfWork } from '@mt/messages';
import { JobLauncher } from '../../apps/gateway/src/services/job-launcher.service';
import { withJobRequestKey } from '../../apps/gateway/src/services/job-request-key';
import { OwnRedis } from '../resilience/support/own-redis';
import { api, PLATFORM_BOOT_MS, registerUser, startTestPlatform, type TestPlatform } from '../support/platform';

/**
 * A job-starting POST keeps its Idempotency-Key through a loss of the key-value store (ADR 168):
 * the system runs on a redis-server of this file's own (a free port, no persistence), which the
 * tests flush; the job row remembers the key and the request, so the same key sent again answers
 * the first job and the same key with another request is refused as the store would refuse it.
 */
describe('Idempotency-Key of a job-starting POST after the key-value store is flushed (services)', () => {
  const redis = new OwnRedis();
  let p: TestPlatform;
  let owner: { id: string; token: string };
  let brandId: string;

  const generate = (key: string, body: Record<string, unknown>, token = owner.token) =>
    api(p.url, 'POST', '/api/v1/content/generate', { token, body, headers: { 'idempotency-key': key } });
  const flush = async () => expect(await redis.command('FLUSHALL')).toBe('OK');
  /** The user's jobs of a kind, from the API. */
  const jobsOf = async (token: string, kind: string): Promise<string[]> =>
    (await api(p.url, 'GET', '/api/v1/jobs?limit=100', { token })).body.items.filter((j: { kind: string }) => j.kind === kind).map((j: { id: string }) => j.id);

  beforeAll(async () => {
    await redis.start();
    p = await startTestPlatform('services', { REDIS_URL: redis.url });
    const u = await registerUser(p.url, 'durable-keys');
    owner = { id: u.user.id, token: u.accessToken };
    const brand = await api(p.url, 'POST', '/api/v1/brands', {
      token: owner.token,
      body: { name: 'Durable Roasters', industry: 'Coffee', description: 'A roastery', audience: 'home baristas', tone: 'warm', pillars: ['coffee'] },
    });
    expect(brand.status).toBe(201);
    brandId = brand.body.id;
  }, PLATFORM_BOOT_MS);

  afterAll(async () => {
    await p?.destroy();
    await redis.destroy();
  });

  it('answers the first job (202, same id, same Location) to the same key and request sent again after a flush', async () => {
    const key = randomUUID();
    const body = { brandId, brief: 'Why we roast on Tuesdays', platform: 'linkedin', variants: 1 };
    const first = await generate(key, body);
    expect(first.status).toBe(202);
    expect(first.headers.get('location')).toBe(`/api/v1/jobs/${first.body.jobId}`);

    await flush();
    // The same request, its fields in another order (the fingerprint is of canonical JSON).
    const again = await generate(key, { variants: 1, platform: 'linkedin', brief: 'Why we roast on Tuesdays', brandId });
    expect(again.status).toBe(202);
    expect(again.body.jobId).toBe(first.body.jobId);
    expect(again.body.kind).toBe('content.generate');
    expect(again.headers.get('location')).toBe(first.headers.get('location'));

    // The answer from the job row went back into the store: a third copy is a replay of it.
    const third = await generate(key, body);
    expect(third.status).toBe(202);
    expect(third.body.jobId).toBe(first.body.jobId);
    expect(third.headers.get('idempotent-replayed')).toBe('true');

    expect((await jobsOf(owner.token, 'content.generate')).filter((id) => id === first.body.jobId)).toHaveLength(1);
    const rows = await p.platform.gateway
      .get(UnitOfWork, { strict: false })
      .manager()
      .query(`SELECT count(*)::int AS n FROM gateway.job WHERE user_id = $1 AND task_payload->>'brief' = $2`, [owner.id, body.brief]);
    expect(rows[0].n).toBe(1);
  });

  it('answers 422 IDEMPOTENCY_KEY_REUSED to the same key with another request after a flush, starting nothing', async () => {
    const key = randomUUID();
    const first = await generate(key, { brandId, brief: 'Our single-origin Kenyan', platform: 'linkedin', variants: 1 });
    expect(first.status).toBe(202);
    const before = await jobsOf(owner.token, 'content.generate');

    await flush();
    const other = await generate(key, { brandId, brief: 'Something else entirely', platform: 'linkedin', variants: 1 });
    expect(other.status).toBe(422);
    expect(other.headers.get('content-type')).toContain('application/problem+json');
    expect(other.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
    // The refusal is kept for the key like any 4xx (ADR 030): asked again, the same answer.
    const otherAgain = await generate(key, { brandId, brief: 'Something else entirely', platform: 'linkedin', variants: 1 });
    expect(otherAgain.status).toBe(422);
    expect(await jobsOf(owner.token, 'content.generate')).toEqual(before);
  });

  it('holds for every job-starting route (a brand strategy), and per user: another user with the same key starts their own job', async () => {
    const key = randomUUID();
    const body = { goals: ['More repeat orders'], platforms: ['linkedin'] };
    const first = await api(p.url, 'POST', `/api/v1/brands/${brandId}/strategy`, { token: owner.token, body, headers: { 'idempotency-key': key } });
    expect(first.status).toBe(202);
    await flush();
    const again = await api(p.url, 'POST', `/api/v1/brands/${brandId}/strategy`, { token: owner.token, body, headers: { 'idempotency-key': key } });
    expect(again.status).toBe(202);
    expect(again.body.jobId).toBe(first.body.jobId);
    expect((await jobsOf(owner.token, 'brand.strategy')).filter((id) => id === first.body.jobId)).toHaveLength(1);

    const other = await registerUser(p.url, 'durable-keys-other');
    const brand = await api(p.url, 'POST', '/api/v1/brands', { token: other.accessToken, body: { name: 'Other Roasters', industry: 'Coffee' } });
    const theirs = await api(p.url, 'POST', `/api/v1/brands/${brand.body.id}/strategy`, {
      token: other.accessToken,
      body,
      headers: { 'idempotency-key': key },
    });
    expect(theirs.status).toBe(202);
    expect(theirs.body.jobId).not.toBe(first.body.jobId);
  });

  it('lets a key go once it is older than keys are kept (24 h): the same key then starts a new job', async () => {
    const key = randomUUID();
    const body = { brandId, brief: 'Cold brew season', platform: 'linkedin', variants: 1 };
    const first = await generate(key, body);
    expect(first.status).toBe(202);
    const uow = p.platform.gateway.get(UnitOfWork, { strict: false });
    await uow.manager().query(`UPDATE gateway.job SET created_at = now() - interval '25 hours' WHERE id = $1`, [first.body.jobId]);
    await flush();
    const later = await generate(key, body);
    expect(later.status).toBe(202);
    expect(later.body.jobId).not.toBe(first.body.jobId);
    const keys = await uow
      .manager()
      .query(`SELECT id::text, idempotency_key IS NOT NULL AS keyed FROM gateway.job WHERE id = ANY($1::uuid[]) ORDER BY created_at`, [
        [first.body.jobId, later.body.jobId],
      ]);
    expect(keys).toEqual([
      { id: first.body.jobId, keyed: false },
      { id: later.body.jobId, keyed: true },
    ]);
  });

  it('starts one job when two copies with one key reach the launcher at once (the unique index decides)', async () => {
    const launcher = p.platform.gateway.get(JobLauncher, { strict: false });
    const requestKey = { scope: `u:${owner.id}`, keyHash: `race-${randomUUID()}`, fingerprint: 'the same request' };
    const launch = () =>
      withJobRequestKey(requestKey, () =>
        launcher.launch({
          user: { id: owner.id, token: undefined },
          brandId,
          kind: 'content.generate',
          taskType: CONTENT_TASKS.generate,
          payload: { actor: { userId: owner.id }, brandId, brief: 'Two at once', platform: 'linkedin', variants: 1 },
        }),
      );
    const answers = await Promise.all([launch(), launch(), launch()]);
    expect(new Set(answers.map((a) => a.jobId)).size).toBe(1);
    const rows = await p.platform.gateway
      .get(UnitOfWork, { strict: false })
      .manager()
      .query(`SELECT count(*)::int AS n FROM gateway.job WHERE user_id = $1 AND idempotency_key = $2`, [owner.id, requestKey.keyHash]);
    expect(rows[0].n).toBe(1);
  });
});
