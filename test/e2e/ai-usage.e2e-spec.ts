import { OpenAiCompatibleTestServer, testReply } from '@mt/ai';
import { api, PLATFORM_BOOT_MS, PLATFORM_MODES, registerUser, startTestPlatform, type TestPlatform, until } from '../support/platform';
import { joinBrand } from '../support/members';

/** A valid 'voice-profile' answer. */
const VOICE = {
  summary: 'Warm, plain-spoken and specific about freshness and origins.',
  traits: [
    { trait: 'warm', description: 'talks to one reader at a time' },
    { trait: 'specific', description: 'names days, farms and numbers' },
  ],
  vocabulary: { preferred: ['fresh', 'roasted'], avoid: [] },
  dos: ['name the origin', 'give a number'],
  donts: ['hype', 'jargon'],
  readingLevel: 'standard',
  emojiPolicy: 'sparing',
  averageSentenceWords: 14,
  exampleLines: ['Roasted on Tuesday, at your door by Friday.'],
};
/** What the test endpoint bills per answer, and the price per million tokens the platform is told. */
const USAGE = { prompt_tokens: 1000, completion_tokens: 500 };
const PRICE = { inPerMTok: 1, outPerMTok: 2 };
const COST = (USAGE.prompt_tokens * PRICE.inPerMTok + USAGE.completion_tokens * PRICE.outPerMTok) / 1e6;
const SAMPLES = [
  'We roast on Tuesdays so your beans reach you within four days of leaving the drum.',
  'Our Ethiopian Guji is back: bright, floral and a little jammy.',
];

/**
 * AI usage, the call log and budgets, against an OpenAI-compatible endpoint with a price (the
 * local engine costs nothing, and a budget never refuses a free call).
 */
