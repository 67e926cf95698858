import { AiError } from '../errors';

export interface RetryPolicy {
  /** Total attempts, first included. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export type Sleep = (ms: number) => Promise<void>;

export const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Delay before attempt `attempt + 1`: exponential with full jitter, capped; a server's Retry-After
 * wins when longer (waiting less would only earn another 429).
 */
export function backoffDelay(attempt: number, policy: RetryPolicy, retryAfterMs?: number, random: () => number = Math.random): number {
  const exp = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  const jittered = Math.round(exp / 2 + random() * (exp / 2));
  return Math.max(jittered, retryAfterMs ?? 0);
}

export interface RetryHooks {
  sleep?: Sleep;
  random?: () => number;
  /** Called before waiting for a retry. */
  onRetry?: (error: AiError, attempt: number, delayMs: number) => void;
}

/**
 * Run `attempt` until it succeeds, a non-retryable AiError occurs, or attempts run out.
 * The previous error is passed to the next attempt, so invalid output can be fed back to the model.
 * Anything that is not an AiError is a bug and is rethrown at once.
 */
export async function withRetry<T>(policy: RetryPolicy, attempt: (n: number, previous: AiError | undefined) => Promise<T>, hooks: RetryHooks = {}): Promise<T> {
  const sleep = hooks.sleep ?? realSleep;
  let previous: AiError | undefined;
  for (let n = 1; ; n++) {
    try {
      return await attempt(n, previous);
    } catch (err) {
      if (!(err instanceof AiError) || !err.retryable || n >= policy.maxAttempts) throw err;
      previous = err;
      const delay = backoffDelay(n, policy, err.retryAfterMs, hooks.random);
      hooks.onRetry?.(err, n, delay);
      if (delay > 0) await sleep(delay);
    }
  }
}
