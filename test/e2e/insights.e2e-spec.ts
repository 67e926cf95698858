import { randomUUID } from 'node:crypto';
import { type AnalyticsSnapshot, PUBLISHING_EVENTS, UnitOfWork } from '@mt/messages';
import { AGENT_MODULES } from '../../tools/run/platform';
import { api, PLATFORM_BOOT_MS, PLATFORM_MODES, registerUser, startTestPlatform, type TestPlatform } from '../support/platform';
import { joinBrand } from '../support/members';

/**
 * Recommendations and insights over HTTP. Analytics snapshots come from publishing-agent's
 * `analytics.updated`; until its collection runs in these tests, the test announces them on the
 * mesh through publishing-agent's own outbox, exactly as that agent will.
 */
const PILLARS = ['Education', 'Product', 'Community'];
const TZ = 'America/New_York';
const DAY = 86_400_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const isoDate = (t: number) => new Date(t).toISOString().slice(0, 10);

describe.each(PLATFORM_MODES)('recommendations and insights (%s)', (mode) => {
  let p: TestPlatform;
  const tokens: Record<string, string> = {};
  let brandId: string;

  const register = (who: string) => registerUser(p.url, who);

  const waitForJob = async (jobId: string) => {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const j = await api(p.url, 'GET', `/api/v1/jobs/${jobId}`, { token: tokens.owner });
      if (['succeeded', 'failed'].includes(j.body.status)) return j.body;
      if (Date.now() > deadline) throw new Error(`job ${jobId} still ${j.body.status}`);
      await sleep(100);
    }
  };

  const generateInsights = async (body?: unknown) => {
    const r = await api(p.url, 'POST', `/api/v1/brands/${brandId}/insights`, { token: tokens.owner, ...(body ? { body } : {}) });
    expect(r.status).toBe(202);
    expect(r.body.kind).toBe('brand.insights');
    return waitForJob(r.body.jobId);
  };

  beforeAll(async () => {
    p = await startTestPlatform(mode);
    const owner = await register('owner');
    const viewer = await register('viewer');
    const stranger = await register('stranger');
    tokens.owner = owner.accessToken;
    tokens.viewer = viewer.accessToken;
    tokens.stranger = stranger.accessToken;
    const brand = await api(p.url, 'POST', '/api/v1/brands', {
      token: tokens.owner,
      body: { name: 'Acme Coffee', pillars: PILLARS, values: ['sustainability'], timezone: TZ },
    });
    expect(brand.status).toBe(201);
    brandId = brand.body.id;
    await joinBrand(p.url, tokens.owner, brandId, { email: viewer.user.email, token: viewer.accessToken }, 'viewer');
  }, PLATFORM_BOOT_MS);

  afterAll(async () => {
    await p?.destroy();
  });

  it('recommends the pillars and topics the brand has not covered, and stops once a plan covers the pillars evenly', async () => {
    const before = await api(p.url, 'GET', `/api/v1/brands/${brandId}/recommendations`, { token: tokens.viewer });
    expect(before.status).toBe(200);
    expect(before.body.nextCursor).toBeNull();
    expect(before.body.items.map((r: { topic: string }) => r.topic)).toEqual([...PILLARS, 'sustainability']);
    expect(before.body.items[0]).toMatchObject({ kind: 'pillar', score: 100, lastCoveredAt: null, recentCount: 0, windowDays: 30 });
    expect(before.body.items[0].reason).toMatch(/^Never covered/);

    const start = Date.now() + DAY;
    const campaign = await api(p.url, 'POST', '/api/v1/campaigns', {
      token: tokens.owner,
      body: {
        brandId,
        name: 'Next two weeks',
        goal: 'Beta sign-ups',
        startDate: isoDate(start),
        endDate: isoDate(start + 13 * DAY),
        platforms: ['linkedin', 'x'],
        postsPerWeek: 3,
      },
    });
    expect(campaign.status).toBe(201);
    const plan = await api(p.url, 'POST', `/api/v1/campaigns/${campaign.body.id}/plan`, { token: tokens.owner });
    expect((await waitForJob(plan.body.jobId)).status).toBe('succeeded');

    const after = await api(p.url, 'GET', `/api/v1/brands/${brandId}/recommendations`, { token: tokens.viewer });
    // 12 entries planned, 4 per pillar: no pillar is behind; the brand value nobody wrote about is.
    expect(after.body.items.filter((r: { kind: string }) => r.kind === 'pillar')).toEqual([]);
    expect(after.body.items[0]).toMatchObject({ kind: 'topic', topic: 'sustainability', score: 100, recentCount: 0 });

    expect((await api(p.url, 'GET', `/api/v1/brands/${brandId}/recommendations`, { token: tokens.stranger })).status).toBe(404);
    expect((await api(p.url, 'GET', `/api/v1/brands/not-a-uuid/recommendations`, { token: tokens.owner })).status).toBe(400);
  });

  it('says there is no data before any analytics arrive', async () => {
    const job = await generateInsights();
    expect(job).toMatchObject({ status: 'succeeded', result: { brandId, insights: 1, snapshots: 0, simulated: false } });
    const list = await api(p.url, 'GET', `/api/v1/brands/${brandId}/insights`, { token: tokens.viewer });
    expect(list.status).toBe(200);
    expect(list.body.items.map((i: { type: string }) => i.type)).toEqual(['no_data']);
  });

  it('computes insights with their evidence from simulated snapshots, labelled simulated', async () => {
    // Two weeks of posts: the first week at 2% engagement, the second at 4%; 13:00 UTC is 08:00 in New York (EST).
    const end = Date.parse('2026-11-20T13:00:00Z');
    const snapshot = (daysBefore: number, hourUtc: number, engagements: number, pillar: string, format: string): AnalyticsSnapshot => {
      const at = new Date(end - daysBefore * DAY + (hourUtc - 13) * 3_600_000).toISOString();
      return {
        contentId: randomUUID(),
        brandId,
        platform: 'linkedin',
        publishedAt: at,
        capturedAt: new Date(end + DAY).toISOString(),
        impressions: 1000,
        engagements,
        clicks: 5,
        engagementRate: engagements / 1000,
        simulated: true,
        topic: `${pillar} tips`,
        pillar,
        format,
      };
    };
    const snapshots = [
      snapshot(12, 13, 20, 'Education', 'text'),
      snapshot(11, 18, 20, 'Product', 'text'),
      snapshot(10, 13, 20, 'Community', 'carousel'),
      snapshot(9, 18, 20, 'Education', 'text'),
      snapshot(5, 13, 60, 'Education', 'carousel'),
      snapshot(4, 18, 30, 'Product', 'text'),
      snapshot(2, 13, 50, 'Education', 'carousel'),
      snapshot(0, 18, 20, 'Community', 'text'),
    ];
    const publishing = p.platform.agents[Object.keys(AGENT_MODULES).indexOf('publishing-agent')];
    const uow = publishing.get(UnitOfWork, { strict: false });
    await uow.transaction(async () => {
      uow.publishEvent(PUBLISHING_EVENTS.analyticsUpdated, { brandId, snapshots });
      // Another brand's snapshot in this brand's event is not kept.
      uow.publishEvent(PUBLISHING_EVENTS.analyticsUpdated, { brandId, snapshots: [{ ...snapshots[0], contentId: randomUUID(), brandId: randomUUID() }] });
    });

    // The replica fills as the event is consumed: generate until the job sees all eight posts.
    const deadline = Date.now() + 20_000;
    let job = await generateInsights({ periodDays: 7 });
    while (job.result?.snapshots !== snapshots.length) {
      if (Date.now() > deadline) throw new Error(`insights saw ${job.result?.snapshots} snapshots`);
      await sleep(200);
      job = await generateInsights({ periodDays: 7 });
    }
    expect(job).toMatchObject({ status: 'succeeded', result: { simulated: true, summaryError: null } });

    const list = await api(p.url, 'GET', `/api/v1/brands/${brandId}/insights`, { token: tokens.viewer });
    const byType = Object.fromEntries(list.body.items.map((i: { type: string }) => [i.type, i]));
    expect(Object.keys(byType).sort()).toEqual(['best_format', 'best_pillar', 'best_platform', 'best_time', 'best_topic', 'engagement_trend', 'summary']);
    expect(list.body.items.every((i: { simulated: boolean; brandId: string }) => i.simulated && i.brandId === brandId)).toBe(true);

    // Last 7 days: 60+30+50+20 of 4000; the 7 before: 20+20+20+20 of 4000.
    expect(byType.engagement_trend.evidence).toMatchObject({ currentRate: 0.04, previousRate: 0.02, changePct: 100, currentPosts: 4, previousPosts: 4 });
    expect(byType.engagement_trend.message).toContain('rose from 2.0% to 4.0%');
    expect(byType.best_pillar.evidence).toMatchObject({ pillar: 'Education', posts: 4, rate: 0.0375, sampleSize: 8 });
    expect(byType.best_format.evidence).toMatchObject({ format: 'carousel', posts: 3 });
    expect(byType.best_time.evidence).toMatchObject({ timezone: TZ, platforms: [{ platform: 'linkedin', hour: '08:00', posts: 4 }] });
    expect(byType.best_time.recommendation).toBe(`Posting times: LinkedIn around 08:00 (${TZ}).`);
    for (const type of ['best_pillar', 'best_format', 'best_time', 'engagement_trend']) expect(byType[type].recommendation.length).toBeGreaterThan(10);

    const viewer = await api(p.url, 'POST', `/api/v1/brands/${brandId}/insights`, { token: tokens.viewer });
    expect(viewer.status).toBe(403);
    expect((await api(p.url, 'POST', `/api/v1/brands/${brandId}/insights`, { token: tokens.stranger })).status).toBe(404);
    expect((await api(p.url, 'GET', `/api/v1/brands/${brandId}/insights`, { token: tokens.stranger })).status).toBe(404);
    expect((await api(p.url, 'POST', `/api/v1/brands/${brandId}/insights`, { token: tokens.owner, body: { periodDays: 0 } })).status).toBe(400);
  });
});
