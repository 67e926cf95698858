import { randomUUID } from 'node:crypto';
import { api, PLATFORM_BOOT_MS, until } from '../support/http';
import { SHARED_MODES, sharedTestPlatform, type SharedPlatform } from '../support/shared';

/**
 * The whole marketing flow as a marketer drives it, each agent doing its part and triggering the
 * next through events: register → brand → voice samples → campaign (2 weeks, LinkedIn + X,
 * 3 per week) → plan → calendar → content written unasked for every entry, with scored variants →
 * an edit makes a version → approve; and an inbox message → an AI reply draft.
 */
describe.each(SHARED_MODES)('the marketing flow (%s)', (mode) => {
  let p: SharedPlatform;
  let token: string;

  const call = (method: string, route: string, body?: unknown) => api(p.url, method, `/api/v1${route}`, { token, body });

  async function jobResult(jobId: string): Promise<any> {
    const job = await until(`job ${jobId}`, async () => {
      const r = await call('GET', `/jobs/${jobId}`);
      return ['succeeded', 'failed', 'cancelled'].includes(r.body.status) ? r.body : undefined;
    });
    expect({ status: job.status, error: job.error ?? null }).toEqual({ status: 'succeeded', error: null });
    return job.result;
  }

  beforeAll(async () => {
    p = await sharedTestPlatform(mode);
    const reg = await api(p.url, 'POST', '/api/v1/auth/register', {
      body: { email: `flow-${randomUUID().slice(0, 8)}@example.com`, password: 'correct horse battery 42', name: 'Mara' },
    });
    expect(reg.status).toBe(201);
    token = reg.body.accessToken;
  }, PLATFORM_BOOT_MS);

  it('goes from a brand to approved, scored content and an inbox reply draft', async () => {
    const brand = await call('POST', '/brands', {
      name: 'Northwind Roasters',
      industry: 'Coffee',
      description: 'A small-batch roaster shipping beans within 48 hours of roasting.',
      audience: 'Home baristas who care about origin',
      tone: 'warm, expert, playful',
      pillars: ['Brewing tips', 'Origins', 'Behind the roast'],
      bannedWords: ['cheap', 'guarantee'],
      timezone: 'Europe/Berlin',
    });
    expect(brand.status).toBe(201);
    const brandId = brand.body.id as string;

    const samples = await call('POST', `/brands/${brandId}/voice/samples`, {
      samples: [
        'Fresh beans, honest roasts. This week we fell for a washed Ethiopian that tastes like apricot jam — grind it a touch finer than usual.',
        'Your grinder matters more than your machine. Start there, and every cup gets better. Questions? We answer every single one.',
        'Behind the roast: Tuesday mornings smell like caramel and cardamom here. Come by the roastery and we will pour you a flight.',
      ],
    });
    expect(samples.status).toBe(202);
    expect(samples.headers.get('location')).toBe(`/api/v1/jobs/${samples.body.jobId}`);
    await jobResult(samples.body.jobId);
    const voice = await call('GET', `/brands/${brandId}/voice`);
    expect(voice.status).toBe(200);
    expect(voice.body.traits.length).toBeGreaterThanOrEqual(2);
    expect(voice.body.examples.length).toBeGreaterThanOrEqual(1);

    const campaign = await call('POST', '/campaigns', {
      brandId,
      name: 'Spring origins',
      goal: 'Grow subscriptions',
      startDate: '2027-03-01',
      endDate: '2027-03-14',
      platforms: ['linkedin', 'x'],
      postsPerWeek: 3,
    });
    expect(campaign.status).toBe(201);
    const campaignId = campaign.body.id as string;

    const plan = await call('POST', `/campaigns/${campaignId}/plan`);
    expect(plan.status).toBe(202);
    const planned = await jobResult(plan.body.jobId);
    expect(planned).toMatchObject({ campaignId, entries: 12 });

    const calendar = await call('GET', `/campaigns/${campaignId}/calendar`);
    expect(calendar.status).toBe(200);
    const entries = calendar.body.items as { id: string; date: string; platform: string; pillar: string; status: string; contentId: string | null }[];
    expect(entries).toHaveLength(12);
    for (const e of entries) {
      expect(e.date >= '2027-03-01' && e.date <= '2027-03-14').toBe(true);
      expect(['linkedin', 'x']).toContain(e.platform);
    }
    expect(entries.filter((e) => e.platform === 'x')).toHaveLength(6);
    expect(new Set(entries.map((e) => e.pillar)).size).toBeGreaterThanOrEqual(2);

    // creation-agent writes every entry's content on campaign.planned, unasked.
    const contents = await until('content for all 12 entries', async () => {
      const r = await call('GET', `/content?brandId=${brandId}&campaignId=${campaignId}&limit=100`);
      return r.body.items?.length === 12 ? (r.body.items as any[]) : undefined;
    });
    const limits: Record<string, number> = { x: 280, linkedin: 3000 };
    for (const c of contents) {
      expect(c.status).toBe('draft');
      expect(c.variants).toHaveLength(2);
      for (const v of c.variants) {
        for (const score of ['voiceMatch', 'readability', 'lengthFit', 'engagementPrediction']) {
          expect(v.scores[score]).toBeGreaterThanOrEqual(0);
          expect(v.scores[score]).toBeLessThanOrEqual(100);
        }
        expect(v.body.toLowerCase()).not.toMatch(/\bcheap\b|\bguarantee\b/);
      }
      expect([...c.body].length).toBeLessThanOrEqual(limits[c.platform]);
      expect(c.selectedVariantId).toBe([...c.variants].sort((a: any, b: any) => b.overall - a.overall)[0].id);
    }

    // The calendar follows: every entry now has its content.
    await until('every entry drafted', async () => {
      const r = await call('GET', `/campaigns/${campaignId}/calendar`);
      return (r.body.items as { status: string; contentId: string | null }[]).every((e) => e.status === 'drafted' && e.contentId) ? true : undefined;
    });

    const piece = contents.find((c) => c.platform === 'x');
    const edited = await call('PATCH', `/content/${piece.id}`, { body: `${piece.body.slice(0, 200)} Brew it tonight.` });
    expect(edited.status).toBe(200);
    expect(edited.body.version).toBe(2);
    const versions = await call('GET', `/content/${piece.id}/versions`);
    expect(versions.body.items ?? versions.body).toEqual(
      expect.arrayContaining([expect.objectContaining({ version: 1, authorKind: 'ai' }), expect.objectContaining({ version: 2, authorKind: 'user' })]),
    );

    const approved = await call('POST', `/content/${piece.id}/approve`);
    expect(approved.status).toBe(200);
    expect(approved.body.status).toBe('approved');
    await until('the entry approved in the calendar', async () => {
      const r = await call('GET', `/campaigns/${campaignId}/calendar`);
      return (r.body.items as { contentId: string; status: string }[]).some((e) => e.contentId === piece.id && e.status === 'approved') ? true : undefined;
    });

    const message = await call('POST', '/messages', {
      brandId,
      channel: 'x',
      author: '@latte_lena',
      body: 'Do you ship to Austria, and how fresh are the beans when they arrive?',
    });
    expect(message.status).toBe(201);
    const draft = await call('POST', `/messages/${message.body.id}/ai-reply`);
    expect(draft.status).toBe(202);
    const reply = await jobResult(draft.body.jobId);
    expect(reply.intent).toBe('question');
    expect(reply.reply.length).toBeGreaterThan(10);
    const stored = await until('the draft on the message', async () => {
      const r = await call('GET', `/messages?brandId=${brandId}`);
      const m = (r.body.items as any[]).find((x) => x.id === message.body.id);
      return m?.draft ? m : undefined;
    });
    expect(stored).toMatchObject({ intent: 'question', status: 'drafted' });
  }, 120_000);
});
