import Redis from 'ioredis';
import type { KeyValueStore } from './key-value.store';

// INCR and set the expiry on the first increment, atomically, and report the time left.
const INCREMENT = `
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
return {n, ttl}`;

export class RedisKeyValueStore implements KeyValueStore {
  private readonly redis: Redis;

  constructor(url: string, private readonly prefix = 'mt:') {
    this.redis = new Redis(url, { maxRetriesPerRequest: 2, enableOfflineQueue: true, lazyConnect: false });
    this.redis.on('error', () => undefined); // reconnects by itself; readiness reports it
  }

  async increment(key: string, ttlMs: number): Promise<{ count: number; ttlMs: number }> {
    const [count, ttl] = (await this.redis.eval(INCREMENT, 1, this.prefix + key, String(ttlMs))) as [number, number];
    return { count, ttlMs: ttl < 0 ? ttlMs : ttl };
  }

  async get(key: string): Promise<string | null> {
    return this.redis.get(this.prefix + key);
  }

  async set(key: string, value: string, ttlMs: number, onlyIfAbsent = false): Promise<boolean> {
    const r = onlyIfAbsent
      ? await this.redis.set(this.prefix + key, value, 'PX', ttlMs, 'NX')
      : await this.redis.set(this.prefix + key, value, 'PX', ttlMs);
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
