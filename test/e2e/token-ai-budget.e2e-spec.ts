import { OpenAiCompatibleTestServer, testReply } from '@mt/ai';
import { api, PLATFORM_BOOT_MS, PLATFORM_MODES, registerUser, startTestPlatform, type TestPlatform, type TestUser, until } from '../support/platform';

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
/** Each answer bills 1,000 + 500 tokens; at these prices one voice job costs $0.02. */
const USAGE = { prompt_tokens: 1000, completion_tokens: 500 };
const PRICE = { inPerMTok: 10, outPerMTok: 20 };
const SAMPLES = ['We roast on Tuesdays so your beans reach you within four days.', 'Our Ethiopian Guji is back: bright, floral and a little jammy.'];

/**
 * A personal access token's own monthly AI budget (ADR 117 addendum): once its jobs have cost it,
 * the token starts no AI job — with the code a brand's spent budget answers — while its user's
 * other tokens and sessions go on.
 */
describe.each(PLATFORM_MODES)('AI budget per personal access token (%s)', (mode) => {
  let p: TestPlatform;
  let ai: OpenAiCompatibleTestServer;
  let owner: TestUser;
  let brandId: string;

  const pat = async (name: string, extra: Record<string, unknown>) => {
    const r = await api(p.url, 'POST', '/api/v1/tokens', { token: owner.accessToken, body: { name, scopes: ['read', 'ai'], ...extra } });
    expect(r.status).toBe(201);
    return r.body as { id: string; token: string; aiBudgetUsd: number | null };
  };
  const learn = (token: string) => api(p.url, 'POST', `/api/v1/brands/${brandId}/voice/samples`, { token, body: { samples: SAMPLES } });
  const finished = (token: string, jobId: string) =>
    until(`job ${jobId}`, async () => {
      const r = await api(p.url, 'GET', `/api/v1/jobs/${jobId}`, { token });
      return r.body.status === 'succeeded' || r.body.status === 'failed' ? r.body : undefined;
    });

  beforeAll(async () => {
    ai = await OpenAiCompatibleTestServer.start();
    ai.setDefault(testReply.json(VOICE, { usage: USAGE }));
    p = await startTestPlatform(mode, {
      AI_PROVIDER: 'openai-compatible',
      AI_BASE_URL: ai.url,
      AI_PRICES: JSON.stringify({ '*': PRICE }),
      AI_MAX_RETRIES: '0',
      AI_RETRY_BASE_DELAY_MS: '0',
      AI_RETRY_MAX_DELAY_MS: '0',
    });
    owner = await registerUser(p.url, 'token-budget-owner');
    const brand = await api(p.url, 'POST', '/api/v1/brands', { token: owner.accessToken, body: { name: 'Acme Coffee' } });
    expect(brand.status).toBe(201);
    brandId = brand.body.id;
  }, PLATFORM_BOOT_MS);
  afterAll(async () => {
    await p?.destroy();
    await ai?.close();
  });

  it('refuses a token’s AI jobs once its own budget is spent, and only that token’s', async () => {
    const tiny = await pat('tiny budget', { aiBudgetUsd: 0.01 });
    expect(tiny.aiBudgetUsd).toBe(0.01);
    const other = await pat('no budget of its own', {});
    expect(other.aiBudgetUsd).toBeNull();
    const listed = await api(p.url, 'GET', '/api/v1/tokens', { token: owner.accessToken });
    expect(listed.body.items.find((t: { id: string }) => t.id === tiny.id)).toMatchObject({ aiBudgetUsd: 0.01 });

    // Nothing spent yet: the first job starts, and costs $0.02.
    const first = await learn(tiny.token);
    expect(first.status).toBe(202);
    expect((await finished(tiny.token, first.body.jobId)).status).toBe('succeeded');

    const asked = ai.requests.length;
    const refused = await learn(tiny.token);
    expect(refused.status).toBe(402);
    // The title fits a token's budget as well as a brand's; the detail says which was spent.
    expect(refused.body).toMatchObject({ code: 'AI_BUDGET_EXCEEDED', status: 402, title: 'The AI budget for this month is spent' });
    expect(refused.body.detail).toMatch(/^This token has spent \$[\d.]+ of its \$0\.01 AI budget for this month/);
    expect(refused.body.detail).toMatch(/token/);
    expect(ai.requests.length).toBe(asked);

    // The same user's other token, and their session, are not bound by it.
    const second = await learn(other.token);
    expect(second.status).toBe(202);
    expect((await finished(other.token, second.body.jobId)).status).toBe('succeeded');
    expect((await learn(owner.accessToken)).status).toBe(202);
  });

  it('validates the budget like other amounts', async () => {
    for (const aiBudgetUsd of [-1, 0.001, 'five']) {
      const r = await api(p.url, 'POST', '/api/v1/tokens', { token: owner.accessToken, body: { name: 'bad', scopes: ['ai'], aiBudgetUsd } });
      expect({ aiBudgetUsd, status: r.status, fields: r.body.errors?.map((e: { field: string }) => e.field) }).toEqual({
        aiBudgetUsd,
        status: 400,
        fields: ['aiBudgetUsd'],
      });
    }
  });
});
