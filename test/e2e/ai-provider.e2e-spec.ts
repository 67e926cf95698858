import { AnthropicTestServer, anthropicReply, GeminiTestServer, geminiReply } from '@mt/ai';
import { api, PLATFORM_BOOT_MS, PLATFORM_MODES, registerUser, startTestPlatform, type TestPlatform, until } from '../support/platform';

const SAMPLES = [
  'We roast on Tuesdays so your beans reach you within four days of leaving the drum.',
  'Our Ethiopian Guji is back: bright, floral and a little jammy.',
];
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
  emojiPolicy: 'none',
  averageSentenceWords: 14,
  exampleLines: ['Roasted on Tuesday, at your door by Friday.'],
};
const KEY = 'sk-ant-e2e-secret-key-1234';

async function learnVoice(p: TestPlatform, token: string, brandId: string) {
  const started = await api(p.url, 'POST', `/api/v1/brands/${brandId}/voice/samples`, { token, body: { samples: SAMPLES } });
  expect(started.status).toBe(202);
  return until(`job ${started.body.jobId}`, async () => {
    const r = await api(p.url, 'GET', `/api/v1/jobs/${started.body.jobId}`, { token });
    return r.body.status === 'succeeded' || r.body.status === 'failed' ? r.body : undefined;
  });
}

/** With no AI settings: the built-in engine, the first registered user owns the instance. */
describe('AI provider status with the built-in engine', () => {
  let p: TestPlatform;
  let first: string;
  let second: string;

  beforeAll(async () => {
    p = await startTestPlatform('embedded');
    first = (await registerUser(p.url, 'first')).accessToken;
    second = (await registerUser(p.url, 'second')).accessToken;
  }, PLATFORM_BOOT_MS);
  afterAll(() => p?.destroy());

  it('tells the first registered user that the built-in engine is in use, and what it is', async () => {
    const r = await api(p.url, 'GET', '/api/v1/ai/provider', { token: first });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      provider: 'local',
      preset: 'Built-in engine',
      api: 'local',
      builtIn: true,
      engine: 'local-engine',
      baseUrl: null,
      models: { content: 'local-engine-v1', strategy: 'local-engine-v1' },
      apiKeySet: false,
      structuredOutput: 'built-in',
    });
    expect(r.body.notice).toContain('not by a language model');
  });

  it('answers a connection test at once: there is nothing to reach', async () => {
    const r = await api(p.url, 'POST', '/api/v1/ai/provider/test', { token: first });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ ok: true, provider: 'local', model: 'local-engine-v1', latencyMs: 0, engine: 'local-engine' });
  });

  it('refuses everyone else with a 403 problem', async () => {
    for (const [method, path] of [
      ['GET', '/api/v1/ai/provider'],
      ['POST', '/api/v1/ai/provider/test'],
    ]) {
      const r = await api(p.url, method, path, { token: second });
      expect(r.status).toBe(403);
      expect(r.headers.get('content-type')).toContain('application/problem+json');
      expect(r.body).toMatchObject({ code: 'FORBIDDEN', detail: 'Only the instance owner may see or test the AI provider.' });
    }
  });
});

