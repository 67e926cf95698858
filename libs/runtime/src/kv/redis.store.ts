import Redis from 'ioredis';
import type { KeyValueStore } from './key-value.store';

// INCR and set the expiry on the first increment, atomically, and report the time left.
const INCREMENT = `
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
return {n, ttl}`;

// KEYS[1] present (a revoked session): answer 1 and count nothing; else INCREMENT each of KEYS[2..].
const INCREMENT_UNLESS = `
if redis.call('EXISTS', KEYS[1]) == 1 then return {1} end
local out = {0}
for i = 2, #KEYS do
  local n = redis.call('INCR', KEYS[i])
  if n == 1 then redis.call('PEXPIRE', KEYS[i], ARGV[1]) end
  out[#out + 1] = n
  out[#out + 1] = redis.call('PTTL', KEYS[i])
end
return out`;

/** The scripts, sent once and then called by their SHA1 (EVALSHA): EVAL would send and hash the source on every request. */
type ScriptedRedis = Redis & {
  mtIncrement(key: string, ttlMs: string): Promise<[number, number]>;
  mtIncrementUnless(numKeys: number, ...args: string[]): Promise<number[]>;
};

export class RedisKeyValueStore implements KeyValueStore {
  private readonly redis: ScriptedRedis;

  constructor(
    url: string,
    private readonly prefix = 'mt:',
  ) {
    const redis = new Redis(url, { maxRetriesPerRequest: 2, enableOfflineQueue: true, lazyConnect: false });
    redis.defineCommand('mtIncrement', { numberOfKeys: 1, lua: INCREMENT });
    redis.defineCommand('mtIncrementUnless', { lua: INCREMENT_UNLESS });
    redis.on('error', () => undefined); // reconnects by itself; readiness reports it
    this.redis = redis as ScriptedRedis;
  }

  async increment(key: string, ttlMs: number): Promise<{ count: number; ttlMs: number }> {
    const [count, ttl] = await this.redis.mtIncrement(this.prefix + key, String(ttlMs));
    return { count, ttlMs: ttl < 0 ? ttlMs : ttl };
  }

  async incrementUnless(
    unlessKey: string,
    counters: readonly string[],
    ttlMs: number,
  ): Promise<{ present: boolean; counts: { count: number; ttlMs: number }[] }> {
    const keys = [unlessKey, ...counters].map((k) => this.prefix + k);
    const out = await this.redis.mtIncrementUnless(keys.length, ...keys, String(ttlMs));
    if (out[0] === 1) return { present: true, counts: [] };
    const counts: { count: number; ttlMs: number }[] = [];
    for (let i = 1; i < out.length; i += 2) counts.push({ count: out[i], ttlMs: out[i + 1] < 0 ? ttlMs : out[i + 1] });
    return { present: false, counts };
  }

  async get(key: string): Promise<string | null> {
    return this.redis.get(this.prefix + key);
  }

  async set(key: string, value: string, ttlMs: number, onlyIfAbsent = false): Promise<boolean> {
    const r = onlyIfAbsent ? await this.redis.set(this.prefix + key, value, 'PX', ttlMs, 'NX') : await this.redis.set(this.prefix + key, value, 'PX', ttlMs);
    return r === 'OK';
  }

  async delete(key: string): Promise<void> {
    await this.redis.del(this.prefix + key);
  }

  async ping(): Promise<boolean> {
    try {
      return (await this.redis.ping()) === 'PONG';
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    this.redis.disconnect();
  }
}
