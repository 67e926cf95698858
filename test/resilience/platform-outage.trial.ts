import { MastodonFake, WebhookReceiverFake } from '../../apps/publishing-agent/test/fakes';
import { api, until } from '../support/platform';
import { AT_REST, ledgerAtRest, ownerWithBrand, settledJobs, startTrialSystem, type TrialSystem } from './support/trial-system';

/**
 * Trial 1, a platform outage: the Mastodon instance answers 503 to every new status for a while,
 * then recovers. Six processes, a batch of real posts (generated, approved, published now to a
 * Mastodon and a webhook connection each). Its posts go out once each after the recovery, every
 * retry waited at least the documented backoff and none was due later than its cap, the webhook
 * posts went out during the outage, and the Mastodon connection stays connected.
 */
const POSTS = 8;
/** The documented publish backoff (ADR 149 uses these to keep the trial short). */
const RETRY_BASE_MS = 1_000;
const RETRY_CAP_MS = 4_000;
const MAX_ATTEMPTS = 6;
const CHANNEL_SECRET = 'whsec_cmVzaWxpZW5jZS1vdXRhZ2UtdHJpYWwtc2VjcmV0';

jest.setTimeout(600_000);

describe('trial 1: a platform answers 503 for a while, then recovers', () => {
  let sys: TrialSystem;
  let mastodon: MastodonFake;
  let receiver: WebhookReceiverFake;

  beforeAll(async () => {
    mastodon = await new MastodonFake({ latencyMs: 20 }).start();
    receiver = await new WebhookReceiverFake(CHANNEL_SECRET, { latencyMs: 20 }).start();
    sys = await startTrialSystem('outage', {
      CHANNEL_ALLOW_PRIVATE_URLS: 'true',
      SCHEDULER_POLL_MS: '200',
      SCHEDULER_IDLE_MAX_MS: '500',
      PUBLISH_RETRY_BASE_MS: String(RETRY_BASE_MS),
      PUBLISH_RETRY_CAP_MS: String(RETRY_CAP_MS),
      PUBLISH_MAX_ATTEMPTS: String(MAX_ATTEMPTS),
      CHANNEL_TIMEOUT_MS: '15000',
    });
  }, 300_000);

  afterAll(async () => {
    await sys?.stop();
    await mastodon?.stop();
    await receiver?.stop();
  });

  it('posts go out once each after the recovery, within the backoff; the other connection is unaffected; nothing is left behind', async () => {
    const { token, brandId } = await ownerWithBrand(sys.url);
    const connect = async (platform: string, credentials: Record<string, string>, config: Record<string, string>) => {
      const r = await api(sys.url, 'POST', '/api/v1/connections', { token, body: { brandId, platform, credentials, config } });
      expect(r.status).toBe(201);
      return r.body.id as string;
    };
    const toot = await connect('mastodon', { accessToken: mastodon.token }, { instanceUrl: mastodon.url });
    const hook = await connect('webhook', {}, { url: receiver.hookUrl, secret: CHANNEL_SECRET });

    // Realistic work: content written by creation-agent, approved, then published now.
    const started = [];
    for (let i = 0; i < POSTS; i++) {
      const r = await api(sys.url, 'POST', '/api/v1/content/generate', {
        token,
        body: { brandId, brief: `Outage trial post ${i + 1}: our new espresso roast`, platform: 'mastodon', variants: 1 },
      });
      expect(r.status).toBe(202);
      started.push(r.body.jobId as string);
    }
    const jobs = await settledJobs(sys.url, token, started);
    expect(jobs.map((j) => j.status)).toEqual(started.map(() => 'succeeded'));
    const contentIds = jobs.map((j) => j.result?.contentId as string);
    for (const id of contentIds) expect((await api(sys.url, 'POST', `/api/v1/content/${id}/approve`, { token })).status).toBe(200);

    // The outage starts before anything is published.
    mastodon.fail('unavailable', { route: 'publish', times: 1_000_000 });
    const statusPosts = () => mastodon.requests.filter((r) => r.method === 'POST' && r.path === '/api/v1/statuses');
    for (const id of contentIds) {
      const r = await until('the approval to reach publishing-agent', async () => {
        const p = await api(sys.url, 'POST', `/api/v1/content/${id}/publish`, { token, body: { connectionIds: [toot, hook] } });
        return p.status === 409 || p.status === 404 ? undefined : p;
      });
      expect(r.status).toBe(201);
    }

    const items = async () => {
      const r = await api(sys.url, 'GET', `/api/v1/schedule?brandId=${brandId}`, { token });
      expect(r.status).toBe(200);
      return r.body.items as { id: string; contentId: string; connectionId: string; status: string; attempts: number; externalId: string | null }[];
    };
    // During the outage: the webhook posts all go out; every Mastodon post is refused at least twice.
    await until(
      'the webhook posts to go out during the outage',
      async () => {
        const mine = (await items()).filter((i) => i.connectionId === hook);
        return mine.length === POSTS && mine.every((i) => i.status === 'published') ? true : undefined;
      },
      180_000,
    );
    await until(
      'every Mastodon post to have been refused twice',
      async () => {
        const perKey = countBy(statusPosts().map((r) => String(r.headers['idempotency-key'])));
        return perKey.size === POSTS && [...perKey.values()].every((n) => n >= 2) ? true : undefined;
      },
      180_000,
    );
    const duringOutage = (await items()).filter((i) => i.connectionId === toot);
    // Waiting for a retry (or in the middle of one), none given up on, none made.
    expect(duringOutage.filter((i) => !['scheduled', 'publishing'].includes(i.status)).map((i) => i.status)).toEqual([]);
    expect(mastodon.statuses).toHaveLength(0);

    // Recovery. At this moment no waiting post is due later than the backoff's cap allows. A post
    // in the middle of an attempt ('publishing') is not waiting: its due_at is its lease's expiry
    // (SCHEDULER_LEASE_MS), which a loaded machine can catch.
    mastodon.clearFailures();
    const recoveredAt = Date.now();
    const refusedBefore = statusPosts().length;
    const due = await sys.query<{ late: number }>(
      `SELECT extract(epoch FROM (due_at - now())) * 1000 AS late FROM publishing.schedule_item WHERE connection_id = $1 AND status = 'scheduled'`,
      [toot],
    );
    for (const d of due) expect(Number(d.late)).toBeLessThanOrEqual(RETRY_CAP_MS + 1_000);

    await until(
      'the Mastodon posts to go out after the recovery',
      async () => {
        const mine = (await items()).filter((i) => i.connectionId === toot);
        return mine.length === POSTS && mine.every((i) => i.status === 'published') ? true : undefined;
      },
      120_000,
    );

    // Exactly once: one status per content on the instance, one accepted request per post.
    const texts = mastodon.statuses.map((s) => s.idempotencyKey);
    expect(new Set(texts).size).toBe(POSTS);
    expect(mastodon.statuses).toHaveLength(POSTS);
    const afterRecovery = countBy(
      statusPosts()
        .slice(refusedBefore)
        .map((r) => String(r.headers['idempotency-key'])),
    );
    expect([...afterRecovery.values()]).toEqual(contentIds.map(() => 1));
    const published = (await items()).filter((i) => i.connectionId === toot);
    for (const item of published) {
      expect(item.attempts).toBeLessThanOrEqual(MAX_ATTEMPTS);
      expect(mastodon.statuses.map((s) => s.id)).toContain(item.externalId);
    }

    // Each retry waited at least the lower edge of the documented backoff: attempt k waits a
    // random share in [½, 1] of min(cap, base·2^(k-1)) (load only makes the waits longer).
    const times = new Map<string, number[]>();
    for (const r of statusPosts()) {
      const key = String(r.headers['idempotency-key']);
      times.set(key, [...(times.get(key) ?? []), r.at]);
    }
    const tooSoon: string[] = [];
    for (const [key, ts] of times) {
      for (let k = 1; k < ts.length; k++) {
        const floor = Math.min(RETRY_CAP_MS, RETRY_BASE_MS * 2 ** (k - 1)) / 2;
        if (ts[k] - ts[k - 1] < floor - 50)
          tooSoon.push(`${key}: attempt ${k + 1} came ${ts[k] - ts[k - 1]} ms after attempt ${k} (at least ${floor} ms expected)`);
      }
    }
    expect(tooSoon).toEqual([]);

    // The other connection: each post delivered once, one request each.
    const byContent = countBy(receiver.deliveries.map((d) => String(d.body.data.contentId)));
    expect(contentIds.map((id) => byContent.get(id))).toEqual(contentIds.map(() => 1));
    expect(receiver.requests).toHaveLength(POSTS);

    // A 503 is the platform's trouble, not the account's: both connections stay connected.
    const conns = await api(sys.url, 'GET', `/api/v1/connections?brandId=${brandId}`, { token });
    expect(conns.body.items.map((c: { id: string; status: string }) => [c.id, c.status]).sort()).toEqual(
      [
        [hook, 'active'],
        [toot, 'active'],
      ].sort(),
    );

    expect(await ledgerAtRest(sys)).toEqual(AT_REST);

    const firstRefusal = statusPosts()[0].at;
    const lastPublished = Math.max(
      ...statusPosts()
        .slice(refusedBefore)
        .map((r) => r.at),
    );
    console.log(
      `trial 1 figures: ${POSTS} + ${POSTS} posts; outage ${recoveredAt - firstRefusal} ms, ${refusedBefore} refused requests; ` +
        `attempts per Mastodon post ${Math.min(...published.map((i) => i.attempts))}–${Math.max(...published.map((i) => i.attempts))}; ` +
        `last post out ${lastPublished - recoveredAt} ms after the recovery (cap ${RETRY_CAP_MS} ms)`,
    );
  });
});

function countBy(keys: string[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const k of keys) m.set(k, (m.get(k) ?? 0) + 1);
  return m;
}
