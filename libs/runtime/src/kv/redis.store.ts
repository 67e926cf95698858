import Redis from 'ioredis';
import type { GateAnswer, KeyValueStore } from './key-value.store';

// INCR and set the expiry on the first increment, atomically, and report the time left.
const INCREMENT = `
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
return {n, ttl}`;

// With ARGV[2] = 'required', KEYS[2] must exist, else answer 2 (and look at nothing else).
// KEYS[1] present (a revoked session): answer 1 and count nothing; else INCREMENT each counter
// (KEYS[2..], or KEYS[3..] after a required key).
const INCREMENT_UNLESS = `
local first = 2
if ARGV[2] == 'required' then
  if redis.call('EXISTS', KEYS[2]) == 0 then return {2} end
  first = 3
end
if redis.call('EXISTS', KEYS[1]) == 1 then return {1} end
local out = {0}
for i = first, #KEYS do
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

  async incrementUnless(unlessKey: string, counters: readonly string[], ttlMs: number, requireKey?: string): Promise<GateAnswer> {
    const keys = [unlessKey, ...(requireKey === undefined ? [] : [requireKey]), ...counters].map((k) => this.prefix + k);
    const out = await this.redis.mtIncrementUnless(keys.length, ...keys, String(ttlMs), requireKey === undefined ? '' : 'required');
    if (out[0] === 2) return { present: false, counts: [], requiredMissing: true };
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

  /**
   * QUIT lets the server close the connection. `disconnect()` ends the socket and arms a 2 s timer
   * (ioredis) that holds the process until the socket closes; it stays the way out when the server
   * is not there or does not answer within a second.
   */
  async close(): Promise<void> {
    if (this.redis.status !== 'ready') return this.redis.disconnect();
    let timer: NodeJS.Timeout | undefined;
    const slow = new Promise<'slow'>((r) => (timer = setTimeout(() => r('slow'), 1_000).unref()));
    const answer = await Promise.race([this.redis.quit().catch(() => 'failed' as const), slow]);
    clearTimeout(timer);
    if (answer !== 'OK') this.redis.disconnect();
  }
}