/** Anthropic through its LangChain integration, talking to a local Messages API; the owner named by a setting. */
describe.each(PLATFORM_MODES)('AI provider: Anthropic (%s)', (mode) => {
  let p: TestPlatform;
  let ai: AnthropicTestServer;
  let owner: string;
  let firstUser: string;

  beforeAll(async () => {
    ai = await new AnthropicTestServer().start();
    const ownerEmail = `boss-${mode}-${Date.now()}@example.com`;
    p = await startTestPlatform(mode, {
      AI_PROVIDER: 'anthropic',
      AI_BASE_URL: ai.url,
      AI_API_KEY: KEY,
      AI_TIMEOUT_MS: '1500',
      AI_MAX_RETRIES: '1',
      AI_RETRY_BASE_DELAY_MS: '0',
      AI_RETRY_MAX_DELAY_MS: '0',
      INSTANCE_OWNER_EMAILS: ` ${ownerEmail.toUpperCase()} , someone-else@example.com`,
    });
    // Registered first, but the setting names someone else.
    firstUser = (await registerUser(p.url, 'early')).accessToken;
    const r = await api(p.url, 'POST', '/api/v1/auth/register', { body: { email: ownerEmail, password: 'correct horse battery 42', name: 'Boss' } });
    expect(r.status).toBe(201);
    owner = r.body.accessToken;
  }, PLATFORM_BOOT_MS);
  afterAll(async () => {
    await p?.destroy();
    await ai?.close();
  });
  beforeEach(() => ai.reset());

  it('shows the owner the preset, models and endpoint, and no secret', async () => {
    const r = await api(p.url, 'GET', '/api/v1/ai/provider', { token: owner });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({
      provider: 'anthropic',
      preset: 'Anthropic',
      api: 'anthropic',
      builtIn: false,
      engine: 'llm',
      baseUrl: ai.url,
      models: { content: 'claude-haiku-4-5', strategy: 'claude-sonnet-4-5' },
      apiKeySet: true,
      structuredOutput: 'tool_call',
      timeoutMs: 1500,
      maxRetries: 1,
      concurrency: 6,
    });
    expect(JSON.stringify(r.body)).not.toContain(KEY);
    expect((await api(p.url, 'GET', '/api/v1/ai/provider', { token: firstUser })).status).toBe(403);
  });

  it('tests the connection: latency and the name of the model that answered', async () => {
    ai.enqueue(anthropicReply.json({ ok: true }, { model: 'claude-haiku-4-5-20251001' }));
    const r = await api(p.url, 'POST', '/api/v1/ai/provider/test', { token: owner });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ ok: true, provider: 'anthropic', model: 'claude-haiku-4-5-20251001', engine: 'llm' });
    expect(r.body.latencyMs).toBeGreaterThanOrEqual(0);
    expect(ai.requests).toHaveLength(1);
    expect(ai.requests[0].headers['x-api-key']).toBe(KEY);
    expect(ai.requests[0].body.model).toBe('claude-haiku-4-5');
  });

  it("answers the provider's refusal as a problem, without the key", async () => {
    ai.enqueue(anthropicReply.unauthorized());
    const r = await api(p.url, 'POST', '/api/v1/ai/provider/test', { token: owner });
    expect(r.status).toBe(502);
    expect(r.headers.get('content-type')).toContain('application/problem+json');
    expect(r.body).toMatchObject({
      code: 'AI_PROVIDER_ERROR',
      providerCode: 'AI_AUTH_FAILED',
      retryable: false,
      provider: 'anthropic',
      model: 'claude-haiku-4-5',
    });
    expect(r.body.detail).toContain('401 authentication_error: invalid x-api-key');
    expect(JSON.stringify(r.body)).not.toContain(KEY);
    expect(ai.requests).toHaveLength(1); // a test is one call: no retry

    ai.enqueue(anthropicReply.overloaded());
    const busy = await api(p.url, 'POST', '/api/v1/ai/provider/test', { token: owner });
    expect(busy.body).toMatchObject({ status: 502, providerCode: 'AI_PROVIDER_ERROR', retryable: true });
    expect(busy.body.detail).toContain('529 overloaded_error');
  });

  it('answers a provider that does not answer in time with 504 AI_TIMEOUT', async () => {
    ai.enqueue(anthropicReply.stall(10_000));
    const r = await api(p.url, 'POST', '/api/v1/ai/provider/test', { token: owner });
    expect(r.status).toBe(504);
    expect(r.body).toMatchObject({ code: 'AI_TIMEOUT', providerCode: 'AI_TIMEOUT' });
    expect(r.body.latencyMs).toBeGreaterThanOrEqual(1400);
  });

  it('runs a job through Claude (voice is a strategy task: the strategy model), logged and priced as Anthropic', async () => {
    ai.setDefault(anthropicReply.json(VOICE, { usage: { input: 1000, output: 500 } }));
    const brand = await api(p.url, 'POST', '/api/v1/brands', { token: owner, body: { name: 'Acme Coffee' } });
    expect(brand.status).toBe(201);
    expect((await learnVoice(p, owner, brand.body.id)).status).toBe('succeeded');
    const voice = await api(p.url, 'GET', `/api/v1/brands/${brand.body.id}/voice`, { token: owner });
    expect(voice.body.examples).toContain('Roasted on Tuesday, at your door by Friday.');
    const usage = await api(p.url, 'GET', `/api/v1/ai/usage?brandId=${brand.body.id}`, { token: owner });
    expect(usage.body.byModel).toEqual([
      expect.objectContaining({ provider: 'anthropic', model: 'claude-sonnet-4-5', calls: 1, tokensIn: 1000, tokensOut: 500, costUsd: 0.0105 }),
    ]);
    expect(ai.requests[0].body.tool_choice).toEqual({ type: 'tool', name: 'voice-profile' });
  });
});

