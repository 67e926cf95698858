import { type ClaimSource, ClaimLoop } from './scheduler-loop';

/** Time passes on Jest's clock: intervals and leases are what these tests are about, so a loaded machine must not stretch them. */
const sleep = (ms: number) => jest.advanceTimersByTimeAsync(ms);

/** A queue of `n` rows whose work takes `workMs`; records the most rows ever in flight and renewals. */
function source(n: number, workMs: number) {
  const rows = Array.from({ length: n }, (_, i) => ({ id: `r${i}` }));
  const state = { inFlight: 0, maxInFlight: 0, done: [] as string[], claims: [] as number[], renewed: [] as string[][] };
  const src: ClaimSource<{ id: string }> = {
    claim: async (limit) => {
      state.claims.push(limit);
      return rows.splice(0, limit);
    },
    renew: async (ids) => void state.renewed.push(ids),
    run: async (row) => {
      state.inFlight++;
      state.maxInFlight = Math.max(state.maxInFlight, state.inFlight);
      await sleep(workMs);
      state.inFlight--;
      state.done.push(row.id);
    },
  };
  return { src, state };
}

describe('ClaimLoop', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('works every row once, never more than `concurrency` at a time, claiming in batches', async () => {
    const { src, state } = source(50, 10);
    const loop = new ClaimLoop('test', src, { pollMs: 20, leaseMs: 60_000, concurrency: 8 }, { warn: () => undefined });
    loop.start();
    const deadline = Date.now() + 5_000;
    while (state.done.length < 50 && Date.now() < deadline) await sleep(10);
    await loop.stop();
    expect(new Set(state.done).size).toBe(50);
    expect(state.done).toHaveLength(50);
    expect(state.maxInFlight).toBeLessThanOrEqual(8);
    // A claim asks for at least a quarter of the slots (never one row per finished publish).
    expect(state.claims.every((limit) => limit >= 2)).toBe(true);
  });

  it('renews the leases of rows in flight, and stop() waits for them', async () => {
    const { src, state } = source(2, 700);
    const loop = new ClaimLoop('test', src, { pollMs: 20, leaseMs: 600, concurrency: 4 }, { warn: () => undefined });
    loop.start();
    await sleep(450);
    await loop.stop();
    expect(state.renewed.length).toBeGreaterThan(0);
    expect(state.renewed[0].sort()).toEqual(['r0', 'r1']);
    expect(state.done.sort()).toEqual(['r0', 'r1']);
  });

  it('holds no lease-renewal timer while idle: an idle loop wakes only for its own sleep (ADR 204)', async () => {
    const { src, state } = source(1, 700);
    src.nextDue = async () => null;
    const loop = new ClaimLoop('test', src, { pollMs: 20, leaseMs: 600, concurrency: 4, idleMaxMs: 10_000 }, { warn: () => undefined });
    loop.start();
    await sleep(300);
    // The row in flight: its work, the renewal interval; the loop waits for a slot or its poll.
    expect(state.renewed.length).toBeGreaterThan(0);
    expect(state.renewed[0]).toEqual(['r0']);
    await sleep(600);
    expect(state.done).toEqual(['r0']);
    const renewals = state.renewed.length;
    // Idle: one timer (the loop's sleep), and no renewal however long it sleeps.
    expect(jest.getTimerCount()).toBe(1);
    await sleep(30_000);
    expect(state.renewed).toHaveLength(renewals);
    await loop.stop();
  });

  it('idle without nextDue: claims less and less often up to idleMaxMs, and at once when woken', async () => {
    const { src, state } = source(0, 1);
    const loop = new ClaimLoop('test', src, { pollMs: 10, leaseMs: 60_000, concurrency: 4, idleMaxMs: 80 }, { warn: () => undefined });
    loop.start();
    await sleep(500);
    // 10, 20, 40, 80, 80 … ms apart: a handful of claims where a fixed 10 ms poll makes about 50.
    expect(state.claims.length).toBeGreaterThanOrEqual(4);
    expect(state.claims.length).toBeLessThanOrEqual(12);
    const before = state.claims.length;
    loop.wake();
    await sleep(5);
    expect(state.claims.length).toBe(before + 1);
    await loop.stop();
  });

  it('idle with nextDue: sleeps until the next row falls due (not a poll interval), or idleMaxMs when none is', async () => {
    const { src, state } = source(0, 1);
    let due: Date | null = null;
    let asked = 0;
    src.nextDue = async () => {
      asked++;
      // A row whose time has come was taken by the claim before.
      return due && due.getTime() > Date.now() ? due : null;
    };
    const loop = new ClaimLoop('test', src, { pollMs: 10, leaseMs: 60_000, concurrency: 4, idleMaxMs: 10_000 }, { warn: () => undefined });
    loop.start();
    await sleep(300);
    // Nothing due: one claim, then a sleep of idleMaxMs (a 10 ms poll would have claimed ~30 times).
    expect(state.claims.length).toBe(1);
    expect(asked).toBe(1);
    due = new Date(Date.now() + 100);
    loop.wake();
    await sleep(50);
    expect(state.claims.length).toBe(2);
    await sleep(150);
    // Woken by the due time it learnt on wake().
    expect(state.claims.length).toBe(3);
    await loop.stop();
  });
});