describe.each(PLATFORM_MODES)('AI usage and budget (%s)', (mode) => {
  let p: TestPlatform;
  let ai: OpenAiCompatibleTestServer;
  const tokens: Record<string, string> = {};
  let brandId: string;

  const register = async (who: string) => {
    const r = await registerUser(p.url, who);
    tokens[who] = r.accessToken;
    return r.user.email;
  };

  const learn = async () => {
    const started = await api(p.url, 'POST', `/api/v1/brands/${brandId}/voice/samples`, { token: tokens.owner, body: { samples: SAMPLES } });
    expect(started.status).toBe(202);
    return until(`job ${started.body.jobId}`, async () => {
      const r = await api(p.url, 'GET', `/api/v1/jobs/${started.body.jobId}`, { token: tokens.owner });
      return r.body.status === 'succeeded' || r.body.status === 'failed' ? r.body : undefined;
    });
  };

  const usage = (query = '', token = tokens.owner) => api(p.url, 'GET', `/api/v1/ai/usage?brandId=${brandId}${query}`, { token });
  const budget = (token = tokens.owner) => api(p.url, 'GET', `/api/v1/brands/${brandId}/ai-budget`, { token });
  const setBudget = (monthlyLimitUsd: unknown, token = tokens.owner) =>
    api(p.url, 'PUT', `/api/v1/brands/${brandId}/ai-budget`, { token, body: { monthlyLimitUsd } });

  beforeAll(async () => {
    ai = await OpenAiCompatibleTestServer.start();
    ai.setDefault(testReply.json(VOICE, { usage: USAGE }));
    p = await startTestPlatform(mode, {
      AI_PROVIDER: 'openai-compatible',
      AI_BASE_URL: ai.url,
      AI_PRICES: JSON.stringify({ '*': PRICE }),
      AI_LOG_PROMPTS: 'true',
      AI_MAX_RETRIES: '1',
      AI_RETRY_BASE_DELAY_MS: '0',
      AI_RETRY_MAX_DELAY_MS: '0',
    });
    await register('owner');
    const editor = await register('editor');
    const viewer = await register('viewer');
    await register('stranger');
    const brand = await api(p.url, 'POST', '/api/v1/brands', { token: tokens.owner, body: { name: 'Acme Coffee' } });
    expect(brand.status).toBe(201);
    brandId = brand.body.id;
    await joinBrand(p.url, tokens.owner, brandId, { email: editor, token: tokens.editor }, 'editor');
    await joinBrand(p.url, tokens.owner, brandId, { email: viewer, token: tokens.viewer }, 'viewer');
  }, PLATFORM_BOOT_MS);
  afterAll(async () => {
    await p?.destroy();
    await ai?.close();
  });

  it('reports calls, tokens and cost by agent, model and day after a job', async () => {
    const empty = await usage();
    expect(empty.status).toBe(200);
    expect(empty.body.totals).toEqual({ calls: 0, cachedHits: 0, refused: 0, tokensIn: 0, tokensOut: 0, costUsd: 0 });

    expect((await learn()).status).toBe('succeeded');
    const today = new Date().toISOString().slice(0, 10);
    const r = await usage('', tokens.viewer);
    expect(r.status).toBe(200);
    const line = { calls: 1, cachedHits: 0, refused: 0, tokensIn: USAGE.prompt_tokens, tokensOut: USAGE.completion_tokens };
    expect(r.body.totals).toMatchObject(line);
    expect(r.body.totals.costUsd).toBeCloseTo(COST, 8);
    expect(r.body.byAgent).toEqual([{ agent: 'brand-agent', ...line, costUsd: r.body.totals.costUsd }]);
    expect(r.body.byModel).toEqual([{ provider: 'openai-compatible', model: 'default', ...line, costUsd: r.body.totals.costUsd }]);
    expect(r.body.byDay).toEqual([{ day: today, ...line, costUsd: r.body.totals.costUsd }]);

    // A range that ends before today holds nothing; a date-only `to` includes its whole day.
    expect((await usage(`&from=2020-01-01&to=2020-02-01`)).body.totals.calls).toBe(0);
    expect((await usage(`&from=${today}&to=${today}`)).body.totals.calls).toBe(1);
  });

  it('validates the range and checks the caller’s role', async () => {
    const reversed = await usage('&from=2026-03-10&to=2026-03-01');
    expect(reversed.status).toBe(400);
    expect(reversed.body.errors).toEqual([{ field: 'to', message: 'must be after from' }]);
    const notADate = await usage('&from=yesterday');
    expect(notADate.status).toBe(400);
    expect(notADate.body.errors.map((e: { field: string }) => e.field)).toEqual(['from']);
    expect((await api(p.url, 'GET', '/api/v1/ai/usage', { token: tokens.owner })).status).toBe(400);
    const stranger = await usage('', tokens.stranger);
    expect(stranger.status).toBe(404);
    expect(stranger.body.code).toBe('NOT_FOUND');
    expect((await api(p.url, 'GET', `/api/v1/ai/logs?brandId=${brandId}`, { token: tokens.stranger })).status).toBe(404);
  });

  it('shows the call log with prompts to owners and editors, never to viewers', async () => {
    const mine = await api(p.url, 'GET', `/api/v1/ai/logs?brandId=${brandId}`, { token: tokens.editor });
    expect(mine.status).toBe(200);
    const row = mine.body.items[0];
    expect(row).toMatchObject({ agent: 'brand-agent', task: 'voice-profile', brandId, outcome: 'succeeded', tokensIn: 1000, tokensOut: 500, model: 'default' });
    expect(row.costUsd).toBeCloseTo(COST, 8);
    expect(row.prompt).toContain('Ethiopian Guji');

    const viewer = await api(p.url, 'GET', `/api/v1/ai/logs?brandId=${brandId}`, { token: tokens.viewer });
    expect(viewer.status).toBe(200);
    expect(viewer.body.items.length).toBe(mine.body.items.length);
    expect(viewer.body.items.every((i: { prompt: unknown }) => i.prompt === null)).toBe(true);
    expect(JSON.stringify(viewer.body)).not.toContain('Ethiopian Guji');
  });

  it('lets only the owner set the budget, and refuses paid calls over it', async () => {
    const none = await budget(tokens.viewer);
    expect(none.status).toBe(200);
    expect(none.body.monthlyLimitUsd).toBeNull();
    expect(none.body.spentUsd).toBeCloseTo(COST, 8);

    const byEditor = await setBudget(5, tokens.editor);
    expect(byEditor.status).toBe(403);
    expect(byEditor.body.code).toBe('FORBIDDEN');
    expect((await setBudget(5, tokens.stranger)).status).toBe(404);
    const negative = await setBudget(-1);
    expect(negative.status).toBe(400);
    expect(negative.body.errors.map((e: { field: string }) => e.field)).toEqual(['monthlyLimitUsd']);
    expect((await api(p.url, 'PUT', `/api/v1/brands/${brandId}/ai-budget`, { token: tokens.owner, body: {} })).status).toBe(400);

    const zero = await setBudget(0);
    expect(zero.status).toBe(200);
    expect(zero.body).toMatchObject({ brandId, monthlyLimitUsd: 0 });
    expect((await budget(tokens.viewer)).body.monthlyLimitUsd).toBe(0);

    const asked = ai.requests.length;
    const refused = await learn();
    expect(refused.status).toBe('failed');
    expect(refused.error.code).toBe('AI_BUDGET_EXCEEDED');
    expect(ai.requests.length).toBe(asked);
    expect((await usage()).body.totals).toMatchObject({ calls: 1, refused: 1 });

    const raised = await setBudget(1);
    expect(raised.body.monthlyLimitUsd).toBe(1);
    expect((await learn()).status).toBe('succeeded');
    expect((await budget()).body.spentUsd).toBeCloseTo(2 * COST, 8);

    const removed = await setBudget(null);
    expect(removed.status).toBe(200);
    expect(removed.body.monthlyLimitUsd).toBeNull();

    // The log pages newest first: succeeded, refused, succeeded.
    const seen: { id: string; outcome: string }[] = [];
    let cursor = '';
    do {
      const page = await api(p.url, 'GET', `/api/v1/ai/logs?brandId=${brandId}&limit=2${cursor ? `&cursor=${cursor}` : ''}`, { token: tokens.owner });
      expect(page.status).toBe(200);
      seen.push(...page.body.items);
      cursor = page.body.nextCursor ?? '';
    } while (cursor);
    expect(seen.map((r) => r.outcome)).toEqual(['succeeded', 'refused', 'succeeded']);
    expect(new Set(seen.map((r) => r.id)).size).toBe(3);
  });
});
