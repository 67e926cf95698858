import type { PublishOutcome } from '../channel-gateway.port';
import type { HttpAnswer } from './channel-provider.base';
import { ProviderError } from './channel-provider';

/**
 * Meta's Graph API errors, as Threads (ADR 151), Facebook Pages (ADR 175) and Instagram (ADR 176)
 * answer them (developers.facebook.com/docs/graph-api/guides/error-handling): one shape, one
 * classification. Each provider hands in what differs: its rate-limit codes, and how a Graph error
 * no rule names is answered on a publish.
 */
export interface GraphError {
  message?: string;
  type?: string;
  code?: number;
  error_subcode?: number;
  error_user_title?: string;
  error_user_msg?: string;
  fbtrace_id?: string;
}

/** Rate limits every Graph host answers: app (4), user (17), API-level (32), action-level (613). */
export const GRAPH_RATE_LIMIT_CODES: readonly number[] = [4, 17, 32, 613];
/** Graph's "temporary" errors: unknown (1), service unavailable (2). */
export const GRAPH_TRANSIENT_CODES: ReadonlySet<number> = new Set([1, 2]);
/** The access token expired, was revoked or is invalid. */
export const GRAPH_TOKEN_INVALID = 190;

export interface GraphErrorPolicy {
  /** Codes that mean "slow down": the shared ones plus the product's own (80001 for Pages). */
  rateLimitCodes: ReadonlySet<number>;
  /**
   * A publish answer with a Graph error that no rule names: `rejected` (permanent, in the
   * platform's words) or `by-status` (the base classification by HTTP status: 5xx unknown).
   */
  otherOnPublish: 'rejected' | 'by-status';
}

export function graphError(a: HttpAnswer): GraphError | null {
  const e = (a.json as { error?: GraphError } | null)?.error;
  return e && typeof e === 'object' ? e : null;
}

/** The platform's words with the code, subcode and fbtrace_id a support request needs. */
export function graphMessage(e: GraphError): string {
  const what = e.error_user_msg ?? e.message ?? 'error';
  return `${what} (code ${e.code ?? '?'}${e.error_subcode ? `/${e.error_subcode}` : ''}${e.fbtrace_id ? `, fbtrace_id ${e.fbtrace_id}` : ''})`;
}

/**
 * A Graph error answered to anything but a publish, classified; null when the answer is no Graph
 * error a rule names (the caller falls back to the classification by HTTP status).
 */
export function graphProviderError(a: HttpAnswer, message: string, policy: GraphErrorPolicy, retryAfterMs: () => number | undefined): ProviderError | null {
  const e = graphError(a);
  if (e?.code === GRAPH_TOKEN_INVALID) return new ProviderError('revoked', 'AUTH_REVOKED', message, { status: a.status });
  if (e?.code !== undefined && policy.rateLimitCodes.has(e.code))
    return new ProviderError('transient', 'RATE_LIMITED', message, { status: a.status, retryAfterMs: retryAfterMs() });
  if (e?.code !== undefined && GRAPH_TRANSIENT_CODES.has(e.code)) return new ProviderError('transient', 'PLATFORM_UNAVAILABLE', message, { status: a.status });
  // "Unsupported get request. Object ... does not exist" (100/33) is Graph's not-found.
  if (e?.code === 100 && e.error_subcode === 33) return new ProviderError('permanent', 'NOT_FOUND', message, { status: 404 });
  return null;
}

/**
 * The answer to the call that makes a post, classified; null to fall back to the classification
 * by HTTP status. 190 → AUTH_REVOKED (the channel gateway refreshes once; a second 190 →
 * needs_reconnect); rate limits → retryable; code 1/2 may come after the post was made → unknown
 * (reconciled before any retry); 10 and 200–299 → FORBIDDEN.
 */
export function graphPublishFailure(a: HttpAnswer, message: string, policy: GraphErrorPolicy, retryAfterMs: () => number | undefined): PublishOutcome | null {
  const e = graphError(a);
  if (e?.code === GRAPH_TOKEN_INVALID) return { kind: 'permanent', code: 'AUTH_REVOKED', message };
  if (e?.code !== undefined && policy.rateLimitCodes.has(e.code)) return { kind: 'retryable', code: 'RATE_LIMITED', message, retryAfterMs: retryAfterMs() };
  if (e?.code !== undefined && GRAPH_TRANSIENT_CODES.has(e.code)) return { kind: 'unknown', reason: message };
  if (e?.code === 10 || (e?.code !== undefined && e.code >= 200 && e.code < 300)) return { kind: 'permanent', code: 'FORBIDDEN', message };
  if (e && policy.otherOnPublish === 'rejected') return { kind: 'permanent', code: 'REJECTED', message };
  return null;
}

/**
 * The largest estimated_time_to_regain_access (minutes) of X-Business-Use-Case-Usage, Graph's
 * documented wait for Pages, Instagram and Threads; undefined when absent or unreadable.
 */
export function businessUseCaseWaitMs(h: Headers): number | undefined {
  const usage = h.get('x-business-use-case-usage');
  if (!usage) return undefined;
  try {
    const parsed = JSON.parse(usage) as Record<string, { estimated_time_to_regain_access?: number }[]>;
    const minutes = Math.max(
      0,
      ...Object.values(parsed)
        .flat()
        .map((u) => Number(u.estimated_time_to_regain_access ?? 0)),
    );
    return minutes > 0 ? minutes * 60_000 : undefined;
  } catch {
    return undefined;
  }
}

/** Graph's timestamps are ISO 8601 with a +0000 offset; now when absent or unreadable. */
export const graphTimeToIso = (t: string | undefined): string => {
  if (!t) return new Date().toISOString();
  const d = new Date(t.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
  return Number.isNaN(d.getTime()) ? new Date().toISOString() : d.toISOString();
};