/** Gemini through its LangChain integration, talking to a local generateContent API. */
describe('AI provider: Gemini (embedded)', () => {
  let p: TestPlatform;
  let ai: GeminiTestServer;
  let owner: string;

  beforeAll(async () => {
    ai = await new GeminiTestServer().start();
    p = await startTestPlatform('embedded', {
      AI_PROVIDER: 'gemini',
      AI_BASE_URL: ai.url,
      AI_API_KEY: 'gm-e2e-key',
      AI_MAX_RETRIES: '2',
      AI_RETRY_BASE_DELAY_MS: '0',
      AI_RETRY_MAX_DELAY_MS: '0',
    });
    owner = (await registerUser(p.url, 'owner')).accessToken;
  }, PLATFORM_BOOT_MS);
  afterAll(async () => {
    await p?.destroy();
    await ai?.close();
  });
  beforeEach(() => ai.reset());

  it('shows Gemini with its models and tests the connection', async () => {
    const status = await api(p.url, 'GET', '/api/v1/ai/provider', { token: owner });
    expect(status.body).toMatchObject({
      provider: 'gemini',
      preset: 'Google Gemini',
      api: 'gemini',
      builtIn: false,
      models: { content: 'gemini-2.5-flash', strategy: 'gemini-2.5-pro' },
      structuredOutput: 'response_schema',
    });
    ai.enqueue(geminiReply.json({ ok: true }));
    const ok = await api(p.url, 'POST', '/api/v1/ai/provider/test', { token: owner });
    expect(ok.body).toMatchObject({ ok: true, provider: 'gemini', model: 'gemini-2.5-flash' });
    ai.enqueue(geminiReply.rateLimited(30));
    const limited = await api(p.url, 'POST', '/api/v1/ai/provider/test', { token: owner });
    expect(limited.status).toBe(502);
    expect(limited.body).toMatchObject({ code: 'AI_PROVIDER_ERROR', providerCode: 'AI_RATE_LIMITED', retryable: true });
    expect(limited.body.detail).toContain('429');
  });

  it('runs a job through Gemini past an overload and a malformed answer', async () => {
    ai.enqueue(
      geminiReply.overloaded(),
      geminiReply.text('Here is your voice: warm and specific.'),
      geminiReply.json(VOICE, { usage: { input: 1000, output: 500 } }),
    );
    const brand = await api(p.url, 'POST', '/api/v1/brands', { token: owner, body: { name: 'Spoke & Chain' } });
    expect((await learnVoice(p, owner, brand.body.id)).status).toBe('succeeded');
    const logs = await api(p.url, 'GET', `/api/v1/ai/logs?brandId=${brand.body.id}`, { token: owner });
    expect(logs.body.items.map((l: { provider: string; errorCode: string | null }) => [l.provider, l.errorCode]).reverse()).toEqual([
      ['gemini', 'AI_PROVIDER_ERROR'],
      ['gemini', 'AI_INVALID_OUTPUT'],
      ['gemini', null],
    ]);
    expect(ai.requests.map((r) => ai.modelOf(r))).toEqual(['gemini-2.5-pro', 'gemini-2.5-pro', 'gemini-2.5-pro']);
  });
});
