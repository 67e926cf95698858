import { createAiProvider } from './client/provider-registry';
import { loadAiConfig } from './config/ai.config';
import { AiProviderInfo, publicBaseUrl } from './provider-info.service';
import { OpenAiCompatibleTestServer, reply } from './testing/openai-compatible-test-server';

describe('AiProviderInfo', () => {
  let server: OpenAiCompatibleTestServer;
  const KEY = 'sk-secret-value-123456';
  const info = (env: Record<string, string>) => {
    const c = loadAiConfig(env);
    return new AiProviderInfo(c, createAiProvider(c));
  };

  beforeAll(async () => {
    server = await OpenAiCompatibleTestServer.start();
  });
  afterAll(() => server.close());
  beforeEach(() => server.reset());

  it('shows an endpoint without credentials, query or fragment', () => {
    expect(publicBaseUrl('https://user:pw@example.openai.azure.com/openai/?api-key=abc#x')).toBe('https://example.openai.azure.com/openai');
    expect(publicBaseUrl(undefined)).toBeNull();
  });

  it('describes the preset in force without its key', () => {
    const s = info({ AI_PROVIDER: 'openrouter', AI_API_KEY: KEY }).status();
    expect(s).toMatchObject({
      provider: 'openrouter',
      preset: 'OpenRouter',
      api: 'openai-compatible',
      builtIn: false,
      baseUrl: 'https://openrouter.ai/api/v1',
      apiKeySet: true,
      structuredOutput: 'json_object',
    });
    expect(JSON.stringify(s)).not.toContain(KEY);
    expect(info({}).status()).toMatchObject({ provider: 'local', builtIn: true, structuredOutput: 'built-in', baseUrl: null });
  });

  it('tests with one small call to the content model and reports the model that answered', async () => {
    server.enqueue(reply.json({ ok: true }, { model: 'served-7b' }));
    const r = await info({ AI_PROVIDER: 'vllm', AI_BASE_URL: server.url, AI_MODEL_CONTENT: 'small', AI_MODEL_STRATEGY: 'big' }).test();
    expect(r).toMatchObject({ ok: true, provider: 'vllm', model: 'served-7b', engine: 'llm' });
    expect(server.chatRequests.map((q) => [q.body.model, q.body.max_tokens])).toEqual([['small', 64]]);
  });

  it("reports the provider's error once, without retrying and without the key", async () => {
    server.setDefault({ kind: 'status', status: 401, error: { message: `Incorrect API key provided: ${KEY}`, code: 'invalid_api_key' } });
    const r = await info({
      AI_PROVIDER: 'openai-compatible',
      AI_BASE_URL: server.url,
      AI_API_KEY: KEY,
      AI_PRICES: '{"*":{"inPerMTok":1,"outPerMTok":1}}',
    }).test();
    expect(r).toMatchObject({ ok: false, provider: 'openai-compatible', error: { code: 'AI_AUTH_FAILED', retryable: false } });
    expect(JSON.stringify(r)).not.toContain(KEY);
    expect(r.ok === false && r.error.message).toContain('[redacted]');
    expect(server.chatRequests).toHaveLength(1);
  });
});
