import { WebhookReceiverFake } from '../../apps/publishing-agent/test/fakes';
import { api, PLATFORM_BOOT_MS, registerUser, startTestPlatform, type TestPlatform, until } from '../support/platform';

const CHANNEL_SECRET = 'whsec_c2ltdWxhdGlvbi10ZXN0LXNlY3JldC0xMjM0NQ==';
const today = () => new Date().toISOString().slice(0, 10);
const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);

/**
 * "Simulate data" gives numbers to what exists: the posts that went out, on the platforms they
 * went out on. Drafts on X and LinkedIn get none, so the overview, the posts table and the
 * insights all count the same posts.
 */
describe('simulated analytics match what was published (embedded)', () => {
  let p: TestPlatform;
  let receiver: WebhookReceiverFake;
  let token: string;
  let brandId: string;
  let connectionId: string;
  const call = (method: string, route: string, body?: unknown) => api(p.url, method, route, { token, body });

  const job = (id: string) =>
    until(`job ${id}`, async () => {
      const r = await call('GET', `/api/v1/jobs/${id}`);
      return ['succeeded', 'failed'].includes(r.body.status) ? r.body : undefined;
    });

  const draft = async (brief: string, platform: string): Promise<string> => {
    const start = await call('POST', '/api/v1/content/generate', { brandId, brief, platform, variants: 1 });
    expect(start.status).toBe(202);
    const done = await job(start.body.jobId);
    expect(done.status).toBe('succeeded');
    return done.result.contentId as string;
  };

  beforeAll(async () => {
    receiver = await new WebhookReceiverFake(CHANNEL_SECRET).start();
    p = await startTestPlatform('embedded', { SCHEDULER_POLL_MS: '250' });
    token = (await registerUser(p.url, 'sim-owner')).accessToken;
    const brand = await call('POST', '/api/v1/brands', { name: 'Harbour Roasters', pillars: ['Sourcing', 'Community'] });
    expect(brand.status).toBe(201);
    brandId = brand.body.id;
    const c = await call('POST', '/api/v1/connections', {
      brandId,
      platform: 'webhook',
      displayName: 'Shop feed',
      config: { url: receiver.hookUrl, secret: CHANNEL_SECRET },
    });
    expect(c.status).toBe(201);
    connectionId = c.body.id;
  }, PLATFORM_BOOT_MS);

  afterAll(async () => {
    await p?.destroy();
    await receiver?.stop();
  });

  it('simulates only the published posts, on their own platform; drafts elsewhere get no numbers', async () => {
    const published: string[] = [];
    for (const brief of ['Thank the neighbours who came to the tasting', 'The winter blend is back']) {
      const id = await draft(brief, 'webhook');
      expect((await call('POST', `/api/v1/content/${id}/approve`)).status).toBe(200);
      const started = await until('publishing-agent to know the content', async () => {
        const r = await call('POST', `/api/v1/content/${id}/publish`, { connectionIds: [connectionId] });
        return r.status === 409 || r.status === 404 ? undefined : r;
      });
      expect(started.status).toBe(201);
      published.push(id);
    }
    const drafts = [await draft('Brewing guide for the V60', 'x'), await draft('Meet our green-coffee buyer', 'linkedin')];
    await until('both posts published', async () => {
      const r = await call('GET', `/api/v1/schedule?brandId=${brandId}`);
      const done = r.body.items.filter((i: { contentId: string; status: string }) => published.includes(i.contentId) && i.status === 'published');
      return done.length === 2 ? done : undefined;
    });
    // The posts join the metrics schedule in the transaction that records them as published.

    const sim = await call('POST', '/api/v1/analytics/simulate', { brandId, days: 14 });
    expect(sim.status).toBe(202);
    const done = await job(sim.body.jobId);
    expect(done.status).toBe('succeeded');
    expect(done.result).toMatchObject({ posts: 2, fromKnownContent: true, simulated: true });

    const o = (await call('GET', `/api/v1/analytics/overview?brandId=${brandId}&from=${daysAgo(13)}&to=${today()}`)).body;
    expect(o.byPlatform.map((b: { platform: string }) => b.platform)).toEqual(['webhook']);
    expect(o.totals.impressions).toBeGreaterThan(0);
    // Numbers start on the day a post went out (today), never before.
    expect(o.daily.filter((d: { impressions: number }) => d.impressions > 0).map((d: { date: string }) => d.date)).toEqual([today()]);

    // The posts table's numbers (one read per post) add up to the overview's.
    let sum = 0;
    for (const id of published) {
      const a = (await call('GET', `/api/v1/content/${id}/analytics`)).body;
      expect(a.simulated).toBe(true);
      expect(a.totals.impressions).toBeGreaterThan(0);
      sum += a.totals.impressions;
    }
    expect(sum).toBe(o.totals.impressions);
    for (const id of drafts) {
      const a = await call('GET', `/api/v1/content/${id}/analytics`);
      expect(a.status).toBe(200);
      expect(a.body.totals.impressions).toBe(0);
    }

    // The insights count the same two posts.
    const run = await until('insights over the simulated numbers', async () => {
      const r = await call('POST', `/api/v1/brands/${brandId}/insights`, {});
      expect((await job(r.body.jobId)).status).toBe('succeeded');
      const items = (await call('GET', `/api/v1/brands/${brandId}/insights`)).body.items;
      return items.some((i: { type: string }) => i.type === 'summary') ? items : undefined;
    });
    const summary = run.find((i: { type: string }) => i.type === 'summary');
    expect(summary.evidence.posts).toBe(2);
    expect(summary.message).toMatch(/^2 posts with impressions/);
  }, 180_000);
});
