import { loadAiConfig } from '../config/ai.config';
import { AiError } from '../errors';
import { AnthropicTestServer, anthropicReply as reply } from '../testing/anthropic-test-server';
import type { AiCompletionRequest } from './ai-provider';
import { AnthropicProvider } from './anthropic.provider';

/** The Anthropic adapter (LangChain's ChatAnthropic over the Anthropic SDK) against a local Messages API. */
describe('AnthropicProvider', () => {
  let server: AnthropicTestServer;
  const schema = { type: 'object', properties: { ok: { type: 'boolean' } }, required: ['ok'] };
  const request: AiCompletionRequest = {
    task: 'insights',
    input: {},
    model: 'claude-haiku-4-5',
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
    new AnthropicProvider(loadAiConfig({ AI_PROVIDER: 'anthropic', AI_BASE_URL: server.url, AI_API_KEY: 'sk-ant-test', AI_TIMEOUT_MS: '5000', ...env }));
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
    server = await new AnthropicTestServer().start();
  });
  afterEach(() => server.close());

  it('asks for the answer as a forced tool call and reads it, with usage and the model that answered', async () => {
    server.enqueue(reply.json({ ok: true }, { usage: { input: 120, output: 9 }, model: 'claude-haiku-4-5-20251001' }));
    await expect(provider().complete(request)).resolves.toEqual({
      content: '{"ok":true}',
      tokensIn: 120,
      tokensOut: 9,
      model: 'claude-haiku-4-5-20251001',
      finishReason: 'tool_use',
    });
    const sent = server.requests[0];
    expect(sent.headers['x-api-key']).toBe('sk-ant-test');
    expect(sent.headers['anthropic-version']).toBeDefined();
    expect(sent.body).toMatchObject({
      model: 'claude-haiku-4-5',
      max_tokens: 256,
      system: 'You are a step.',
      messages: [{ role: 'user', content: 'data' }],
      tools: [{ name: 'insights', input_schema: schema }],
      tool_choice: { type: 'tool', name: 'insights' },
    });
  });

  it('hands on prose instead of a tool call as text, for the validator to judge', async () => {
    server.enqueue(reply.text('Sure! Here is what I think about your coffee.'));
    await expect(provider().complete(request)).resolves.toMatchObject({ content: 'Sure! Here is what I think about your coffee.', finishReason: 'end_turn' });
  });

  it('reports an answer with no content as empty, with the tokens it still cost', async () => {
    server.enqueue(reply.empty());
    expect(await failure(provider().complete(request))).toMatchObject({ code: 'AI_EMPTY_OUTPUT', retryable: true, tokensIn: expect.any(Number) });
  });

  it('maps a stall past the deadline to AI_TIMEOUT', async () => {
    server.enqueue(reply.stall(5000));
    const started = Date.now();
    expect(await failure(provider({ AI_TIMEOUT_MS: '150' }).complete(request))).toMatchObject({ code: 'AI_TIMEOUT', retryable: true });
    expect(Date.now() - started).toBeLessThan(4000);
  });

  it.each([
    ['429 rate_limit_error with retry-after', reply.rateLimited(3), 'AI_RATE_LIMITED', true, 3000],
    ['429 for the monthly spend cap', reply.spendLimit(), 'AI_AUTH_FAILED', false, undefined],
    ['529 overloaded_error', reply.overloaded(), 'AI_PROVIDER_ERROR', true, undefined],
    ['500 api_error', reply.apiError(), 'AI_PROVIDER_ERROR', true, undefined],
    ['401 authentication_error', reply.unauthorized(), 'AI_AUTH_FAILED', false, undefined],
    ['400 invalid_request_error', reply.badRequest(), 'AI_BAD_REQUEST', false, undefined],
    ['404 not_found_error (unknown model)', reply.notFound('claude-nope'), 'AI_BAD_REQUEST', false, undefined],
  ])('maps %s to a stable code', async (_name, r, code, retryable, retryAfter) => {
    server.enqueue(r);
    const e = await failure(provider().complete(request));
    expect(e).toMatchObject({ code, retryable });
    expect(e.retryAfterMs).toBe(retryAfter);
    expect(e.message).toMatch(/^Anthropic API answered \d{3} \w+: /);
    expect(server.requests).toHaveLength(1); // no retry inside the SDK or LangChain
  });

  it('maps an unreachable API to a retryable provider error', async () => {
    const p = new AnthropicProvider(loadAiConfig({ AI_PROVIDER: 'anthropic', AI_BASE_URL: 'http://127.0.0.1:1', AI_API_KEY: 'k' }));
    expect(await failure(p.complete(request))).toMatchObject({ code: 'AI_PROVIDER_ERROR', retryable: true });
  });
});
