/** How long a medium's bytes are kept after the last publish that read them. */
const KEEP_MS = 30_000;
/** The most kept at once, and the largest medium kept (a video is read afresh each time). */
const MAX_TOTAL_BYTES = 64 * 1024 * 1024;
const MAX_ONE_BYTES = 16 * 1024 * 1024;

interface Kept {
  bytes: Promise<Buffer | null>;
  size: number;
  until: number;
}

/**
 * The bytes of media read for recent publishes, by storage key: a burst of posts carrying the
 * same image (a campaign due at one minute, one target per channel) reads the file once and
 * shares one Buffer, rather than a copy per publish (docs/adr/206-media-publish-cost.md). A
 * storage key names one upload (`<brandId>/<mediaId>`) whose bytes are written once and never
 * changed, so a kept copy cannot go stale; the caller reads the medium's row first, so a deleted
 * medium is never served from here. Bounded by MAX_TOTAL_BYTES, and empty KEEP_MS after the burst.
 */
export class RecentMediaBytes {
  private readonly kept = new Map<string, Kept>();
  private total = 0;
  private sweep: NodeJS.Timeout | null = null;

  constructor(private readonly now: () => number = Date.now) {}

  /** The bytes under `key` (`size` as the medium's row records it), read by `read` unless kept. */
  get(key: string, size: number, read: () => Promise<Buffer | null>): Promise<Buffer | null> {
    const now = this.now();
    const hit = this.kept.get(key);
    if (hit && hit.until > now) {
      hit.until = now + KEEP_MS;
      // Most recently used last, so eviction takes the oldest first.
      this.kept.delete(key);
      this.kept.set(key, hit);
      return hit.bytes;
    }
    if (hit) this.drop(key);
    if (size > MAX_ONE_BYTES) return read();
    const entry: Kept = { bytes: read(), size, until: now + KEEP_MS };
    this.kept.set(key, entry);
    this.total += size;
    entry.bytes.then(
      (b) => {
        if (b === null && this.kept.get(key) === entry) this.drop(key);
      },
      () => {
        if (this.kept.get(key) === entry) this.drop(key);
      },
    );
    for (const [k] of this.kept) {
      if (this.total <= MAX_TOTAL_BYTES) break;
      this.drop(k);
    }
    this.armSweep();
    return entry.bytes;
  }

  /** Bytes kept now (for tests and metrics). */
  size(): number {
    return this.total;
  }

  clear(): void {
    for (const k of [...this.kept.keys()]) this.drop(k);
  }

  private drop(key: string): void {
    const e = this.kept.get(key);
    if (!e) return;
    this.kept.delete(key);
    this.total -= e.size;
    if (this.kept.size === 0 && this.sweep) {
      clearTimeout(this.sweep);
      this.sweep = null;
    }
  }

  /**
   * One timer while anything is kept (none while idle), due when the least recently used entry
   * expires, unref'd so it never holds the process.
   */
  private armSweep(delayMs = KEEP_MS): void {
    if (this.sweep) return;
    this.sweep = setTimeout(() => {
      this.sweep = null;
      const now = this.now();
      for (const [k, e] of [...this.kept]) if (e.until <= now) this.drop(k);
      // Kept in order of use: the first entry is the next to expire.
      const next = this.kept.values().next();
      if (!next.done) this.armSweep(Math.max(1, next.value.until - now));
    }, delayMs);
    this.sweep.unref();
  }
}
