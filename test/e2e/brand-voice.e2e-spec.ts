import { randomUUID } from 'node:crypto';
import {
  type AbTestConcludedEvent,
  type Content,
  CONTENT_EVENTS,
  type ContentApprovedEvent,
  type ContentDeletedEvent,
  type ContentUpdatedEvent,
  PUBLISHING_EVENTS,
  type OpenEventMap,
  UnitOfWork,
} from '@mt/messages';
import { BrandProfileService } from '@mt/replicas';
import { api, PLATFORM_BOOT_MS, PLATFORM_MODES, registerUser, startTestPlatform, type TestPlatform } from '../support/platform';
import { joinBrand } from '../support/members';

/** Polls `probe` until it returns a value (not undefined) or the deadline passes. */
async function until<T>(what: string, probe: () => Promise<T | undefined>, ms = 60_000): Promise<T> {
  const deadline = Date.now() + ms;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const v = await probe();
      if (v !== undefined) return v;
    } catch (err) {
      last = err;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
}

const SAMPLES = [
  'We roast on Tuesdays so your beans reach you within four days of leaving the drum. Taste the difference freshness makes.',
  'Our Ethiopian Guji is back: bright, floral, and a little bit jammy. Brew it as a pour-over and thank us later.',
  'No subscriptions you cannot pause, no fine print. Just good coffee, roasted in small batches by people who care.',
];

