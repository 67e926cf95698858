import { randomBytes } from 'node:crypto';
import type { KeyValueStore } from './key-value.store';
import { MemoryKeyValueStore } from './memory.store';
import { RedisKeyValueStore } from './redis.store';

const stores: [string, () => KeyValueStore][] = [
  ['memory', () => new MemoryKeyValueStore()],
  ['redis', () => new RedisKeyValueStore(process.env.MT_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379', `mt-test:${randomBytes(4).toString('hex')}:`)],
];

describe.each(stores)('key-value store (%s)', (_name, make) => {
  let kv: KeyValueStore;
  beforeEach(() => {
    kv = make();
  });
  afterEach(async () => {
    await kv.close();
  });

  it('counts within a window that expires', async () => {
    expect((await kv.increment('hits', 200)).count).toBe(1);
    const second = await kv.increment('hits', 200);
    expect(second.count).toBe(2);
    expect(second.ttlMs).toBeGreaterThan(0);
    expect(second.ttlMs).toBeLessThanOrEqual(200);
    await new Promise((r) => setTimeout(r, 250));
    expect((await kv.increment('hits', 200)).count).toBe(1);
  });

  it('claims a key only once with onlyIfAbsent', async () => {
    expect(await kv.set('claim', 'a', 5_000, true)).toBe(true);
    expect(await kv.set('claim', 'b', 5_000, true)).toBe(false);
    expect(await kv.get('claim')).toBe('a');
    await kv.delete('claim');
    expect(await kv.get('claim')).toBeNull();
    expect(await kv.ping()).toBe(true);
  });

  it('counts a request in one round trip unless its session is revoked, and then counts nothing', async () => {
    const first = await kv.incrementUnless('revoked:s1', ['rl:user:u1', 'rl:ai:u1'], 5_000);
    expect(first.present).toBe(false);
    expect(first.counts.map((c) => c.count)).toEqual([1, 1]);
    expect(first.counts.every((c) => c.ttlMs > 0 && c.ttlMs <= 5_000)).toBe(true);
    expect((await kv.incrementUnless('revoked:s1', ['rl:user:u1'], 5_000)).counts.map((c) => c.count)).toEqual([2]);
    await kv.set('revoked:s1', '1', 5_000);
    expect(await kv.incrementUnless('revoked:s1', ['rl:user:u1'], 5_000)).toEqual({ present: true, counts: [] });
    // The refused request was not counted.
    expect((await kv.increment('rl:user:u1', 5_000)).count).toBe(3);
  });

  it('with a required key, answers that it is missing and neither looks nor counts until it is there', async () => {
    await kv.set('revoked:s2', '1', 5_000);
    expect(await kv.incrementUnless('revoked:s9', ['rl:user:u2'], 5_000, 'loaded')).toEqual({ present: false, counts: [], requiredMissing: true });
    expect(await kv.incrementUnless('revoked:s2', ['rl:user:u2'], 5_000, 'loaded')).toEqual({ present: false, counts: [], requiredMissing: true });
    await kv.set('loaded', '1', 5_000);
    expect(await kv.incrementUnless('revoked:s2', ['rl:user:u2'], 5_000, 'loaded')).toEqual({ present: true, counts: [] });
    expect((await kv.incrementUnless('revoked:s9', ['rl:user:u2'], 5_000, 'loaded')).counts.map((c) => c.count)).toEqual([1]);
  });
});
