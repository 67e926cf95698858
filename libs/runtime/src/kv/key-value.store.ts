/**
 * The key-value store behind rate limits and HTTP idempotency: Redis in production (shared by
 * gateway replicas), memory in the embedded mode.
 */
/** What `incrementUnless` answers. */
export interface GateAnswer {
  present: boolean;
  counts: { count: number; ttlMs: number }[];
  /** The `requireKey` was absent: nothing was checked or counted. */
  requiredMissing?: boolean;
}

export interface KeyValueStore {
  /** Adds one to a counter that expires ttlMs after its first increment; returns the count and the ms left. */
  increment(key: string, ttlMs: number): Promise<{ count: number; ttlMs: number }>;
  /**
   * One round trip for the gate of an authenticated request: whether `unlessKey` exists (a revoked
   * session) and, only when it does not, `increment` of each counter (the request's rate limits).
   * With `requireKey`, that key must exist too (the marker that the store holds a copy it was
   * given): when it does not, the answer is `requiredMissing` and nothing is looked at or counted —
   * so a store that was flushed or restarted cannot answer "not revoked" from an empty copy.
   */
  incrementUnless(unlessKey: string, counters: readonly string[], ttlMs: number, requireKey?: string): Promise<GateAnswer>;
  get(key: string): Promise<string | null>;
  /** Sets the value; with onlyIfAbsent, only when the key does not exist (returns false if it did). */
  set(key: string, value: string, ttlMs: number, onlyIfAbsent?: boolean): Promise<boolean>;
  delete(key: string): Promise<void>;
  ping(): Promise<boolean>;
  close(): Promise<void>;
}
