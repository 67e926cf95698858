import { loadAiConfig } from '../config/ai.config';
import { AiError } from '../errors';
import { OpenAiCompatibleTestServer, reply } from '../testing/openai-compatible-test-server';
import type { AiCompletionRequest } from './ai-provider';
import { retryAfterMs, toAiError } from './error-mapping';
import { OpenAiCompatibleProvider } from './openai-compatible.provider';

describe('OpenAiCompatibleProvider', () => {
  let server: OpenAiCompatibleTestServer;
  const request: AiCompletionRequest = {
    task: 'insights',
    input: {},
    model: 'm',
    messages: [{ role: 'user', content: 'hi' }],
    schemaName: 'insights',
    jsonSchema: { type: 'object' },
    maxOutputTokens: 64,
    attempt: 1,
  };
  const provider = (env: Record<string, string> = {}) =>
    new OpenAiCompatibleProvider(loadAiConfig({ AI_PROVIDER: 'vllm', AI_BASE_URL: server.url, AI_TIMEOUT_MS: '5000', ...env }));
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
    server = await OpenAiCompatibleTestServer.start();
  });
  afterEach(() => server.close());

  it('reads content, model and token usage from the answer', async () => {
    server.enqueue(reply.json({ ok: true }, { usage: { prompt_tokens: 12, completion_tokens: 3 }, model: 'served-model' }));
    await expect(provider().complete(request)).resolves.toEqual({
      content: '{"ok":true}',
      tokensIn: 12,
      tokensOut: 3,
      model: 'served-model',
      finishReason: 'stop',
    });
    expect(server.chatRequests[0].body).toMatchObject({
      model: 'm',
      max_tokens: 64,
      response_format: { type: 'json_schema', json_schema: { name: 'insights', schema: { type: 'object' }, strict: false } },
    });
  });

  it('falls back to json_object for good when the endpoint rejects json_schema', async () => {
    server.enqueue(reply.badRequest("response_format 'json_schema' is not supported"), reply.json({ a: 1 }), reply.json({ b: 2 }));
    const p = provider();
    await expect(p.complete(request)).resolves.toMatchObject({ content: '{"a":1}' });
    await p.complete(request);
    expect(server.chatRequests.map((r) => r.body.response_format?.type)).toEqual(['json_schema', 'json_object', 'json_object']);
  });

  it('reports empty content with the tokens it still cost', async () => {
    server.enqueue(reply.content('', { usage: { prompt_tokens: 40, completion_tokens: 0 } }));
    const e = await failure(provider().complete(request));
    expect(e).toMatchObject({ code: 'AI_EMPTY_OUTPUT', tokensIn: 40 });
  });

  it('maps a stall past the deadline to AI_TIMEOUT', async () => {
    server.enqueue(reply.stall(5000));
    expect((await failure(provider({ AI_TIMEOUT_MS: '100' }).complete(request))).code).toBe('AI_TIMEOUT');
  });

  it.each([
    [reply.rateLimited(2), 'AI_RATE_LIMITED', 2000],
    [reply.status(429, { 'retry-after-ms': '150' }), 'AI_RATE_LIMITED', 150],
    [{ kind: 'status' as const, status: 429, error: { message: 'quota', code: 'insufficient_quota' } }, 'AI_AUTH_FAILED', undefined],
    [reply.serverError(503), 'AI_PROVIDER_ERROR', undefined],
    [reply.status(403), 'AI_AUTH_FAILED', undefined],
    [reply.status(404), 'AI_BAD_REQUEST', undefined],
    [reply.status(408), 'AI_TIMEOUT', undefined],
  ])('maps HTTP failures to stable codes (%#)', async (r, code, retryAfter) => {
    server.enqueue(r);
    const e = await failure(provider().complete(request));
    expect(e.code).toBe(code);
    expect(e.retryAfterMs).toBe(retryAfter);
  });

  it('maps an unreachable endpoint to a retryable provider error', async () => {
    const p = new OpenAiCompatibleProvider(loadAiConfig({ AI_PROVIDER: 'vllm', AI_BASE_URL: 'http://127.0.0.1:1/v1' }));
    expect(await failure(p.complete(request))).toMatchObject({ code: 'AI_PROVIDER_ERROR', retryable: true });
  });
});

describe('error mapping', () => {
  it('parses Retry-After as seconds, milliseconds or an HTTP date', () => {
    const now = Date.parse('2025-01-01T00:00:00Z');
    expect(retryAfterMs({ 'retry-after': '3' }, now)).toBe(3000);
    expect(retryAfterMs({ 'retry-after-ms': '250' }, now)).toBe(250);
    expect(retryAfterMs({ 'retry-after': 'Wed, 01 Jan 2025 00:00:05 GMT' }, now)).toBe(5000);
    expect(retryAfterMs({ 'retry-after': 'soon' }, now)).toBeUndefined();
    expect(retryAfterMs(undefined)).toBeUndefined();
  });

  it('wraps unknown failures as retryable provider errors', () => {
    expect(toAiError(new Error('socket hang up'))).toMatchObject({ code: 'AI_PROVIDER_ERROR', retryable: true });
  });
});
