import { AsyncLocalStorage } from 'node:async_hooks';
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

  it("runs a call that waited for a slot in its own caller's context, not in that of the call it waited for", async () => {
    // The context an agent's message is handled in: its trace, its log scope.
    const caller = new AsyncLocalStorage<string>();
    const limit = createLimiter(1);
    const seen: (string | undefined)[] = [];
    const call = (name: string) =>
      caller.run(name, () =>
        limit(async () => {
          seen.push(caller.getStore());
          await new Promise((r) => setTimeout(r, 5));
          seen.push(caller.getStore());
        }),
      );
    await Promise.all([call('first'), call('second'), call('third')]);
    expect(seen).toEqual(['first', 'first', 'second', 'second', 'third', 'third']);
  });

  it('turns a call that throws at once into its rejection, and goes on with the next', async () => {
    const limit = createLimiter(1);
    const failed = limit(() => {
      throw new Error('at once');
    });
    const after = limit(async () => 'next');
    await expect(failed).rejects.toThrow('at once');
    await expect(after).resolves.toBe('next');
  });

  it('rejects a nonsensical limit', () => {
    expect(() => createLimiter(0)).toThrow(RangeError);
  });
});
