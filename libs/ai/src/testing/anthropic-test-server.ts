import { estimateTokens, ScriptedModelServer, type ModelReply, type ModelRequest, type RenderedReply } from './scripted-model-server';

/**
 * A scripted Anthropic Messages API (POST /v1/messages) for failure-path tests: the real
 * `@langchain/anthropic` chat model (and the Anthropic SDK under it) talks to it over HTTP.
 * Errors follow Anthropic's documented shape: `{ type: "error", error: { type, message }, request_id }`
 * with a `request-id` header; a structured answer is a `tool_use` block for the forced tool.
 *
 *   const server = await new AnthropicTestServer().start();
 *   server.enqueue(anthropicReply.overloaded(), anthropicReply.json(answer));
 *   // AI_PROVIDER=anthropic AI_BASE_URL=server.url AI_API_KEY=...
 */
export class AnthropicTestServer extends ScriptedModelServer {
  get messageRequests(): ModelRequest[] {
    return this.requests;
  }

  protected isModelCall(method: string, path: string): boolean {
    return method === 'POST' && path === '/v1/messages';
  }

  protected errorBody(status: number, message: string): unknown {
    const type = status === 404 ? 'not_found_error' : status >= 500 ? 'api_error' : 'invalid_request_error';
    return anthropicError(type, message);
  }

  protected render(r: Exclude<ModelReply, { kind: 'stall' }>, req: ModelRequest): RenderedReply {
    if (r.kind === 'error') return { status: r.status, body: r.body, headers: { 'request-id': requestId(this.requests.length), ...r.headers } };
    const prompt = JSON.stringify(req.body.messages ?? []) + String(req.body.system ?? '');
    const tools = (req.body.tools as { name: string }[] | undefined) ?? [];
    let content: unknown[] = [];
    let stopReason = 'end_turn';
    let outputText = '';
    if (r.kind === 'json') {
      outputText = JSON.stringify(r.value);
      content = [{ type: 'tool_use', id: `toolu_test_${this.requests.length}`, name: tools[0]?.name ?? 'extract', input: r.value }];
      stopReason = 'tool_use';
    } else if (r.kind === 'text') {
      outputText = r.text;
      content = [{ type: 'text', text: r.text }];
      stopReason = r.finishReason ?? 'end_turn';
    }
    const usage = 'usage' in r && r.usage ? r.usage : { input: estimateTokens(prompt), output: outputText ? estimateTokens(outputText) : 0 };
    return {
      status: 200,
      headers: { 'request-id': requestId(this.requests.length) },
      body: {
        id: `msg_test_${this.requests.length}`,
        type: 'message',
        role: 'assistant',
        model: ('model' in r && r.model) || String(req.body.model),
        content,
        stop_reason: stopReason,
        stop_sequence: null,
        usage: { input_tokens: usage.input, output_tokens: usage.output, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 },
      },
    };
  }
}

const requestId = (n: number) => `req_test_${n}`;

function anthropicError(type: string, message: string, extra: Record<string, unknown> = {}): unknown {
  return { type: 'error', error: { type, message, ...extra }, request_id: requestId(0) };
}

/** Replies in Anthropic's documented shapes. */
export const anthropicReply = {
  /** The forced tool called with `value` as its input. */
  json: (value: unknown, opts: { usage?: { input: number; output: number }; model?: string; delayMs?: number } = {}): ModelReply => ({
    kind: 'json',
    value,
    ...opts,
  }),
  /** A text block instead of the tool call (prose, near-JSON). */
  text: (text: string, opts: { usage?: { input: number; output: number }; finishReason?: string } = {}): ModelReply => ({ kind: 'text', text, ...opts }),
  empty: (): ModelReply => ({ kind: 'empty' }),
  stall: (ms = 60_000): ModelReply => ({ kind: 'stall', ms }),
  /** 429 rate_limit_error with `retry-after` (seconds) and the rate-limit headers. */
  rateLimited: (retryAfterSeconds: number): ModelReply => ({
    kind: 'error',
    status: 429,
    headers: { 'retry-after': String(retryAfterSeconds), 'anthropic-ratelimit-requests-remaining': '0' },
    body: anthropicError('rate_limit_error', 'Number of request tokens has exceeded your per-minute rate limit'),
  }),
  /** 429 for the monthly spend cap: no retry-after; waiting until next month is no retry. */
  spendLimit: (): ModelReply => ({
    kind: 'error',
    status: 429,
    body: anthropicError('rate_limit_error', 'You have reached your specified API usage limits.', { details: { error_code: 'enforced_spend_limit_reached' } }),
  }),
  /** 529 overloaded_error: the API is short of capacity for everyone. */
  overloaded: (): ModelReply => ({ kind: 'error', status: 529, body: anthropicError('overloaded_error', 'Overloaded') }),
  apiError: (): ModelReply => ({ kind: 'error', status: 500, body: anthropicError('api_error', 'Internal server error') }),
  unauthorized: (): ModelReply => ({ kind: 'error', status: 401, body: anthropicError('authentication_error', 'invalid x-api-key') }),
  badRequest: (message = 'messages: roles must alternate'): ModelReply => ({
    kind: 'error',
    status: 400,
    body: anthropicError('invalid_request_error', message),
  }),
  notFound: (model: string): ModelReply => ({ kind: 'error', status: 404, body: anthropicError('not_found_error', `model: ${model}`) }),
};
