import { randomUUID } from 'node:crypto';
import { findBannedWords, OpenAiCompatibleTestServer, PLATFORMS, platformLength, type RecordedRequest, renderPost, testReply, type PlatformId } from '@mt/ai';
import { type CalendarEntry, CAMPAIGN_EVENTS, CONTENT_TASKS, type DraftReplyInput, UnitOfWork } from '@mt/messages';
import { JobLauncher } from '../../apps/gateway/src/services/job-launcher.service';
import { api, PLATFORM_BOOT_MS, PLATFORM_MODES, registerUser, startTestPlatform, type TestPlatform, until } from '../support/platform';
import { joinBrand } from '../support/members';

const BANNED = ['cheap', 'guarantee'];

/** A calendar entry as `campaign.planned` carries it (CalendarEntry; the test fills every field it has). */
type PlannedEntryShape = Pick<CalendarEntry, 'id' | 'platform' | 'topic' | 'pillar' | 'format' | 'scheduledAt' | 'contentId'> & Record<string, unknown>;

describe.each(PLATFORM_MODES)('content (%s)', (mode) => {
  let p: TestPlatform;
  const tokens: Record<string, string> = {};
  let ownerId: string;
  let brandId: string;
  let campaignId: string;

  const register = (who: string) => registerUser(p.url, who);

  const job = (id: string) =>
    until(`job ${id}`, async () => {
      const r = await api(p.url, 'GET', `/api/v1/jobs/${id}`, { token: tokens.owner });
      return r.body.status === 'succeeded' || r.body.status === 'failed' ? r.body : undefined;
    });

  /** `campaign.planned` again, as a redelivered or duplicated event would bring it. */
  const announcePlan = async (entries: PlannedEntryShape[]) => {
    const uow = p.platform.gateway.get(UnitOfWork, { strict: false });
    await uow.transaction(async () => {
      uow.publishEvent(CAMPAIGN_EVENTS.planned, {
        campaignId,
        brandId,
        campaignName: 'Spring launch',
        goal: 'Beta sign-ups for the new roastery subscription',
        // what the calendar API answered: whole entries, typed loosely here
        entries: entries as unknown as CalendarEntry[],
        jobId: randomUUID(),
        replacedEntryIds: [],
      });
    });
  };

  beforeAll(async () => {
    p = await startTestPlatform(mode);
    const owner = await register('owner');
    const viewer = await register('viewer');
    const stranger = await register('stranger');
    ownerId = owner.user.id;
    tokens.owner = owner.accessToken;
    tokens.viewer = viewer.accessToken;
    tokens.stranger = stranger.accessToken;
    const brand = await api(p.url, 'POST', '/api/v1/brands', {
      token: tokens.owner,
      body: {
        name: 'Acme Coffee',
        industry: 'Specialty coffee',
        description: 'A neighbourhood roastery with a coffee subscription',
        audience: 'home baristas',
        tone: 'warm, plain, expert',
        bannedWords: BANNED,
        pillars: ['coffee craft', 'sustainability', 'community'],
      },
    });
    expect(brand.status).toBe(201);
    brandId = brand.body.id;
    await joinBrand(p.url, tokens.owner, brandId, { email: viewer.user.email, token: viewer.accessToken }, 'viewer');
    const campaign = await api(p.url, 'POST', '/api/v1/campaigns', {
      token: tokens.owner,
      body: {
        brandId,
        name: 'Spring launch',
        goal: 'Beta sign-ups',
        startDate: '2026-03-02',
        endDate: '2026-03-15',
        platforms: ['linkedin', 'x'],
        postsPerWeek: 3,
      },
    });
    expect(campaign.status).toBe(201);
    campaignId = campaign.body.id;
  }, PLATFORM_BOOT_MS);
  afterAll(async () => {
    await p?.destroy();
  });

  const expectWithinRules = (c: { platform: PlatformId; body: string; hashtags: string[] }) => {
    const rules = PLATFORMS[c.platform];
    expect(platformLength(c.platform, renderPost(c.body, c.hashtags))).toBeLessThanOrEqual(rules.maxLength);
    expect(c.hashtags.length).toBeGreaterThanOrEqual(rules.hashtags.min);
    expect(c.hashtags.length).toBeLessThanOrEqual(rules.hashtags.max);
    expect(findBannedWords(`${c.body} ${c.hashtags.join(' ')}`, BANNED)).toEqual([]);
  };

  it('writes scored content for every planned entry; edit makes version 2, a variant can be selected, then approved', async () => {
    const plan = await api(p.url, 'POST', `/api/v1/campaigns/${campaignId}/plan`, { token: tokens.owner });
    expect(plan.status).toBe(202);
    expect((await job(plan.body.jobId)).status).toBe('succeeded');
    const calendar = await api(p.url, 'GET', `/api/v1/campaigns/${campaignId}/calendar`, { token: tokens.viewer });
    expect(calendar.status).toBe(200);
    const entries: PlannedEntryShape[] = calendar.body.items;
    expect(entries.length).toBeGreaterThan(0);
    const items = await until('content of every entry', async () => {
      const r = await api(p.url, 'GET', `/api/v1/content?brandId=${brandId}&campaignId=${campaignId}&limit=100`, { token: tokens.viewer });
      expect(r.status).toBe(200);
      return r.body.items.length >= entries.length ? r.body.items : undefined;
    });
    expect(items.map((c: { calendarEntryId: string }) => c.calendarEntryId).sort()).toEqual(entries.map((e) => e.id).sort());
    for (const c of items) {
      const e = entries.find((x) => x.id === c.calendarEntryId)!;
      expect(c).toMatchObject({ brandId, campaignId, platform: e.platform, topic: e.topic, pillar: e.pillar, status: 'draft', version: 1 });
      expect(c.variants).toHaveLength(2);
      for (const v of c.variants) {
        for (const k of ['voiceMatch', 'readability', 'lengthFit', 'engagementPrediction']) {
          expect(v.scores[k]).toBeGreaterThanOrEqual(0);
          expect(v.scores[k]).toBeLessThanOrEqual(100);
        }
        expectWithinRules({ platform: c.platform, body: v.body, hashtags: v.hashtags });
      }
      const best = [...c.variants].sort((a, b) => b.overall - a.overall)[0];
      expect(c.selectedVariantId).toBe(best.id);
      expect(c.body).toBe(best.body);
      expect(c.aiMeta).toMatchObject({ engine: 'local-engine' });
    }

    // The same plan announced again writes nothing twice.
    await announcePlan(entries.map((e) => ({ ...e, contentId: null })));
    await new Promise((r) => setTimeout(r, 500));
    const again = await api(p.url, 'GET', `/api/v1/content?brandId=${brandId}&campaignId=${campaignId}&limit=100`, { token: tokens.owner });
    expect(again.body.items).toHaveLength(entries.length);

    const x = items.find((c: { platform: string }) => c.platform === 'x');
    const edited = await api(p.url, 'PATCH', `/api/v1/content/${x.id}`, {
      token: tokens.owner,
      body: { body: 'Our oat-milk flat white is here. Try it this week?', hashtags: ['#Coffee'] },
    });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ version: 2, body: 'Our oat-milk flat white is here. Try it this week?', hashtags: ['Coffee'] });
    const full = await api(p.url, 'GET', `/api/v1/content/${x.id}`, { token: tokens.viewer });
    expect(full.body.versions.map((v: { version: number; authorKind: string; authorId: string | null }) => [v.version, v.authorKind, v.authorId])).toEqual([
      [1, 'ai', null],
      [2, 'user', ownerId],
    ]);

    const banned = await api(p.url, 'PATCH', `/api/v1/content/${x.id}`, { token: tokens.owner, body: { body: 'A CHEAP coffee for you' } });
    expect(banned.status).toBe(422);
    expect(banned.body.errors).toEqual([{ field: 'body', message: expect.stringContaining('"cheap"') }]);
    const tooLong = await api(p.url, 'PATCH', `/api/v1/content/${x.id}`, { token: tokens.owner, body: { body: 'a'.repeat(281) } });
    expect(tooLong.status).toBe(422);
    expect(tooLong.body.errors[0]).toEqual({ field: 'body', message: expect.stringContaining('X allows 280') });

    const other = x.variants.find((v: { id: string }) => v.id !== x.selectedVariantId);
    const selected = await api(p.url, 'POST', `/api/v1/content/${x.id}/variants/${other.id}/select`, { token: tokens.owner });
    expect(selected.status).toBe(200);
    expect(selected.body).toMatchObject({ version: 3, selectedVariantId: other.id, body: other.body });
    const versions = await api(p.url, 'GET', `/api/v1/content/${x.id}/versions`, { token: tokens.viewer });
    expect(versions.body).toMatchObject({ nextCursor: null });
    expect(versions.body.items.map((v: { version: number }) => v.version)).toEqual([1, 2, 3]);
    expect((await api(p.url, 'POST', `/api/v1/content/${x.id}/variants/${randomUUID()}/select`, { token: tokens.owner })).status).toBe(404);

    const approved = await api(p.url, 'POST', `/api/v1/content/${x.id}/approve`, { token: tokens.owner });
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ status: 'approved', approvedBy: ownerId });
    const twice = await api(p.url, 'POST', `/api/v1/content/${x.id}/approve`, { token: tokens.owner });
    expect(twice.body.approvedAt).toBe(approved.body.approvedAt);
    const listed = await api(p.url, 'GET', `/api/v1/content?brandId=${brandId}&status=approved`, { token: tokens.viewer });
    expect(listed.body.items.map((c: { id: string }) => c.id)).toEqual([x.id]);

    // Generating again for one entry rewrites its (draft) content as a new version, from the entry's own brief.
    const draft = items.find((c: { id: string; platform: string }) => c.id !== x.id);
    const again1 = await api(p.url, 'POST', '/api/v1/content/generate', {
      token: tokens.owner,
      body: { brandId, calendarEntryId: draft.calendarEntryId, platform: draft.platform, variants: 3 },
    });
    expect(again1.status).toBe(202);
    expect((await job(again1.body.jobId)).result).toMatchObject({ contentId: draft.id });
    const regenerated = await api(p.url, 'GET', `/api/v1/content/${draft.id}`, { token: tokens.viewer });
    expect(regenerated.body).toMatchObject({ version: 2, status: 'draft', calendarEntryId: draft.calendarEntryId, aiMeta: { jobId: again1.body.jobId } });
    expect(regenerated.body.variants).toHaveLength(3);
  });

  it('generates content for an ad-hoc brief as a job, and follows publishing events', async () => {
    const start = await api(p.url, 'POST', '/api/v1/content/generate', {
      token: tokens.owner,
      body: { brandId, brief: 'Announce our cheap new oat-milk flat white', platform: 'x', variants: 3 },
    });
    expect(start.status).toBe(202);
    expect(start.body.kind).toBe('content.generate');
    expect(start.headers.get('location')).toBe(`/api/v1/jobs/${start.body.jobId}`);
    const done = await job(start.body.jobId);
    expect(done.status).toBe('succeeded');
    const c = await api(p.url, 'GET', `/api/v1/content/${done.result.contentId}`, { token: tokens.viewer });
    expect(c.status).toBe(200);
    expect(c.body).toMatchObject({ platform: 'x', campaignId: null, calendarEntryId: null, status: 'draft', aiMeta: { jobId: start.body.jobId } });
    expect(c.body.variants.length).toBeGreaterThanOrEqual(1);
    expect(c.body.variants.length).toBeLessThanOrEqual(3);
    for (const v of c.body.variants) expectWithinRules({ platform: 'x', body: v.body, hashtags: v.hashtags });

    const uow = p.platform.gateway.get(UnitOfWork, { strict: false });
    await uow.transaction(async () => {
      uow.publishEvent('content.publish_failed', {
        contentId: c.body.id,
        brandId,
        platform: 'x',
        connectionId: randomUUID(),
        scheduleId: randomUUID(),
        code: 'PLATFORM_REJECTED',
        message: 'X says: duplicate post',
        at: new Date().toISOString(),
      });
    });
    const failed = await until('failed status', async () => {
      const r = await api(p.url, 'GET', `/api/v1/content/${c.body.id}`, { token: tokens.viewer });
      return r.body.status === 'failed' ? r.body : undefined;
    });
    expect(failed.failure).toMatchObject({ code: 'PLATFORM_REJECTED', message: 'X says: duplicate post' });

    const missing = await api(p.url, 'POST', '/api/v1/content/generate', { token: tokens.owner, body: { brandId, platform: 'x' } });
    expect(missing.status).toBe(400);
    const tooMany = await api(p.url, 'POST', '/api/v1/content/generate', {
      token: tokens.owner,
      body: { brandId, brief: 'A post', platform: 'x', variants: 6 },
    });
    expect(tooMany.status).toBe(400);
  });

  it('lets viewers read only (403 on writes) and hides content from strangers (404)', async () => {
    const page = await api(p.url, 'GET', `/api/v1/content?brandId=${brandId}&limit=1`, { token: tokens.viewer });
    const id = page.body.items[0].id;
    expect((await api(p.url, 'PATCH', `/api/v1/content/${id}`, { token: tokens.viewer, body: { body: 'Mine now' } })).status).toBe(403);
    expect((await api(p.url, 'POST', `/api/v1/content/${id}/approve`, { token: tokens.viewer })).status).toBe(403);
    expect((await api(p.url, 'DELETE', `/api/v1/content/${id}`, { token: tokens.viewer })).status).toBe(403);
    expect((await api(p.url, 'POST', '/api/v1/content/generate', { token: tokens.viewer, body: { brandId, brief: 'Hello', platform: 'x' } })).status).toBe(403);
    for (const [method, route] of [
      ['GET', `/api/v1/content/${id}`],
      ['GET', `/api/v1/content/${id}/versions`],
      ['GET', `/api/v1/content?brandId=${brandId}`],
      ['POST', `/api/v1/content/${id}/approve`],
    ]) {
      expect([method, route, (await api(p.url, method, route, { token: tokens.stranger })).status]).toEqual([method, route, 404]);
    }
    expect((await api(p.url, 'POST', '/api/v1/content/generate', { token: tokens.stranger, body: { brandId, brief: 'Hello', platform: 'x' } })).status).toBe(
      404,
    );
    expect((await api(p.url, 'PATCH', `/api/v1/content/${id}`, { token: tokens.owner, body: { body: 'x', color: 'red' } })).status).toBe(400);

    expect((await api(p.url, 'DELETE', `/api/v1/content/${id}`, { token: tokens.owner })).status).toBe(204);
    expect((await api(p.url, 'GET', `/api/v1/content/${id}`, { token: tokens.owner })).status).toBe(404);
  });

  it('drafts an inbox reply in the brand voice as a job (intent, sentiment, no banned word)', async () => {
    const launcher = p.platform.gateway.get(JobLauncher, { strict: false });
    const messageId = randomUUID();
    const input: DraftReplyInput = {
      actor: { userId: ownerId },
      brandId,
      messageId,
      channel: 'x',
      author: 'Sam',
      body: 'Do you ship your subscription to Canada? Is it cheap?',
    };
    const started = await launcher.launch({ user: { id: ownerId }, brandId, kind: 'inbox.reply', taskType: CONTENT_TASKS.draftReply, payload: input });
    const done = await job(started.jobId);
    expect(done.status).toBe('succeeded');
    expect(done.result).toMatchObject({ messageId, brandId, intent: expect.any(String), sentiment: expect.stringMatching(/^(positive|neutral|negative)$/) });
    expect(done.result.reply.length).toBeGreaterThan(0);
    expect(typeof done.result.escalate).toBe('boolean');
    expect(findBannedWords(done.result.reply, BANNED)).toEqual([]);
  });
});

