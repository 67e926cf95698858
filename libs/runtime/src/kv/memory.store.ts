import type { GateAnswer, KeyValueStore } from './key-value.store';

/** One process's store: correct for the embedded mode, where there is one gateway. */
export class MemoryKeyValueStore implements KeyValueStore {
  private readonly data = new Map<string, { value: string; expiresAt: number }>();
  private readonly sweeper: NodeJS.Timeout;

  constructor() {
    this.sweeper = setInterval(() => this.sweep(), 30_000);
    this.sweeper.unref();
  }

  async increment(key: string, ttlMs: number): Promise<{ count: number; ttlMs: number }> {
    const now = Date.now();
    const cur = this.live(key, now);
    const entry = cur ?? { value: '0', expiresAt: now + ttlMs };
    entry.value = String(Number(entry.value) + 1);
    this.data.set(key, entry);
    return { count: Number(entry.value), ttlMs: entry.expiresAt - now };
  }

  async incrementUnless(unlessKey: string, counters: readonly string[], ttlMs: number, requireKey?: string): Promise<GateAnswer> {
    if (requireKey !== undefined && !this.live(requireKey, Date.now())) return { present: false, counts: [], requiredMissing: true };
    if (this.live(unlessKey, Date.now())) return { present: true, counts: [] };
    return { present: false, counts: await Promise.all(counters.map((c) => this.increment(c, ttlMs))) };
  }

  async get(key: string): Promise<string | null> {
    return this.live(key, Date.now())?.value ?? null;
  }

  async set(key: string, value: string, ttlMs: number, onlyIfAbsent = false): Promise<boolean> {
    const now = Date.now();
    if (onlyIfAbsent && this.live(key, now)) return false;
    this.data.set(key, { value, expiresAt: now + ttlMs });
    return true;
  }

  async delete(key: string): Promise<void> {
    this.data.delete(key);
  }

  async ping(): Promise<boolean> {
    return true;
  }

  async close(): Promise<void> {
    clearInterval(this.sweeper);
  }

  private live(key: string, now: number) {
    const e = this.data.get(key);
    if (!e) return undefined;
    if (e.expiresAt <= now) {
      this.data.delete(key);
      return undefined;
    }
    return e;
  }

  private sweep() {
    const now = Date.now();
    for (const [k, e] of this.data) if (e.expiresAt <= now) this.data.delete(k);
  }
}
