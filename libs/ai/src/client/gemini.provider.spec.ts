import { loadAiConfig } from '../config/ai.config';
import { AiError } from '../errors';
import { GeminiTestServer, geminiReply as reply } from '../testing/gemini-test-server';
import type { AiCompletionRequest } from './ai-provider';
import { GeminiProvider, retryDelayMs } from './gemini.provider';

/** The Gemini adapter (LangChain's ChatGoogleGenerativeAI over Google's SDK) against a local generateContent API. */
describe('GeminiProvider', () => {
  let server: GeminiTestServer;
  const schema = { type: 'object', properties: { ok: { type: 'boolean' } }, required: ['ok'], additionalProperties: false };
  const request: AiCompletionRequest = {
    task: 'insights',
    input: {},
    model: 'gemini-2.5-flash',
    maxOutputTokens: 256,
    attempt: 1,
    schemaName: 'insights',
    jsonSchema: schema,
    messages: [
      { role: 'system', content: 'You are a step.' },
      { role: 'user', content: 'data' },
    ],
  };
  const provider = (env: Record<string, string> = {}) =>
    new GeminiProvider(loadAiConfig({ AI_PROVIDER: 'gemini', AI_BASE_URL: server.url, AI_API_KEY: 'gm-test-key', AI_TIMEOUT_MS: '5000', ...env }));
  const failure = (p: Promise<unknown>) =>
    p.then(
      () => {
        throw new Error('expected a failure');
      },
      (e: AiError) => e,
    );

  // A server per test: a request the client gave up on (a timeout test under load) may reach the
  // server late, and must not take the next test's scripted reply.
  beforeEach(async () => {
    server = await new GeminiTestServer().start();
  });
  afterEach(() => server.close());

  it('asks for JSON against a response schema and reads the answer, usage and model', async () => {
    server.enqueue(reply.json({ ok: true }, { usage: { input: 80, output: 6 } }));
    await expect(provider().complete(request)).resolves.toMatchObject({
      content: '{"ok":true}',
      tokensIn: 80,
      tokensOut: 6,
      model: 'gemini-2.5-flash',
      finishReason: 'STOP',
    });
    const sent = server.requests[0];
    expect(sent.path).toBe('/v1beta/models/gemini-2.5-flash:generateContent');
    expect(sent.headers['x-goog-api-key']).toBe('gm-test-key');
    expect(sent.body).toMatchObject({
      systemInstruction: { parts: [{ text: 'You are a step.' }] },
      contents: [{ role: 'user', parts: [{ text: 'data' }] }],
      generationConfig: { maxOutputTokens: 256, responseMimeType: 'application/json', responseSchema: { type: 'object', required: ['ok'] } },
    });
    // Google's schema subset has no additionalProperties; LangChain strips it.
    expect(JSON.stringify(sent.body.generationConfig)).not.toContain('additionalProperties');
  });

  it('hands on malformed JSON text as it came, for the validator to repair or reject', async () => {
    server.enqueue(reply.text('```json\n{"ok": true,}\n```'), reply.text('{"ok": tr', { finishReason: 'MAX_TOKENS' }));
    await expect(provider().complete(request)).resolves.toMatchObject({ content: '```json\n{"ok": true,}\n```' });
    await expect(provider().complete(request)).resolves.toMatchObject({ content: '{"ok": tr', finishReason: 'MAX_TOKENS' });
  });

  it('reports an answer with no text as empty', async () => {
    server.enqueue(reply.empty());
    expect(await failure(provider().complete(request))).toMatchObject({ code: 'AI_EMPTY_OUTPUT', retryable: true });
  });

  it('maps a stall past the deadline to AI_TIMEOUT', async () => {
    server.enqueue(reply.stall(5000));
    const started = Date.now();
    expect(await failure(provider({ AI_TIMEOUT_MS: '150' }).complete(request))).toMatchObject({ code: 'AI_TIMEOUT', retryable: true });
    expect(Date.now() - started).toBeLessThan(4000);
  });

  it('falls back to JSON mode for good when the API rejects the response schema', async () => {
    server.enqueue(reply.schemaRejected('const'), reply.json({ ok: true }), reply.json({ ok: false }));
    const p = provider();
    await expect(p.complete(request)).resolves.toMatchObject({ content: '{"ok":true}' });
    await expect(p.complete(request)).resolves.toMatchObject({ content: '{"ok":false}' });
    const configs = server.requests.map((r) => r.body.generationConfig as Record<string, unknown>);
    expect(configs.map((c) => [c.responseMimeType, 'responseSchema' in c])).toEqual([
      ['application/json', true],
      ['application/json', false],
      ['application/json', false],
    ]);
  });

  it.each([
    ['429 RESOURCE_EXHAUSTED with RetryInfo', reply.rateLimited(3), 'AI_RATE_LIMITED', true, 3000],
    ['503 UNAVAILABLE (overloaded)', reply.overloaded(), 'AI_PROVIDER_ERROR', true, undefined],
    ['500 INTERNAL', reply.internal(), 'AI_PROVIDER_ERROR', true, undefined],
    ['400 API_KEY_INVALID', reply.invalidKey(), 'AI_AUTH_FAILED', false, undefined],
    ['403 PERMISSION_DENIED', reply.permissionDenied(), 'AI_AUTH_FAILED', false, undefined],
    ['404 NOT_FOUND (unknown model)', reply.notFound('gemini-nope'), 'AI_BAD_REQUEST', false, undefined],
  ])('maps %s to a stable code', async (_name, r, code, retryable, retryAfter) => {
    server.enqueue(r);
    const e = await failure(provider().complete(request));
    expect(e).toMatchObject({ code, retryable });
    expect(e.retryAfterMs).toBe(retryAfter);
    expect(e.message).toMatch(/^Gemini API answered \d{3}: /);
    expect(e.message).not.toContain('gm-test-key');
    expect(server.requests).toHaveLength(1);
  });

  it('maps an unreachable API to a retryable provider error', async () => {
    const p = new GeminiProvider(loadAiConfig({ AI_PROVIDER: 'gemini', AI_BASE_URL: 'http://127.0.0.1:1', AI_API_KEY: 'k' }));
    expect(await failure(p.complete(request))).toMatchObject({ code: 'AI_PROVIDER_ERROR', retryable: true });
  });

  it('reads RetryInfo delays in seconds and fractions of a second', () => {
    expect(retryDelayMs([{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '1.5s' }])).toBe(1500);
    expect(retryDelayMs([{ '@type': 'type.googleapis.com/google.rpc.QuotaFailure' }])).toBeUndefined();
  });
});