describe.each(PLATFORM_MODES)('brand voice and strategy (%s)', (mode) => {
  let p: TestPlatform;
  const tokens: Record<string, string> = {};
  const users: Record<string, string> = {};
  let brandId: string;

  const register = async (who: string) => {
    const r = await registerUser(p.url, who);
    tokens[who] = r.accessToken;
    users[who] = r.user.id;
    return r.user.email;
  };

  /** Jobs are their starter's: poll with the starter's token. */
  const job = async (id: string, token: string) => {
    let last: unknown;
    return until(`job ${id}`, async () => {
      const r = await api(p.url, 'GET', `/api/v1/jobs/${id}`, { token });
      last = r.body;
      return r.body.status === 'succeeded' || r.body.status === 'failed' ? r.body : undefined;
    }).catch((err: Error) => {
      throw new Error(`${err.message}; last seen ${JSON.stringify(last)}`);
    });
  };

  const voice = async (token = tokens.owner) => api(p.url, 'GET', `/api/v1/brands/${brandId}/voice`, { token });

  /** Waits until the voice satisfies `ok`, and answers it. */
  const voiceWhen = (what: string, ok: (v: any) => boolean) =>
    until(what, async () => {
      const r = await voice();
      return r.status === 200 && ok(r.body) ? r.body : undefined;
    });

  /** Content events as creation-agent and publishing-agent announce them, on the running platform's mesh. */
  const announce = async (type: string, payload: unknown) => {
    const uow = p.platform.gateway.get<UnitOfWork<OpenEventMap>>(UnitOfWork, { strict: false });
    await uow.transaction(async () => {
      uow.publishEvent(type, payload);
    });
  };

  const content = (body: string, id = randomUUID()): Content => ({
    id,
    brandId,
    campaignId: null,
    calendarEntryId: null,
    platform: 'linkedin',
    status: 'draft',
    body,
    hashtags: [],
    topic: 'freshness',
    pillar: null,
    format: null,
    variants: [],
    selectedVariantId: null,
    version: 1,
    aiMeta: null,
    approvedAt: null,
    approvedBy: null,
    scheduledAt: null,
    publishedAt: null,
    externalUrl: null,
    failure: null,
    createdAt: new Date().toISOString(),
    updatedAt: new Date().toISOString(),
  });

  beforeAll(async () => {
    p = await startTestPlatform(mode);
    await register('owner');
    const editorEmail = await register('editor');
    const viewerEmail = await register('viewer');
    await register('stranger');
    const brand = await api(p.url, 'POST', '/api/v1/brands', {
      token: tokens.owner,
      body: { name: 'Acme Coffee', description: 'A small roastery', bannedWords: ['cheap'], pillars: ['freshness', 'origins'] },
    });
    expect(brand.status).toBe(201);
    brandId = brand.body.id;
    await joinBrand(p.url, tokens.owner, brandId, { email: editorEmail, token: tokens.editor }, 'editor');
    await joinBrand(p.url, tokens.owner, brandId, { email: viewerEmail, token: tokens.viewer }, 'viewer');
  }, PLATFORM_BOOT_MS);
  afterAll(async () => {
    await p?.destroy();
  });

  it('has no voice before samples, and checks roles before it starts a job', async () => {
    const none = await voice();
    expect(none.status).toBe(404);
    expect(none.body.detail).toMatch(/no voice profile yet/);

    const byViewer = await api(p.url, 'POST', `/api/v1/brands/${brandId}/voice/samples`, { token: tokens.viewer, body: { samples: SAMPLES } });
    expect(byViewer.status).toBe(403);
    expect(byViewer.body.code).toBe('FORBIDDEN');
    const byStranger = await api(p.url, 'POST', `/api/v1/brands/${brandId}/voice/samples`, { token: tokens.stranger, body: { samples: SAMPLES } });
    expect(byStranger.status).toBe(404);
    expect(byStranger.body.code).toBe('NOT_FOUND');
    expect((await voice(tokens.stranger)).body.code).toBe('NOT_FOUND');
    expect((await api(p.url, 'GET', `/api/v1/brands/${brandId}/voice/feedback`, { token: tokens.stranger })).status).toBe(404);
  });

  it('answers field problems for bad samples', async () => {
    const empty = await api(p.url, 'POST', `/api/v1/brands/${brandId}/voice/samples`, { token: tokens.owner, body: { samples: [] } });
    expect(empty.status).toBe(400);
    expect(empty.body.code).toBe('VALIDATION_FAILED');
    expect(empty.body.errors.map((e: { field: string }) => e.field)).toContain('samples');

    const short = await api(p.url, 'POST', `/api/v1/brands/${brandId}/voice/samples`, { token: tokens.owner, body: { samples: ['too short'] } });
    expect(short.status).toBe(400);
    expect(short.body.errors).toEqual([{ field: 'samples', message: 'each sample must be 20 to 5000 characters' }]);

    const many = await api(p.url, 'POST', `/api/v1/brands/${brandId}/voice/samples`, {
      token: tokens.owner,
      body: { samples: Array.from({ length: 51 }, () => SAMPLES[0]), extra: 1 },
    });
    expect(many.status).toBe(400);
    expect(many.body.errors.map((e: { field: string }) => e.field)).toEqual(expect.arrayContaining(['samples', 'extra']));
  });

  it('learns the voice from samples in a job, and learns from what the team accepts, edits and rejects', async () => {
    const started = await api(p.url, 'POST', `/api/v1/brands/${brandId}/voice/samples`, { token: tokens.editor, body: { samples: SAMPLES } });
    expect(started.status).toBe(202);
    expect(started.headers.get('location')).toBe(`/api/v1/jobs/${started.body.jobId}`);
    expect(started.body.kind).toBe('brand.voice');
    const done = await job(started.body.jobId, tokens.editor);
    expect(done.status).toBe('succeeded');
    expect(done.result).toMatchObject({ brandId, version: 1, sampleCount: 3 });

    const learned = await voice(tokens.viewer);
    expect(learned.status).toBe(200);
    expect(learned.body).toEqual(done.result);
    expect(learned.body.tone.length).toBeGreaterThan(10);
    expect(learned.body.traits.length).toBeGreaterThanOrEqual(2);
    expect(learned.body.vocabulary.avoid).toContain('cheap');
    expect(learned.body.examples.length).toBeGreaterThan(0);
    expect(['simple', 'standard', 'expert']).toContain(learned.body.sentenceStyle.readingLevel);

    // Accepted: the post leads the examples, in a new version.
    const accepted = content('Four days from drum to door: that is how fresh our beans are when they reach you.');
    await announce(CONTENT_EVENTS.approved, { content: accepted, by: users.editor } satisfies ContentApprovedEvent);
    const v2 = await voiceWhen('the accepted post among the examples', (v) => v.examples[0] === accepted.body);
    expect(v2.version).toBe(2);
    expect(v2.sampleCount).toBe(4);

    // brand.voice.updated reaches the other agents' brand replicas (what their AI prompts read).
    const replicas = p.platform.agents.flatMap((agent) => {
      try {
        return [agent.get(BrandProfileService, { strict: false })];
      } catch {
        return []; // an agent without a brand replica (auth-agent; brand-agent is the source)
      }
    });
    expect(replicas.length).toBeGreaterThanOrEqual(2);
    for (const replica of replicas) {
      await until('the voice in every replica', async () => ((await replica.find(brandId))?.voice?.version ?? 0) >= 2 || undefined);
    }

    // Edits: a word removed twice is avoided, a word added twice preferred.
    const edits = [
      ['Our amazing new blend is here', 'Our smooth new blend is here'],
      ['An amazing morning starts with coffee', 'A smooth morning starts with coffee'],
    ];
    for (const [before, after] of edits) {
      await announce(CONTENT_EVENTS.updated, { content: content(after), by: users.editor, previousBody: before, change: 'edit' } satisfies ContentUpdatedEvent);
      // A moment apart, as a user's edits are: feedback is listed by the time of each edit (to the millisecond).
      await new Promise((r) => setTimeout(r, 5));
    }
    const v4 = await voiceWhen('learned vocabulary', (v) => v.vocabulary.avoid.includes('amazing') && v.vocabulary.preferred.includes('smooth'));
    expect(v4.version).toBeGreaterThanOrEqual(3);

    // A variant choice is not an edit: nothing is recorded.
    await announce(CONTENT_EVENTS.updated, {
      content: content('Variant B'),
      by: users.editor,
      previousBody: 'Variant A',
      change: 'variant',
    } satisfies ContentUpdatedEvent);

    // Rejected: the deleted post stops being an example.
    await announce(CONTENT_EVENTS.deleted, { contentId: accepted.id, brandId, calendarEntryId: null, by: users.owner } satisfies ContentDeletedEvent);
    const v5 = await voiceWhen('the rejected post gone from the examples', (v) => !v.examples.includes(accepted.body));
    expect(v5.version).toBe(v4.version + 1);

    // An A/B test's winner becomes an example.
    const winner = 'Taste the difference four days makes. Order by Sunday, sip by Thursday.';
    await announce(PUBLISHING_EVENTS.abTestConcluded, {
      brandId,
      contentId: randomUUID(),
      winnerVariantId: randomUUID(),
      loserVariantId: randomUUID(),
      probabilityWinnerBetter: 0.97,
      winnerBody: winner,
    } satisfies AbTestConcludedEvent);
    await voiceWhen('the A/B winner among the examples', (v) => v.examples[0] === winner);

    const feedback = await api(p.url, 'GET', `/api/v1/brands/${brandId}/voice/feedback?limit=10`, { token: tokens.viewer });
    expect(feedback.status).toBe(200);
    expect(feedback.body.items.map((f: { kind: string }) => f.kind)).toEqual(['ab-winner', 'rejected', 'edited', 'edited', 'accepted']);
    const rejected = feedback.body.items[1];
    expect(rejected).toMatchObject({ contentId: accepted.id, text: accepted.body, by: users.owner });
    expect(feedback.body.items[2]).toMatchObject({ removedWords: ['amazing'], addedWords: ['smooth'], previousText: edits[1][0] });
    const page = await api(p.url, 'GET', `/api/v1/brands/${brandId}/voice/feedback?limit=2&kind=edited`, { token: tokens.viewer });
    expect(page.body.items).toHaveLength(2);
    expect(page.body.nextCursor).toBeNull();

    // New samples: a fresh analysis keeps what the team taught.
    const again = await api(p.url, 'POST', `/api/v1/brands/${brandId}/voice/samples`, {
      token: tokens.owner,
      body: { samples: ['Small batches, roasted on Tuesdays, shipped the same afternoon to your door.'] },
    });
    const redone = await job(again.body.jobId, tokens.owner);
    expect(redone.status).toBe('succeeded');
    expect(redone.result.sampleCount).toBe(4 + 2);
    expect(redone.result.vocabulary.avoid).toEqual(expect.arrayContaining(['cheap', 'amazing']));
    expect(redone.result.examples[0]).toBe(winner);
    expect((await voice()).body.version).toBe(redone.result.version);

    // The history keeps every version, newest first, with what made it.
    const history = await api(p.url, 'GET', `/api/v1/brands/${brandId}/voice/versions?limit=100`, { token: tokens.viewer });
    expect(history.status).toBe(200);
    const versions = history.body.items.map((v: { version: number }) => v.version);
    expect(versions).toEqual(Array.from({ length: redone.result.version }, (_, i) => redone.result.version - i));
    expect(history.body.items[0]).toEqual({ ...redone.result, source: 'samples' });
    expect(history.body.items[1].source).toBe('feedback');
    expect(history.body.items.at(-1)).toMatchObject({ version: 1, source: 'samples', sampleCount: 3 });
    expect((await api(p.url, 'GET', `/api/v1/brands/${brandId}/voice/versions`, { token: tokens.stranger })).status).toBe(404);
  });

  it('generates a strategy in a job, takes an edit as a new version, and lists the versions', async () => {
    const none = await api(p.url, 'GET', `/api/v1/brands/${brandId}/strategy`, { token: tokens.viewer });
    expect(none.status).toBe(404);
    expect(none.body.detail).toMatch(/no strategy yet/);
    expect((await api(p.url, 'POST', `/api/v1/brands/${brandId}/strategy`, { token: tokens.viewer, body: {} })).status).toBe(403);
    expect((await api(p.url, 'POST', `/api/v1/brands/${brandId}/strategy`, { token: tokens.stranger, body: {} })).status).toBe(404);
    const badPlatform = await api(p.url, 'POST', `/api/v1/brands/${brandId}/strategy`, { token: tokens.owner, body: { platforms: ['myspace'] } });
    expect(badPlatform.status).toBe(400);
    expect(badPlatform.body.errors[0].field).toBe('platforms');

    const started = await api(p.url, 'POST', `/api/v1/brands/${brandId}/strategy`, {
      token: tokens.editor,
      body: { goals: ['Grow newsletter sign-ups', 'More repeat orders'], platforms: ['linkedin', 'mastodon'] },
    });
    expect(started.status).toBe(202);
    expect(started.body.kind).toBe('brand.strategy');
    const done = await job(started.body.jobId, tokens.editor);
    expect(done.status).toBe('succeeded');
    expect(done.result).toMatchObject({ brandId, version: 1, source: 'ai', createdBy: users.editor, jobId: started.body.jobId });

    const latest = await api(p.url, 'GET', `/api/v1/brands/${brandId}/strategy`, { token: tokens.viewer });
    expect(latest.status).toBe(200);
    expect(latest.body).toEqual(done.result);
    expect(latest.body.valueProposition.length).toBeGreaterThanOrEqual(10);
    expect(latest.body.audiences.length).toBeGreaterThanOrEqual(1);
    expect(latest.body.pillars.reduce((s: number, x: { sharePercent: number }) => s + x.sharePercent, 0)).toBeGreaterThanOrEqual(99);
    expect(latest.body.goals.length).toBeGreaterThanOrEqual(1);
    for (const c of latest.body.channelMix) expect(['linkedin', 'mastodon']).toContain(c.platform);

    const edit = {
      valueProposition: 'Fresh single-origin coffee, roasted to order and at your door in four days.',
      audiences: [{ name: 'Home baristas', needs: ['fresh beans', 'brew guides'], platforms: ['mastodon'] }],
      pillars: [
        { name: 'Freshness', description: 'Why days matter', sharePercent: 60 },
        { name: 'Origins', description: 'The farms we buy from', sharePercent: 40 },
      ],
      goals: [{ name: 'Newsletter sign-ups', target: '500 by the end of June' }],
    };
    const bad = await api(p.url, 'PUT', `/api/v1/brands/${brandId}/strategy`, {
      token: tokens.editor,
      body: { ...edit, pillars: [{ ...edit.pillars[0], sharePercent: 70 }, edit.pillars[1]] },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([{ field: 'pillars', message: 'sharePercent values must add up to 100' }]);
    const missing = await api(p.url, 'PUT', `/api/v1/brands/${brandId}/strategy`, { token: tokens.editor, body: { valueProposition: 'short' } });
    expect(missing.status).toBe(400);
    expect(missing.body.errors.map((e: { field: string }) => e.field)).toEqual(expect.arrayContaining(['valueProposition', 'audiences', 'pillars', 'goals']));
    expect((await api(p.url, 'PUT', `/api/v1/brands/${brandId}/strategy`, { token: tokens.viewer, body: edit })).status).toBe(403);

    const edited = await api(p.url, 'PUT', `/api/v1/brands/${brandId}/strategy`, { token: tokens.editor, body: edit });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ ...edit, version: 2, source: 'user', createdBy: users.editor, jobId: null });
    // What the edit left out keeps its generated value.
    expect(edited.body.channelMix).toEqual(latest.body.channelMix);
    expect(edited.body.keyMessages).toEqual(latest.body.keyMessages);

    const versions = await api(p.url, 'GET', `/api/v1/brands/${brandId}/strategy/versions?limit=1`, { token: tokens.viewer });
    expect(versions.status).toBe(200);
    expect(versions.body.items.map((v: { version: number; source: string }) => [v.version, v.source])).toEqual([[2, 'user']]);
    const older = await api(p.url, 'GET', `/api/v1/brands/${brandId}/strategy/versions?limit=1&cursor=${versions.body.nextCursor}`, { token: tokens.viewer });
    expect(older.body.items.map((v: { version: number; source: string }) => [v.version, v.source])).toEqual([[1, 'ai']]);
    expect(older.body.nextCursor).toBeNull();
    expect((await api(p.url, 'GET', `/api/v1/brands/${brandId}/strategy/versions`, { token: tokens.stranger })).status).toBe(404);
  });
});
