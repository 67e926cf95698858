import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import { AiError } from '../errors';

type HeaderBag = { get(name: string): string | null } | Record<string, string | string[] | undefined> | undefined;

function header(headers: HeaderBag, name: string): string | undefined {
  if (!headers) return undefined;
  if (typeof (headers as { get?: unknown }).get === 'function') return (headers as { get(n: string): string | null }).get(name) ?? undefined;
  const v = (headers as Record<string, string | string[] | undefined>)[name];
  return Array.isArray(v) ? v[0] : v;
}

/** Retry-After in milliseconds: `retry-after-ms`, or `retry-after` as seconds or an HTTP date. */
export function retryAfterMs(headers: HeaderBag, now = Date.now()): number | undefined {
  const ms = header(headers, 'retry-after-ms');
  if (ms && /^\d+(\.\d+)?$/.test(ms.trim())) return Math.ceil(Number(ms));
  const ra = header(headers, 'retry-after')?.trim();
  if (!ra) return undefined;
  if (/^\d+(\.\d+)?$/.test(ra)) return Math.ceil(Number(ra) * 1000);
  const at = Date.parse(ra);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** Map anything the openai SDK throws to an AiError with a stable code. */
export function toAiError(err: unknown): AiError {
  if (err instanceof AiError) return err;
  if (err instanceof APIConnectionTimeoutError) return new AiError('AI_TIMEOUT', 'the AI endpoint did not answer in time', { cause: err });
  if (err instanceof APIUserAbortError) return new AiError('AI_TIMEOUT', 'the AI request was aborted', { cause: err });
  if (err instanceof APIConnectionError) return new AiError('AI_PROVIDER_ERROR', `could not reach the AI endpoint: ${err.message}`, { cause: err });
  if (err instanceof APIError) {
    const status = err.status ?? 0;
    const msg = `AI endpoint answered ${status}: ${err.message}`;
    if (status === 429) {
      // Out of credit is not a rate limit: waiting will not help, an operator must.
      if (err.code === 'insufficient_quota') return new AiError('AI_AUTH_FAILED', msg, { cause: err });
      return new AiError('AI_RATE_LIMITED', msg, { retryAfterMs: retryAfterMs(err.headers as HeaderBag), cause: err });
    }
    if (status === 401 || status === 403) return new AiError('AI_AUTH_FAILED', msg, { cause: err });
    if (status === 408) return new AiError('AI_TIMEOUT', msg, { cause: err });
    if (status >= 500) return new AiError('AI_PROVIDER_ERROR', msg, { retryAfterMs: retryAfterMs(err.headers as HeaderBag), cause: err });
    if (status === 409) return new AiError('AI_PROVIDER_ERROR', msg, { cause: err });
    return new AiError('AI_BAD_REQUEST', msg, { cause: err });
  }
  return new AiError('AI_PROVIDER_ERROR', `unexpected AI client failure: ${(err as Error)?.message ?? String(err)}`, { cause: err });
}
