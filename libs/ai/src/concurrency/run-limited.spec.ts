import { createLimiter, mapLimited } from './run-limited';

describe('bounded concurrency', () => {
  it('never runs more than the limit at once and keeps input order', async () => {
    let active = 0;
    let peak = 0;
    const results = await mapLimited([5, 1, 4, 2, 3, 0, 2, 1], 3, async (ms, i) => {
      active++;
      peak = Math.max(peak, active);
      await new Promise((r) => setTimeout(r, ms));
      active--;
      return i;
    });
    expect(peak).toBe(3);
    expect(results.map((r) => (r.ok ? r.value : -1))).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it('reports failures without stopping the others', async () => {
    const results = await mapLimited([1, 2, 3], 2, async (n) => {
      if (n === 2) throw new Error('two');
      return n;
    });
    expect(results).toEqual([
      { ok: true, value: 1 },
      { ok: false, error: new Error('two') },
      { ok: true, value: 3 },
    ]);
  });

  it('rejects a nonsensical limit', () => {
    expect(() => createLimiter(0)).toThrow(RangeError);
  });
});
