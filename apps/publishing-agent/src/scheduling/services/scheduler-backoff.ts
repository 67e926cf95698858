/**
 * Exponential backoff with jitter: attempt 1 waits about `baseMs`, each next one twice as long,
 * never more than `capMs`. The delay is drawn from [half, full] of the step so that items failing
 * together (a platform outage) do not come back together.
 */
export function backoffMs(attempt: number, baseMs: number, capMs: number, random: () => number = Math.random): number {
  const step = Math.min(capMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(step / 2 + random() * (step / 2));
}
