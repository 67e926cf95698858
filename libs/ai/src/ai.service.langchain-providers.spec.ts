import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { createTestDatabase, type TestDatabase } from '../../../test/support/pg';
import { AiService } from './ai.service';
import { createAiProvider } from './client/provider-registry';
import { loadAiConfig } from './config/ai.config';
import { AiRepository } from './cost/ai.repository';
import { AiError } from './errors';
import { LocalEngine } from './local/local-engine';
import { AnthropicTestServer, anthropicReply } from './testing/anthropic-test-server';
import { sampleBrand, sampleInputs } from './testing/fixtures';
import { GeminiTestServer, geminiReply } from './testing/gemini-test-server';
import type { ModelReply, ScriptedModelServer } from './testing/scripted-model-server';
import { migratedAiDataSource } from './testing/test-data-source';

/** The replies a fault suite needs, in one provider's wire format. */
interface Faults {
  json(value: unknown, opts?: { usage?: { input: number; output: number } }): ModelReply;
  prose(): ModelReply;
  nearJson(value: unknown): ModelReply;
  rateLimited(seconds: number): ModelReply;
  overloaded(): ModelReply;
  unauthorized(): ModelReply;
  stall(ms: number): ModelReply;
}

const PROVIDERS: [string, () => ScriptedModelServer, Faults, { content: string; strategy: string; costOf1000In500Out: number }][] = [
  [
    'anthropic',
    () => new AnthropicTestServer(),
    {
      json: anthropicReply.json,
      prose: () => anthropicReply.text('Happy to help! Here are three posts about your coffee.'),
      // Claude answering in text with a fenced, trailing-comma object instead of calling the tool.
      nearJson: (v) => anthropicReply.text('```json\n' + JSON.stringify(v, null, 2).replace(/\n(\s*)([}\]])/g, ',\n$1$2') + '\n```'),
      rateLimited: anthropicReply.rateLimited,
      overloaded: anthropicReply.overloaded,
      unauthorized: anthropicReply.unauthorized,
      stall: anthropicReply.stall,
    },
    { content: 'claude-haiku-4-5', strategy: 'claude-sonnet-4-5', costOf1000In500Out: 0.0035 },
  ],
  [
    'gemini',
    () => new GeminiTestServer(),
    {
      json: geminiReply.json,
      prose: () => geminiReply.text('Happy to help! Here are three posts about your coffee.'),
      nearJson: (v) => geminiReply.text('```json\n' + JSON.stringify(v, null, 2).replace(/\n(\s*)([}\]])/g, ',\n$1$2') + '\n```'),
      rateLimited: geminiReply.rateLimited,
      overloaded: geminiReply.overloaded,
      unauthorized: geminiReply.invalidKey,
      stall: geminiReply.stall,
    },
    { content: 'gemini-2.5-flash', strategy: 'gemini-2.5-pro', costOf1000In500Out: 0.00155 },
  ],
];

/**
 * The whole pipeline (budget, provider, validator, retries, cost tracker, log) with the Anthropic and
 * Gemini chat models talking HTTP to a local server that speaks their API, against real PostgreSQL.
 */
