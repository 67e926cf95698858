import { AsyncResource } from 'node:async_hooks';

/**
 * Bounded concurrency for fan-out (a calendar's 30 posts, a batch of inbox replies): at most
 * `concurrency` calls in flight, results in input order. Small enough to own rather than depend on.
 *
 * A call that has to wait runs in its own caller's async context, not in that of the call whose
 * end frees its slot: its spans, log lines and statements belong to its caller's trace and
 * message, not to another message's that may have ended by then.
 */
export function createLimiter(concurrency: number): <T>(fn: () => Promise<T>) => Promise<T> {
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new RangeError(`concurrency must be a positive integer, got ${concurrency}`);
  let active = 0;
  const queue: (() => void)[] = [];
  const next = () => {
    if (active >= concurrency) return;
    const start = queue.shift();
    if (start) {
      active++;
      start();
    }
  };
  return <T>(fn: () => Promise<T>) =>
    new Promise<T>((resolve, reject) => {
      const run = () => {
        let work: Promise<T>;
        try {
          work = fn();
        } catch (err) {
          work = Promise.reject(err);
        }
        work.then(resolve, reject).finally(() => {
          active--;
          next();
        });
      };
      if (active < concurrency && queue.length === 0) {
        active++;
        run();
        return;
      }
      // Started later, from whichever call ends first: carried in this caller's context.
      const resource = new AsyncResource('ai-limiter');
      queue.push(() => resource.runInAsyncScope(run));
    });
}

export type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };

/** Map items with bounded concurrency; one failure does not cancel the others. */
export async function mapLimited<I, O>(items: readonly I[], concurrency: number, fn: (item: I, index: number) => Promise<O>): Promise<Settled<O>[]> {
  const limit = createLimiter(concurrency);
  return Promise.all(
    items.map((item, i) =>
      limit(() => fn(item, i)).then(
        (value): Settled<O> => ({ ok: true, value }),
        (error: unknown): Settled<O> => ({ ok: false, error }),
      ),
    ),
  );
}
