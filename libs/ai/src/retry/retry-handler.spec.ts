import { AiError } from '../errors';
import { backoffDelay, withRetry } from './retry-handler';

const policy = { maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 1000 };

describe('backoffDelay', () => {
  it('grows exponentially with jitter in [half, full] and stops at the cap', () => {
    expect(backoffDelay(1, policy, undefined, () => 0)).toBe(50);
    expect(backoffDelay(1, policy, undefined, () => 1)).toBe(100);
    expect(backoffDelay(3, policy, undefined, () => 1)).toBe(400);
    expect(backoffDelay(10, policy, undefined, () => 1)).toBe(1000);
  });

  it('waits at least as long as Retry-After asks', () => {
    expect(backoffDelay(1, policy, 3000, () => 0.5)).toBe(3000);
  });
});

describe('withRetry', () => {
  const run = (errors: AiError[]) => {
    const sleeps: number[] = [];
    const seen: (string | undefined)[] = [];
    let n = 0;
    const result = withRetry(
      policy,
      async (attempt, previous) => {
        seen.push(previous?.code);
        n = attempt;
        const e = errors.shift();
        if (e) throw e;
        return 'ok';
      },
      { sleep: async (ms) => void sleeps.push(ms), random: () => 1 },
    );
    return { result, sleeps, seen, attempts: () => n };
  };

  it('retries retryable errors and passes the previous error to the next attempt', async () => {
    const r = run([new AiError('AI_PROVIDER_ERROR', '500'), new AiError('AI_INVALID_OUTPUT', 'bad', { problems: ['x'] })]);
    await expect(r.result).resolves.toBe('ok');
    expect(r.seen).toEqual([undefined, 'AI_PROVIDER_ERROR', 'AI_INVALID_OUTPUT']);
    expect(r.sleeps).toEqual([100, 200]);
  });

  it('fails at once on a non-retryable error', async () => {
    const r = run([new AiError('AI_AUTH_FAILED', '401')]);
    await expect(r.result).rejects.toMatchObject({ code: 'AI_AUTH_FAILED', retryable: false });
    expect(r.attempts()).toBe(1);
    expect(r.sleeps).toEqual([]);
  });

  it('gives up after maxAttempts with the last error', async () => {
    const r = run([1, 2, 3, 4, 5].map((i) => new AiError('AI_TIMEOUT', `t${i}`)));
    await expect(r.result).rejects.toMatchObject({ code: 'AI_TIMEOUT', message: 't4' });
    expect(r.attempts()).toBe(4);
  });

  it('rethrows programming errors without retrying', async () => {
    let calls = 0;
    await expect(
      withRetry(policy, async () => {
        calls++;
        throw new TypeError('bug');
      }),
    ).rejects.toThrow(TypeError);
    expect(calls).toBe(1);
  });
});