describe.each(PROVIDERS)('AiService through %s', (providerId, makeServer, faults, models) => {
  let db: TestDatabase;
  let ds: DataSource;
  let repo: AiRepository;
  let server: ScriptedModelServer;
  let sleeps: number[];

  const brand = sampleBrand();
  const inputs = sampleInputs(brand);
  const postInput = inputs['post-generation'];
  const goodPost = new LocalEngine().generate('post-generation', postInput);
  const usage = { input: 1000, output: 500 };

  const service = (extra: Record<string, string> = {}) => {
    const c = loadAiConfig({
      AI_PROVIDER: providerId,
      AI_BASE_URL: server.url,
      AI_API_KEY: 'test-key',
      AI_TIMEOUT_MS: '5000',
      AI_MAX_RETRIES: '2',
      AI_RETRY_BASE_DELAY_MS: '10',
      AI_RETRY_MAX_DELAY_MS: '40',
      ...extra,
    });
    return new AiService(c, createAiProvider(c), repo, { sleep: async (ms) => void sleeps.push(ms) });
  };
  const ctx = () => ({ agent: 'creation-agent', brandId: randomUUID(), jobId: randomUUID() });
  const failure = async (p: Promise<unknown>): Promise<AiError> => {
    const err = await p.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(AiError);
    return err as AiError;
  };
  const rows = (jobId: string) => repo.logs({ jobId });

  beforeAll(async () => {
    db = await createTestDatabase(`ai_${providerId}`);
    ds = await migratedAiDataSource(db.url);
    repo = new AiRepository(ds);
  });
  afterAll(async () => {
    await ds.destroy();
    await db.drop();
  });
  // A model fake per test: a request abandoned on timeout may reach it late, and must not take
  // the next test's scripted reply.
  beforeEach(async () => {
    server = await makeServer().start();
    sleeps = [];
  });
  afterEach(() => server.close());

  it('returns the validated post with usage, cost and one succeeded log row', async () => {
    server.enqueue(faults.json(goodPost, { usage }));
    const c = ctx();
    const { output, meta } = await service().run('post-generation', postInput, c);
    expect(output.variants.map((v) => v.id)).toEqual(['v1', 'v2', 'v3']);
    expect(meta).toMatchObject({
      provider: providerId,
      model: models.content,
      engine: 'llm',
      attempts: 1,
      tokensIn: 1000,
      tokensOut: 500,
      costUsd: models.costOf1000In500Out,
    });
    expect(meta.notice).toBeUndefined();
    expect((await rows(c.jobId)).map((r) => [r.provider, r.model, r.outcome, r.tokensIn, r.tokensOut, r.costUsd])).toEqual([
      [providerId, models.content, 'succeeded', 1000, 500, models.costOf1000In500Out],
    ]);
  });

  it('sends strategy tasks to the strategy model', async () => {
    server.enqueue(faults.json(new LocalEngine().generate('brand-strategy', inputs['brand-strategy'])));
    const { meta } = await service().run('brand-strategy', inputs['brand-strategy'], ctx());
    expect(meta.model).toBe(models.strategy);
    const sent = server.requests[0];
    if (providerId === 'gemini') expect(sent.path).toBe(`/v1beta/models/${models.strategy}:generateContent`);
    else expect(sent.body.model).toBe(models.strategy);
  });

  it('repairs near-JSON text without a second call', async () => {
    server.enqueue(faults.nearJson(goodPost));
    const { output, meta } = await service().run('post-generation', postInput, ctx());
    expect(output).toEqual(goodPost);
    expect(meta.attempts).toBe(1);
  });

  it('retries malformed output, telling the model what was wrong, then succeeds', async () => {
    server.enqueue(faults.prose(), faults.json(goodPost));
    const c = ctx();
    const { meta } = await service().run('post-generation', postInput, c);
    expect(meta.attempts).toBe(2);
    expect(JSON.stringify(server.requests[1].body)).toContain('Your previous answer was rejected');
    expect((await rows(c.jobId)).map((r) => [r.outcome, r.errorCode])).toEqual([
      ['failed', 'AI_INVALID_OUTPUT'],
      ['succeeded', null],
    ]);
  });

  it('gives up with AI_INVALID_OUTPUT after the retry cap', async () => {
    server.setDefault(faults.prose());
    const err = await failure(service().run('post-generation', postInput, ctx()));
    expect(err).toMatchObject({ code: 'AI_INVALID_OUTPUT', retryable: true });
    expect(server.requests).toHaveLength(3);
  });

  it("honours the rate limit's wait before the next attempt", async () => {
    server.enqueue(faults.rateLimited(7), faults.json(goodPost));
    const c = ctx();
    await service().run('post-generation', postInput, c);
    expect(sleeps).toEqual([7000]);
    expect((await rows(c.jobId)).map((r) => r.errorCode)).toEqual(['AI_RATE_LIMITED', null]);
  });

  it('retries an overloaded API with capped backoff, then fails with AI_PROVIDER_ERROR', async () => {
    server.enqueue(faults.overloaded(), faults.overloaded(), faults.json(goodPost));
    expect((await service().run('post-generation', postInput, ctx())).meta.attempts).toBe(3);
    expect(sleeps).toHaveLength(2);
    expect(sleeps.every((ms) => ms >= 5 && ms <= 40)).toBe(true);
    server.reset().setDefault(faults.overloaded());
    const c = ctx();
    expect(await failure(service().run('post-generation', postInput, c))).toMatchObject({ code: 'AI_PROVIDER_ERROR', retryable: true });
    expect((await rows(c.jobId)).map((r) => r.errorCode)).toEqual(['AI_PROVIDER_ERROR', 'AI_PROVIDER_ERROR', 'AI_PROVIDER_ERROR']);
  });

  it('retries a timeout and succeeds', async () => {
    server.enqueue(faults.stall(60_000), faults.json(goodPost));
    const c = ctx();
    // Long enough for the first attempt to reach the fake before it is abandoned, on a loaded machine too.
    expect((await service({ AI_TIMEOUT_MS: '2000' }).run('post-generation', postInput, c)).meta.attempts).toBe(2);
    const log = await rows(c.jobId);
    expect(log.map((r) => r.errorCode)).toEqual(['AI_TIMEOUT', null]);
    expect(log[0].latencyMs).toBeGreaterThanOrEqual(1900);
  });

  it('fails at once on a rejected key, without retrying', async () => {
    server.setDefault(faults.unauthorized());
    const c = ctx();
    expect(await failure(service().run('post-generation', postInput, c))).toMatchObject({ code: 'AI_AUTH_FAILED', retryable: false });
    expect(server.requests).toHaveLength(1);
    expect(sleeps).toEqual([]);
  });

  it('refuses a call over the monthly budget before any request reaches the API', async () => {
    server.setDefault(faults.json(goodPost));
    const c = ctx();
    await repo.setBudget(c.brandId, 0.001);
    expect(await failure(service().run('post-generation', postInput, c))).toMatchObject({ code: 'AI_BUDGET_EXCEEDED', retryable: false });
    expect(server.requests).toHaveLength(0);
    expect((await rows(c.jobId)).map((r) => [r.outcome, r.errorCode])).toEqual([['refused', 'AI_BUDGET_EXCEEDED']]);
  });
});
