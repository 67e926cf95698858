/**
 * The key-value store behind rate limits and HTTP idempotency: Redis in production (shared by
 * gateway replicas), memory in the embedded mode.
 */
export interface KeyValueStore {
  /** Adds one to a counter that expires ttlMs after its first increment; returns the count and the ms left. */
  increment(key: string, ttlMs: number): Promise<{ count: number; ttlMs: number }>;
  /**
   * One round trip for the gate of an authenticated request: whether `unlessKey` exists (a revoked
   * session) and, only when it does not, `increment` of each counter (the request's rate limits).
   */
  incrementUnless(unlessKey: string, counters: readonly string[], ttlMs: number): Promise<{ present: boolean; counts: { count: number; ttlMs: number }[] }>;
  get(key: string): Promise<string | null>;
  /** Sets the value; with onlyIfAbsent, only when the key does not exist (returns false if it did). */
  set(key: string, value: string, ttlMs: number, onlyIfAbsent?: boolean): Promise<boolean>;
  delete(key: string): Promise<void>;
  ping(): Promise<boolean>;
  close(): Promise<void>;
}
