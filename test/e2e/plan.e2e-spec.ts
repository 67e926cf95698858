import { randomUUID } from 'node:crypto';
import { type CalendarItem, OpenAiCompatibleTestServer, type RecordedRequest, testReply } from '@mt/ai';
import { CONTENT_EVENTS, type Content, PUBLISHING_EVENTS, UnitOfWork } from '@mt/messages';
import { AGENT_MODULES } from '../../tools/run/platform';
import { api, PLATFORM_BOOT_MS, PLATFORM_MODES, registerUser, startTestPlatform, type TestPlatform } from '../support/platform';
import { joinBrand } from '../support/members';

/**
 * The plan job over HTTP, against an OpenAI-compatible test server standing in for the model: it
 * answers the calendar task with an over-eager calendar (a post every day on every platform, one
 * with a pillar the brand does not have) that the planner must shape to the campaign's cadence, or
 * — when told to misbehave — with prose no repair can use. Every other AI task is refused at once.
 */
const PILLARS = ['Education', 'Product', 'Community'];
const TZ = 'Europe/Berlin';
// Two weeks across the change to summer time in Berlin (2026-03-29): UTC+1 before, UTC+2 after.
const CAMPAIGN = {
  name: 'Spring launch',
  goal: 'Beta sign-ups',
  startDate: '2026-03-23',
  endDate: '2026-04-05',
  platforms: ['linkedin', 'x'],
  postsPerWeek: 3,
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let behaving = true;
function calendarAnswer(req: RecordedRequest) {
  const system = req.body.messages[0]?.content ?? '';
  if (!system.includes('campaign-calendar step')) return testReply.badRequest('this test only plans calendars');
  if (!behaving) return testReply.garbage();
  const [, from, to] = /between (\d{4}-\d{2}-\d{2}) and (\d{4}-\d{2}-\d{2}) inclusive/.exec(system) ?? [];
  const platforms = (/Only these platforms: ([a-z, ]+)\./.exec(system)?.[1] ?? 'x').split(', ') as CalendarItem['platform'][];
  const items: CalendarItem[] = [];
  let n = 0;
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000) {
    const date = new Date(t).toISOString().slice(0, 10);
    for (const platform of platforms) {
      const pillar = n % 5 === 4 ? 'Random musings' : PILLARS[n % 2]; // unbalanced, and one pillar the brand lacks
      items.push({ date, time: '09:00', platform, pillar, framework: 'AIDA', format: 'text', angle: `Angle ${n++} for ${date}` });
    }
  }
  return testReply.json({ theme: 'Spring', items });
}