/** A model that writes valid posts for X: as many variants as the prompt asks for. */
function postsAnswer(req: RecordedRequest) {
  const system = req.body.messages[0]?.content ?? '';
  const n = Number(/Write exactly (\d) variant/.exec(system)?.[1] ?? 1);
  return testReply.json({
    variants: Array.from({ length: n }, (_, i) => ({
      id: `v${i + 1}`,
      framework: ['AIDA', 'PAS', 'HVC', 'BAB', 'STORY'][i],
      hook: 'Do you know your brew ratio?',
      text: `Do you know your brew ratio? Variant ${i + 1}: weigh 15 g of fresh beans for 250 ml. Try it tomorrow morning and tell us how it tastes.`,
      hashtags: ['Coffee'],
      cta: 'Tell us how it tastes.',
    })),
  });
}

describe.each(PLATFORM_MODES)('content generation failure (%s)', (mode) => {
  let p: TestPlatform;
  let ai: OpenAiCompatibleTestServer;
  let token: string;
  let brandId: string;

  beforeAll(async () => {
    ai = await OpenAiCompatibleTestServer.start();
    ai.setDefault(testReply.garbage());
    p = await startTestPlatform(mode, {
      AI_PROVIDER: 'openai-compatible',
      AI_BASE_URL: ai.url,
      AI_PRICES: JSON.stringify({ '*': { inPerMTok: 0, outPerMTok: 0 } }),
      AI_MAX_RETRIES: '1',
      AI_RETRY_BASE_DELAY_MS: '0',
      AI_RETRY_MAX_DELAY_MS: '0',
    });
    const r = await api(p.url, 'POST', '/api/v1/auth/register', {
      body: { email: `owner-${randomUUID().slice(0, 8)}@example.com`, password: 'correct horse battery 42', name: 'owner' },
    });
    token = r.body.accessToken;
    const brand = await api(p.url, 'POST', '/api/v1/brands', { token, body: { name: 'Acme Coffee', pillars: ['coffee craft'], bannedWords: BANNED } });
    brandId = brand.body.id;
  }, PLATFORM_BOOT_MS);
  afterAll(async () => {
    await p?.destroy();
    await ai?.close();
  });

  const settled = (jobId: string) =>
    until(`job ${jobId}`, async () => {
      const r = await api(p.url, 'GET', `/api/v1/jobs/${jobId}`, { token });
      return ['succeeded', 'failed'].includes(r.body.status) ? r.body : undefined;
    });

  it('fails the job cleanly with AI_INVALID_OUTPUT and writes nothing; a retry succeeds once the model behaves', async () => {
    const start = await api(p.url, 'POST', '/api/v1/content/generate', { token, body: { brandId, brief: 'Brew ratio tips', platform: 'x' } });
    expect(start.status).toBe(202);
    const failed = await settled(start.body.jobId);
    expect(failed.status).toBe('failed');
    expect(failed.error).toMatchObject({ code: 'AI_INVALID_OUTPUT' });
    expect((await api(p.url, 'GET', `/api/v1/content?brandId=${brandId}`, { token })).body.items).toEqual([]);

    ai.setDefault(testReply.dynamic(postsAnswer));
    expect((await api(p.url, 'POST', `/api/v1/jobs/${start.body.jobId}/retry`, { token })).status).toBeLessThan(300);
    const done = await settled(start.body.jobId);
    expect(done.status).toBe('succeeded');
    const content = await api(p.url, 'GET', `/api/v1/content/${done.result.contentId}`, { token });
    expect(content.body.variants).toHaveLength(2);
    expect(content.body.aiMeta).toMatchObject({ provider: 'openai-compatible', jobId: start.body.jobId });
    expect((await api(p.url, 'GET', `/api/v1/content?brandId=${brandId}`, { token })).body.items).toHaveLength(1);
  });
});
