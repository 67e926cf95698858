import { type ClaimSource, ClaimLoop } from './scheduler-loop';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

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
});