describe.each(PLATFORM_MODES)('campaign plan (%s)', (mode) => {
  let p: TestPlatform;
  let ai: OpenAiCompatibleTestServer;
  const tokens: Record<string, string> = {};
  let brandId: string;

  const register = (who: string) => registerUser(p.url, who);

  const newCampaign = async () => {
    const c = await api(p.url, 'POST', '/api/v1/campaigns', { token: tokens.owner, body: { brandId, ...CAMPAIGN } });
    expect(c.status).toBe(201);
    return c.body.id as string;
  };

  const waitForJob = async (jobId: string, until: string[], ms = 60_000) => {
    const deadline = Date.now() + ms;
    for (;;) {
      const j = await api(p.url, 'GET', `/api/v1/jobs/${jobId}`, { token: tokens.owner });
      if (until.includes(j.body.status)) return j.body;
      if (Date.now() > deadline) throw new Error(`job ${jobId} still ${j.body.status} (${JSON.stringify(j.body.progress)})`);
      await sleep(100);
    }
  };

  const plan = async (campaignId: string) => {
    const r = await api(p.url, 'POST', `/api/v1/campaigns/${campaignId}/plan`, { token: tokens.owner });
    expect(r.status).toBe(202);
    expect(r.headers.get('location')).toBe(`/api/v1/jobs/${r.body.jobId}`);
    expect(r.body.kind).toBe('campaign.plan');
    return r.body.jobId as string;
  };

  const calendar = async (campaignId: string, query = '') => {
    const r = await api(p.url, 'GET', `/api/v1/campaigns/${campaignId}/calendar${query}`, { token: tokens.viewer });
    expect(r.status).toBe(200);
    return r.body.items as Record<string, any>[];
  };

  beforeAll(async () => {
    ai = await OpenAiCompatibleTestServer.start();
    ai.setDefault(testReply.dynamic(calendarAnswer));
    p = await startTestPlatform(mode, {
      AI_PROVIDER: 'openai-compatible',
      AI_BASE_URL: ai.url,
      AI_PRICES: JSON.stringify({ '*': { inPerMTok: 0, outPerMTok: 0 } }),
      AI_MAX_RETRIES: '1',
      AI_RETRY_BASE_DELAY_MS: '0',
      AI_RETRY_MAX_DELAY_MS: '0',
    });
    const owner = await register('owner');
    const viewer = await register('viewer');
    const stranger = await register('stranger');
    tokens.owner = owner.accessToken;
    tokens.viewer = viewer.accessToken;
    tokens.stranger = stranger.accessToken;
    const brand = await api(p.url, 'POST', '/api/v1/brands', { token: tokens.owner, body: { name: 'Acme Coffee', pillars: PILLARS, timezone: TZ } });
    expect(brand.status).toBe(201);
    brandId = brand.body.id;
    await joinBrand(p.url, tokens.owner, brandId, { email: viewer.user.email, token: viewer.accessToken }, 'viewer');
  }, PLATFORM_BOOT_MS);

  afterAll(async () => {
    await p?.destroy();
    await ai?.close();
  });

  let planned: string;

  it('plans 2 weeks of LinkedIn and X at 3 a week: 12 entries in range, local times, UTC instants across DST, pillars spread', async () => {
    planned = await newCampaign();
    const jobId = await plan(planned);
    const job = await waitForJob(jobId, ['succeeded', 'failed']);
    expect(job).toMatchObject({ status: 'succeeded', result: { campaignId: planned, entries: 12, kept: 0, replaced: 0 }, progress: { done: 3, total: 3 } });

    const items = await calendar(planned);
    expect(items).toHaveLength(12);
    const sorted = [...items].sort((a, b) => a.scheduledAt.localeCompare(b.scheduledAt));
    expect(items.map((e) => e.id)).toEqual(sorted.map((e) => e.id));
    for (const e of items) {
      expect(e.date >= CAMPAIGN.startDate && e.date <= CAMPAIGN.endDate).toBe(true);
      expect(e.time).toMatch(/^\d{2}:\d{2}$/);
      expect(e).toMatchObject({ timezone: TZ, status: 'planned', campaignId: planned, brandId });
      expect(CAMPAIGN.platforms).toContain(e.platform);
      expect(PILLARS).toContain(e.pillar);
      expect(e.topic.length).toBeGreaterThan(0);
      // Berlin is UTC+1 until the night of 2026-03-29, UTC+2 after.
      const offsetHours = e.date < '2026-03-29' ? 1 : 2;
      expect(Date.parse(e.scheduledAt)).toBe(Date.parse(`${e.date}T${e.time}:00Z`) - offsetHours * 3_600_000);
    }
    for (const platform of CAMPAIGN.platforms) {
      for (const [start, end] of [
        ['2026-03-23', '2026-03-29'],
        ['2026-03-30', '2026-04-05'],
      ]) {
        expect(items.filter((e) => e.platform === platform && e.date >= start && e.date <= end)).toHaveLength(3);
      }
    }
    const perPillar = PILLARS.map((pillar) => items.filter((e) => e.pillar === pillar).length);
    expect(Math.max(...perPillar) - Math.min(...perPillar)).toBeLessThanOrEqual(1);

    expect((await api(p.url, 'GET', `/api/v1/campaigns/${planned}`, { token: tokens.viewer })).body.status).toBe('planned');
    const week2 = await calendar(planned, '?from=2026-03-30&to=2026-04-05');
    expect(week2).toHaveLength(6);
  });

  it('refuses a viewer (403) and hides the campaign from a stranger (404)', async () => {
    const viewer = await api(p.url, 'POST', `/api/v1/campaigns/${planned}/plan`, { token: tokens.viewer });
    expect(viewer.status).toBe(403);
    expect(viewer.body.code).toBe('FORBIDDEN');
    expect((await api(p.url, 'POST', `/api/v1/campaigns/${planned}/plan`, { token: tokens.stranger })).status).toBe(404);
    expect((await api(p.url, 'GET', `/api/v1/campaigns/${planned}/calendar`, { token: tokens.stranger })).status).toBe(404);
    expect((await api(p.url, 'POST', `/api/v1/campaigns/${randomUUID()}/plan`, { token: tokens.owner })).status).toBe(404);
  });

  it('moves an entry to another day inside the campaign, recomputing its UTC instant', async () => {
    const [entry] = await calendar(planned, '?from=2026-03-23&to=2026-03-28');
    const moved = await api(p.url, 'PATCH', `/api/v1/calendar/${entry.id}`, { token: tokens.owner, body: { date: '2026-04-01', time: '10:30' } });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ id: entry.id, date: '2026-04-01', time: '10:30', scheduledAt: '2026-04-01T08:30:00.000Z' });
    const back = await api(p.url, 'PATCH', `/api/v1/calendar/${entry.id}`, { token: tokens.owner, body: { date: '2026-03-24' } });
    expect(back.body).toMatchObject({ date: '2026-03-24', time: '10:30', scheduledAt: '2026-03-24T09:30:00.000Z' });

    const outside = await api(p.url, 'PATCH', `/api/v1/calendar/${entry.id}`, { token: tokens.owner, body: { date: '2026-04-06' } });
    expect(outside.status).toBe(422);
    expect(outside.body.code).toBe('ENTRY_OUTSIDE_CAMPAIGN');
    expect(outside.body.errors).toEqual([{ field: 'date', message: 'must be between 2026-03-23 and 2026-04-05' }]);
    expect((await api(p.url, 'PATCH', `/api/v1/calendar/${entry.id}`, { token: tokens.viewer, body: { date: '2026-03-25' } })).status).toBe(403);
    expect((await api(p.url, 'PATCH', `/api/v1/calendar/${entry.id}`, { token: tokens.stranger, body: { date: '2026-03-25' } })).status).toBe(404);
    expect((await api(p.url, 'PATCH', `/api/v1/calendar/${entry.id}`, { token: tokens.owner, body: { date: '25/03/2026' } })).status).toBe(400);
  });

  it('re-planning keeps an entry whose content was approved and replaces the rest', async () => {
    const before = await calendar(planned);
    const target = before[4];
    // creation-agent's announcement of an approved post for this entry, on the mesh.
    const creation = p.platform.agents[Object.keys(AGENT_MODULES).indexOf('creation-agent')];
    const uow = creation.get(UnitOfWork, { strict: false });
    const now = new Date().toISOString();
    const content = {
      id: randomUUID(),
      brandId,
      campaignId: planned,
      calendarEntryId: target.id,
      platform: target.platform,
      status: 'approved',
      body: 'Approved post',
      hashtags: [],
      topic: target.topic,
      pillar: target.pillar,
      format: target.format,
      variants: [],
      selectedVariantId: null,
      version: 1,
      aiMeta: null,
      approvedAt: now,
      approvedBy: randomUUID(),
      scheduledAt: null,
      publishedAt: null,
      externalUrl: null,
      failure: null,
      createdAt: now,
      updatedAt: now,
    } as Content;
    await uow.transaction(async () => {
      uow.publishEvent(CONTENT_EVENTS.approved, { content, by: content.approvedBy ?? '' });
    });
    const deadline = Date.now() + 15_000;
    while ((await calendar(planned)).find((e) => e.id === target.id)?.status !== 'approved') {
      if (Date.now() > deadline) throw new Error('the entry never became approved');
      await sleep(100);
    }

    const job = await waitForJob(await plan(planned), ['succeeded', 'failed']);
    expect(job).toMatchObject({ status: 'succeeded', result: { entries: 12, kept: 1, replaced: 11 } });
    const after = await calendar(planned);
    expect(after).toHaveLength(12);
    expect(after.find((e) => e.id === target.id)).toMatchObject({ status: 'approved', contentId: content.id, date: target.date, time: target.time });
    const oldIds = new Set(before.map((e) => e.id));
    expect(after.filter((e) => oldIds.has(e.id)).map((e) => e.id)).toEqual([target.id]);

    // publishing-agent publishes it: the entry follows, and a published entry no longer moves.
    const publishing = p.platform.agents[Object.keys(AGENT_MODULES).indexOf('publishing-agent')].get(UnitOfWork, { strict: false });
    await publishing.transaction(async () => {
      publishing.publishEvent(PUBLISHING_EVENTS.published, {
        contentId: content.id,
        brandId,
        platform: target.platform,
        connectionId: randomUUID(),
        scheduleId: randomUUID(),
        externalId: 'post-1',
        url: null,
        publishedAt: new Date().toISOString(),
      });
    });
    const until = Date.now() + 15_000;
    while ((await calendar(planned)).find((e) => e.id === target.id)?.status !== 'published') {
      if (Date.now() > until) throw new Error('the entry never became published');
      await sleep(100);
    }
    const move = await api(p.url, 'PATCH', `/api/v1/calendar/${target.id}`, { token: tokens.owner, body: { date: CAMPAIGN.startDate } });
    expect(move.status).toBe(409);
    expect(move.body.code).toBe('ENTRY_ALREADY_PUBLISHED');
  });

  it('fails cleanly with AI_INVALID_OUTPUT when the model answers garbage, writes nothing, and succeeds on retry', async () => {
    const campaignId = await newCampaign();
    behaving = false;
    const asked = ai.requests.length;
    const jobId = await plan(campaignId);
    const failed = await waitForJob(jobId, ['succeeded', 'failed']);
    expect(failed.status).toBe('failed');
    expect(failed.error).toMatchObject({ code: 'AI_INVALID_OUTPUT' });
    // The first answer, then a retry with the problems fed back (AI_MAX_RETRIES=1).
    const calendarAsks = ai.requests.slice(asked).filter((r) => r.body.messages[0]?.content.includes('campaign-calendar step'));
    expect(calendarAsks.map((r) => r.body.messages.length)).toEqual([2, 4]);
    expect(await calendar(campaignId)).toEqual([]);
    expect((await api(p.url, 'GET', `/api/v1/campaigns/${campaignId}`, { token: tokens.owner })).body.status).toBe('draft');

    behaving = true;
    const retried = await api(p.url, 'POST', `/api/v1/jobs/${jobId}/retry`, { token: tokens.owner });
    expect(retried.status).toBe(202);
    const job = await waitForJob(jobId, ['succeeded', 'failed']);
    expect(job).toMatchObject({ status: 'succeeded', result: { entries: 12 } });
    expect(await calendar(campaignId)).toHaveLength(12);
    expect((await api(p.url, 'GET', `/api/v1/campaigns/${campaignId}`, { token: tokens.owner })).body.status).toBe('planned');
  });
});
