import { estimateTokens, ScriptedModelServer, type ModelReply, type ModelRequest, type RenderedReply } from './scripted-model-server';

/**
 * A scripted Gemini API (POST /v1beta/models/{model}:generateContent) for failure-path tests: the
 * real `@langchain/google-genai` chat model (and Google's SDK under it) talks to it over HTTP.
 * Errors follow Google's documented shape: `{ error: { code, message, status, details? } }`, with
 * the retry delay of a 429 in a `google.rpc.RetryInfo` detail; a structured answer is JSON text in
 * the first candidate's first part.
 *
 *   const server = await new GeminiTestServer().start();
 *   server.enqueue(geminiReply.rateLimited(3), geminiReply.json(answer));
 *   // AI_PROVIDER=gemini AI_BASE_URL=server.url AI_API_KEY=...
 */
export class GeminiTestServer extends ScriptedModelServer {
  /** The model named in the path of each recorded call. */
  modelOf(req: ModelRequest): string {
    return /\/models\/([^/:]+):generateContent$/.exec(req.path)?.[1] ?? '';
  }

  protected isModelCall(method: string, path: string): boolean {
    return method === 'POST' && /^\/v1(beta)?\/models\/[^/:]+:generateContent$/.test(path);
  }

  protected errorBody(status: number, message: string): unknown {
    return googleError(status, status === 404 ? 'NOT_FOUND' : status >= 500 ? 'INTERNAL' : 'INVALID_ARGUMENT', message);
  }

  protected render(r: Exclude<ModelReply, { kind: 'stall' }>, req: ModelRequest): RenderedReply {
    if (r.kind === 'error') return { status: r.status, body: r.body, headers: r.headers };
    const prompt = JSON.stringify(req.body.contents ?? []) + JSON.stringify(req.body.systemInstruction ?? '');
    const text = r.kind === 'json' ? JSON.stringify(r.value) : r.kind === 'text' ? r.text : '';
    const usage = 'usage' in r && r.usage ? r.usage : { input: estimateTokens(prompt), output: text ? estimateTokens(text) : 0 };
    const finishReason = r.kind === 'text' && r.finishReason ? r.finishReason : 'STOP';
    return {
      status: 200,
      body: {
        candidates: [{ content: { parts: [{ text }], role: 'model' }, finishReason, index: 0 }],
        usageMetadata: { promptTokenCount: usage.input, candidatesTokenCount: usage.output, totalTokenCount: usage.input + usage.output },
        modelVersion: ('model' in r && r.model) || this.modelOf(req),
        responseId: `resp-test-${this.requests.length}`,
      },
    };
  }
}

function googleError(code: number, status: string, message: string, details?: unknown[]): unknown {
  return { error: { code, message, status, ...(details ? { details } : {}) } };
}

/** Replies in the Gemini API's documented shapes. */
export const geminiReply = {
  /** JSON text in the first part, as a response schema produces. */
  json: (value: unknown, opts: { usage?: { input: number; output: number }; model?: string; delayMs?: number } = {}): ModelReply => ({
    kind: 'json',
    value,
    ...opts,
  }),
  /** Any text verbatim (prose, near-JSON, a cut answer with finishReason MAX_TOKENS). */
  text: (text: string, opts: { usage?: { input: number; output: number }; finishReason?: string } = {}): ModelReply => ({ kind: 'text', text, ...opts }),
  empty: (): ModelReply => ({ kind: 'empty' }),
  stall: (ms = 60_000): ModelReply => ({ kind: 'stall', ms }),
  /** 429 RESOURCE_EXHAUSTED with a QuotaFailure and a RetryInfo detail ("Ns"). */
  rateLimited: (retryDelaySeconds: number): ModelReply => ({
    kind: 'error',
    status: 429,
    body: googleError(
      429,
      'RESOURCE_EXHAUSTED',
      `You exceeded your current quota, please check your plan and billing details. Please retry in ${retryDelaySeconds}s.`,
      [
        {
          '@type': 'type.googleapis.com/google.rpc.QuotaFailure',
          violations: [{ quotaMetric: 'generativelanguage.googleapis.com/generate_content_requests', quotaId: 'GenerateRequestsPerMinutePerProjectPerModel' }],
        },
        { '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: `${retryDelaySeconds}s` },
      ],
    ),
  }),
  /** 503 UNAVAILABLE: the model is overloaded. */
  overloaded: (): ModelReply => ({ kind: 'error', status: 503, body: googleError(503, 'UNAVAILABLE', 'The model is overloaded. Please try again later.') }),
  internal: (): ModelReply => ({
    kind: 'error',
    status: 500,
    body: googleError(
      500,
      'INTERNAL',
      'An internal error has occurred. Please retry or report in https://developers.generativeai.google/guide/troubleshooting',
    ),
  }),
  /** A bad key is a 400 INVALID_ARGUMENT with ErrorInfo reason API_KEY_INVALID, not a 401. */
  invalidKey: (): ModelReply => ({
    kind: 'error',
    status: 400,
    body: googleError(400, 'INVALID_ARGUMENT', 'API key not valid. Please pass a valid API key.', [
      {
        '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
        reason: 'API_KEY_INVALID',
        domain: 'googleapis.com',
        metadata: { service: 'generativelanguage.googleapis.com' },
      },
    ]),
  }),
  permissionDenied: (): ModelReply => ({
    kind: 'error',
    status: 403,
    body: googleError(403, 'PERMISSION_DENIED', "Method doesn't allow unregistered callers."),
  }),
  /** The response schema uses something the API's schema subset does not know. */
  schemaRejected: (field = 'const'): ModelReply => ({
    kind: 'error',
    status: 400,
    body: googleError(
      400,
      'INVALID_ARGUMENT',
      `Invalid JSON payload received. Unknown name "${field}" at 'generation_config.response_schema.properties[0].value': Cannot find field.`,
    ),
  }),
  notFound: (model: string): ModelReply => ({
    kind: 'error',
    status: 404,
    body: googleError(404, 'NOT_FOUND', `models/${model} is not found for API version v1beta, or is not supported for generateContent.`),
  }),
};
