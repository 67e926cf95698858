import { randomBytes, randomUUID } from 'node:crypto';
import { type Content, createEvent } from '@mt/messages';
import { planPosts, simulatePerformance } from '../../apps/publishing-agent/src/performance/services/simulation-model';
import { api, PLATFORM_BOOT_MS, PLATFORM_MODES, registerUser, startTestPlatform, type TestPlatform, until } from '../support/platform';
import { joinBrand } from '../support/members';

/** Announces an event on the mesh as its owning agent would (for facts whose producer is not under test here). */
async function announce(p: TestPlatform, eventType: string, payload: unknown): Promise<void> {
  const env = createEvent({ sender: 'e2e-test', eventType, payload });
  await p.runtime.broker.publish(p.runtime.topology.eventsExchange, eventType, {
    body: Buffer.from(JSON.stringify(env)),
    messageId: env.message_id,
    persistent: true,
  });
}

const today = () => new Date().toISOString().slice(0, 10);
const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);

describe.each(PLATFORM_MODES)('analytics, A/B tests and ad sets (%s)', (mode) => {
  let p: TestPlatform;
  const tokens: Record<string, string> = {};
  let brandId: string;

  const register = (who: string) => registerUser(p.url, who);

  const job = (location: string, token: string) =>
    until(`job ${location}`, async () => {
      const r = await api(p.url, 'GET', location, { token });
      return ['succeeded', 'failed'].includes(r.body.status) ? r.body : undefined;
    });

  beforeAll(async () => {
    p = await startTestPlatform(mode);
    const owner = await register('owner');
    const viewer = await register('viewer');
    const outsider = await register('outsider');
    tokens.owner = owner.accessToken;
    tokens.viewer = viewer.accessToken;
    tokens.outsider = outsider.accessToken;
    const brand = await api(p.url, 'POST', '/api/v1/brands', {
      token: tokens.owner,
      body: { name: 'Northwind Roasters', pillars: ['Brewing guides', 'Sourcing', 'Community'] },
    });
    expect(brand.status).toBe(201);
    brandId = brand.body.id;
    await joinBrand(p.url, tokens.owner, brandId, { email: viewer.user.email, token: viewer.accessToken }, 'viewer');
  }, PLATFORM_BOOT_MS);
  afterAll(async () => {
    await p?.destroy();
  });

  it('simulates performance: the overview shows series per platform and per day, marked simulated, the same on a re-run', async () => {
    const refused = await api(p.url, 'POST', '/api/v1/analytics/simulate', { token: tokens.viewer, body: { brandId, days: 14 } });
    expect(refused.status).toBe(403);
    expect((await api(p.url, 'POST', '/api/v1/analytics/simulate', { token: tokens.outsider, body: { brandId, days: 14 } })).status).toBe(404);
    expect((await api(p.url, 'POST', '/api/v1/analytics/simulate', { token: tokens.owner, body: { brandId, days: 91 } })).status).toBe(400);

    const started = await api(p.url, 'POST', '/api/v1/analytics/simulate', { token: tokens.owner, body: { brandId, days: 14 } });
    expect(started.status).toBe(202);
    expect(started.body.kind).toBe('analytics.simulate');
    const done = await job(started.headers.get('location')!, tokens.owner);
    expect(done.status).toBe('succeeded');
    expect(done.result).toMatchObject({ brandId, days: 14, simulated: true, fromKnownContent: false });

    const overview = await api(p.url, 'GET', `/api/v1/analytics/overview?brandId=${brandId}&from=${daysAgo(13)}&to=${today()}`, { token: tokens.viewer });
    expect(overview.status).toBe(200);
    const o = overview.body;
    expect(o.simulated).toBe(true);
    expect(o.totals.impressions).toBeGreaterThan(1000);
    expect(o.totals.engagementRate).toBeGreaterThan(0);
    expect(o.totals.engagementRate).toBeLessThan(0.2);
    expect(o.daily).toHaveLength(14);
    expect(o.daily[0].date).toBe(daysAgo(13));
    const platforms = o.byPlatform.map((b: { platform: string }) => b.platform);
    expect(platforms).toEqual(expect.arrayContaining(['linkedin', 'x']));
    // The days with numbers are exactly the model's for this brand (seeded by brand, window and
    // end day): a platform posts on most days, and a post gathers numbers for five days after.
    const brandView = (await api(p.url, 'GET', `/api/v1/brands/${brandId}`, { token: tokens.owner })).body;
    const endDay = o.daily[o.daily.length - 1].date;
    const seed = `${brandId}:14:${endDay}`;
    const modelPosts = planPosts({ seed, endDay, days: 14, timezone: brandView.timezone, known: [], platforms: [], pillars: brandView.pillars });
    const modelRows = simulatePerformance(seed, modelPosts, endDay);
    for (const platform of platforms) {
      const points = o.series.filter((s: { platform: string }) => s.platform === platform);
      expect(points).toHaveLength(14);
      const measured = points.filter((s: { impressions: number }) => s.impressions > 0);
      const expectedDays = [...new Set(modelRows.filter((r) => r.platform === platform && r.impressions > 0).map((r) => r.day))].sort();
      expect(measured.map((s: { date: string }) => s.date)).toEqual(expectedDays);
      expect(expectedDays.length).toBeGreaterThan(0);
      expect(measured.every((s: { simulated: boolean }) => s.simulated)).toBe(true);
    }
    const linkedin = o.byPlatform.find((b: { platform: string }) => b.platform === 'linkedin');
    const x = o.byPlatform.find((b: { platform: string }) => b.platform === 'x');
    expect(linkedin.engagementRate).toBeGreaterThan(x.engagementRate);

    // strategy-agent reads analytics.updated (asynchronously): its insights find the simulated numbers, and say so.
    const measured = await until('insights from the simulated numbers', async () => {
      const run = await api(p.url, 'POST', `/api/v1/brands/${brandId}/insights`, { token: tokens.owner, body: {} });
      expect(run.status).toBe(202);
      expect((await job(run.headers.get('location')!, tokens.owner)).status).toBe('succeeded');
      const found = await api(p.url, 'GET', `/api/v1/brands/${brandId}/insights`, { token: tokens.viewer });
      const items = found.body.items.filter((i: { type: string }) => i.type !== 'no_data');
      return items.length > 0 ? items : undefined;
    });
    expect(measured.every((i: { simulated: boolean }) => i.simulated)).toBe(true);

    const again = await api(p.url, 'POST', '/api/v1/analytics/simulate', { token: tokens.owner, body: { brandId, days: 14 } });
    expect((await job(again.headers.get('location')!, tokens.owner)).status).toBe('succeeded');
    const second = await api(p.url, 'GET', `/api/v1/analytics/overview?brandId=${brandId}&from=${daysAgo(13)}&to=${today()}`, { token: tokens.owner });
    expect(second.body.totals).toEqual(o.totals);

    expect((await api(p.url, 'GET', `/api/v1/analytics/overview?brandId=${brandId}`, { token: tokens.outsider })).status).toBe(404);
  });

  it('runs an A/B test of two variants at comparable slots and shows the probability that each wins', async () => {
    const secret = `whsec_${randomBytes(24).toString('base64')}`;
    const connection = await api(p.url, 'POST', '/api/v1/connections', {
      token: tokens.owner,
      body: { brandId, platform: 'webhook', displayName: 'Test hook', config: { url: 'http://127.0.0.1:9/hook', secret } },
    });
    expect(connection.status).toBe(201);

    // Approved content with two variants, as creation-agent announces it.
    const now = new Date().toISOString();
    const variant = (id: string, body: string) => ({
      id,
      body,
      hashtags: ['#coffee'],
      framework: null,
      scores: { voiceMatch: 80, readability: 70, lengthFit: 90, engagementPrediction: 60 },
      overall: 75,
    });
    const [va, vb] = [randomUUID(), randomUUID()];
    const content: Content = {
      id: randomUUID(),
      brandId,
      campaignId: null,
      calendarEntryId: null,
      platform: 'webhook',
      status: 'approved',
      body: 'Our single-origin beans, roasted this morning.',
      hashtags: ['#coffee'],
      topic: 'Fresh roast',
      pillar: 'Sourcing',
      format: 'text',
      variants: [variant(va, 'Our single-origin beans, roasted this morning.'), variant(vb, 'Roasted at dawn: taste the difference today.')],
      selectedVariantId: va,
      version: 1,
      aiMeta: null,
      approvedAt: now,
      approvedBy: null,
      scheduledAt: null,
      publishedAt: null,
      externalUrl: null,
      failure: null,
      createdAt: now,
      updatedAt: now,
    };
    await announce(p, 'content.created', { content: { ...content, status: 'draft', approvedAt: null } });
    await announce(p, 'content.approved', { content, by: randomUUID() });

    const at = new Date(Math.ceil((Date.now() + 2 * 3_600_000) / 3_600_000) * 3_600_000).toISOString();
    const body = { variantIds: [va, vb], connectionId: connection.body.id, at };
    expect((await api(p.url, 'POST', `/api/v1/content/${content.id}/abtests`, { token: tokens.viewer, body })).status).not.toBe(201);
    // The content reaches publishing-agent's replicas through the events: until then 404 (unknown) or 409 (not yet approved).
    let last: { status: number; body: any } = { status: 0, body: null };
    const created = await until('the A/B test', async () => {
      last = await api(p.url, 'POST', `/api/v1/content/${content.id}/abtests`, { token: tokens.owner, body });
      return last.status === 201 ? last.body : undefined;
    }).catch((err: Error) => {
      throw new Error(`${err.message}; last answer ${last.status} ${JSON.stringify(last.body)}`);
    });
    expect(created.status).toBe('running');
    const slots = created.variants.map((v: { at: string }) => Date.parse(v.at)).sort();
    expect(slots[1] - slots[0]).toBe(7 * 86_400_000);
    expect(created.variants.map((v: { variantId: string }) => v.variantId)).toEqual([va, vb]);
    expect(created.variants.every((v: { scheduleId: string | null }) => typeof v.scheduleId === 'string')).toBe(true);
    expect(created.variants[0].probabilityBest).toBeCloseTo(0.5, 5);
    const twice = await api(p.url, 'POST', `/api/v1/content/${content.id}/abtests`, { token: tokens.owner, body });
    expect(twice.status).toBe(409);

    const sim = await api(p.url, 'POST', '/api/v1/analytics/simulate', { token: tokens.owner, body: { brandId, days: 7 } });
    expect((await job(sim.headers.get('location')!, tokens.owner)).result.fromKnownContent).toBe(true);

    const test = await api(p.url, 'GET', `/api/v1/abtests/${created.id}`, { token: tokens.viewer });
    expect(test.status).toBe(200);
    expect(test.body.simulated).toBe(true);
    const [a, b] = test.body.variants;
    expect(a.impressions).toBeGreaterThan(0);
    expect(b.impressions).toBeGreaterThan(0);
    expect(a.simulated && b.simulated).toBe(true);
    expect(a.probabilityBest).toBeGreaterThan(0);
    expect(a.probabilityBest).toBeLessThan(1);
    expect(a.probabilityBest + b.probabilityBest).toBeCloseTo(1, 4);
    if (test.body.status === 'concluded') {
      const leader = a.probabilityBest > b.probabilityBest ? a : b;
      expect(test.body.winnerVariantId).toBe(leader.variantId);
    }
    expect((await api(p.url, 'GET', `/api/v1/abtests/${created.id}`, { token: tokens.outsider })).status).toBe(404);
    const ofContent = await api(p.url, 'GET', `/api/v1/content/${content.id}/abtests`, { token: tokens.viewer });
    expect(ofContent.status).toBe(200);
    expect(ofContent.body.items.map((t: { id: string }) => t.id)).toEqual([created.id]);
    expect((await api(p.url, 'GET', `/api/v1/content/${content.id}/abtests`, { token: tokens.outsider })).status).toBe(404);

    const perPost = await api(p.url, 'GET', `/api/v1/content/${content.id}/analytics`, { token: tokens.viewer });
    expect(perPost.status).toBe(200);
    expect(perPost.body.simulated).toBe(true);
    expect(perPost.body.totals.impressions).toBeGreaterThan(0);
    expect((await api(p.url, 'GET', `/api/v1/content/${content.id}/analytics`, { token: tokens.outsider })).status).toBe(404);
  });

  it('tracks ad set spend with pacing flags, alerts the brand, and pauses a spent ad set', async () => {
    const campaign = await api(p.url, 'POST', '/api/v1/campaigns', {
      token: tokens.owner,
      body: { brandId, name: 'Winter blend', goal: 'Sell 500 bags', startDate: '2027-01-01', endDate: '2027-01-10', platforms: ['linkedin'], postsPerWeek: 3 },
    });
    expect(campaign.status).toBe(201);
    const cid = campaign.body.id;
    const input = { name: 'LinkedIn retargeting', platform: 'linkedin', dailyBudget: 100, totalBudget: 1000 };
    expect((await api(p.url, 'POST', `/api/v1/campaigns/${cid}/adsets`, { token: tokens.viewer, body: input })).status).toBe(403);
    expect((await api(p.url, 'POST', `/api/v1/campaigns/${cid}/adsets`, { token: tokens.owner, body: { ...input, dailyBudget: 2000 } })).status).toBe(400);
    const created = await api(p.url, 'POST', `/api/v1/campaigns/${cid}/adsets`, { token: tokens.owner, body: input });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ ...input, status: 'draft', spentTotal: 0, flags: [], startDate: null, endDate: null });
    const id = created.body.id;

    const active = await api(p.url, 'PATCH', `/api/v1/adsets/${id}`, { token: tokens.owner, body: { status: 'active' } });
    expect(active.status).toBe(200);
    expect(active.body.status).toBe('active');

    const day1 = await api(p.url, 'POST', `/api/v1/adsets/${id}/spend`, { token: tokens.owner, body: { amount: 150, date: '2027-01-01' } });
    expect(day1.status).toBe(200);
    expect(day1.body).toMatchObject({ spentTotal: 150, expectedSpend: 100, paceRatio: 1.5, status: 'active' });
    expect(day1.body.flags.map((f: { kind: string }) => f.kind).sort()).toEqual(['daily_overspend', 'overpacing']);

    const alerts = await until('the pacing notifications', async () => {
      const r = await api(p.url, 'GET', '/api/v1/notifications?unread=true', { token: tokens.viewer });
      const mine = r.body.items.filter((n: { kind: string; data: { adSetId?: string } }) => n.kind === 'adset_pacing' && n.data.adSetId === id);
      return mine.length >= 2 ? mine : undefined;
    });
    expect(alerts.map((n: { data: { alert: string } }) => n.data.alert).sort()).toEqual(['daily_overspend', 'overpacing']);

    // Within budget on days 2–4, then the rest of the total on day 5: 1,000.00 spent in all.
    for (const [amount, date] of [
      [90, '2027-01-02'],
      [100, '2027-01-03'],
      [99.99, '2027-01-04'],
    ] as const) {
      const r = await api(p.url, 'POST', `/api/v1/adsets/${id}/spend`, { token: tokens.owner, body: { amount, date } });
      expect(r.status).toBe(200);
      expect(r.body.status).toBe('active');
    }
    const final = await api(p.url, 'POST', `/api/v1/adsets/${id}/spend`, { token: tokens.owner, body: { amount: 560.01, date: '2027-01-05' } });
    expect(final.status).toBe(200);
    expect(final.body).toMatchObject({ spentTotal: 1000, status: 'paused' });
    expect(final.body.flags.map((f: { kind: string }) => f.kind)).toContain('budget_exhausted');
    expect((await api(p.url, 'PATCH', `/api/v1/adsets/${id}`, { token: tokens.owner, body: { status: 'active' } })).status).toBe(409);

    const list = await api(p.url, 'GET', `/api/v1/campaigns/${cid}/adsets`, { token: tokens.viewer });
    expect(list.status).toBe(200);
    expect(list.body.items).toHaveLength(1);
    expect(list.body.items[0]).toMatchObject({ id, spentTotal: 1000, status: 'paused' });
    expect((await api(p.url, 'GET', `/api/v1/campaigns/${cid}/adsets`, { token: tokens.outsider })).status).toBe(404);
    expect((await api(p.url, 'PATCH', `/api/v1/adsets/${id}`, { token: tokens.viewer, body: { dailyBudget: 10 } })).status).toBe(403);
  });
});
