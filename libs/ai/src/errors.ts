/** Stable error codes of libs/ai. Callers map them to ack / retry / dead-letter or to RFC 9457 problems. */
export type AiErrorCode =
  'AI_TIMEOUT' | 'AI_RATE_LIMITED' | 'AI_PROVIDER_ERROR' | 'AI_AUTH_FAILED' | 'AI_BAD_REQUEST' | 'AI_EMPTY_OUTPUT' | 'AI_INVALID_OUTPUT' | 'AI_BUDGET_EXCEEDED';

export const AI_ERROR_CODES: readonly AiErrorCode[] = [
  'AI_TIMEOUT',
  'AI_RATE_LIMITED',
  'AI_PROVIDER_ERROR',
  'AI_AUTH_FAILED',
  'AI_BAD_REQUEST',
  'AI_EMPTY_OUTPUT',
  'AI_INVALID_OUTPUT',
  'AI_BUDGET_EXCEEDED',
];

/**
 * Whether another attempt can succeed. Exhaustive on purpose: a new code must be classified here.
 * A budget refusal is permanent for this call: retrying would only be refused again.
 */
export function isRetryableCode(code: AiErrorCode): boolean {
  switch (code) {
    case 'AI_TIMEOUT':
    case 'AI_RATE_LIMITED':
    case 'AI_PROVIDER_ERROR':
    case 'AI_EMPTY_OUTPUT':
    case 'AI_INVALID_OUTPUT':
      return true;
    case 'AI_AUTH_FAILED':
    case 'AI_BAD_REQUEST':
    case 'AI_BUDGET_EXCEEDED':
      return false;
    default: {
      const never: never = code;
      throw new Error(`unclassified AI error code ${String(never)}`);
    }
  }
}

export interface AiErrorDetails {
  /** Server-requested wait before the next attempt (from Retry-After), in milliseconds. */
  retryAfterMs?: number;
  /** What was wrong with the model's output, fed back to the model on the next attempt. */
  problems?: string[];
  /** Tokens consumed by the failed attempt, when the provider reported them. */
  tokensIn?: number;
  tokensOut?: number;
  /** Raw model output of a failed attempt, for diagnosis. */
  raw?: string;
  cause?: unknown;
}

export class AiError extends Error {
  readonly retryable: boolean;
  readonly retryAfterMs?: number;
  readonly problems: string[];
  readonly tokensIn: number;
  readonly tokensOut: number;
  readonly raw?: string;

  constructor(
    readonly code: AiErrorCode,
    message: string,
    details: AiErrorDetails = {},
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'AiError';
    this.retryable = isRetryableCode(code);
    this.retryAfterMs = details.retryAfterMs;
    this.problems = details.problems ?? [];
    this.tokensIn = details.tokensIn ?? 0;
    this.tokensOut = details.tokensOut ?? 0;
    this.raw = details.raw;
  }
}

export function isAiError(err: unknown): err is AiError {
  return err instanceof AiError;
}
