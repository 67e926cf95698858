/** What a claim loop needs from its queue table. */
export interface ClaimSource<T extends { id: string }> {
  /** Claims up to `limit` due rows for this instance (one short transaction, SKIP LOCKED). */
  claim(limit: number): Promise<T[]>;
  /** Extends the leases of rows this instance still works on. */
  renew(ids: string[]): Promise<void>;
  /** Works one claimed row outside any transaction; must settle it (or leave it to its lease). */
  run(row: T): Promise<void>;
  /** When the next row falls due (so an idle loop wakes at that moment rather than at its next poll). */
  nextDue?(): Promise<Date | null>;
}

export interface LoopLogger {
  warn(msg: string, meta?: Record<string, unknown>): void;
}

/**
 * Keeps up to `concurrency` claimed rows in flight: claims as slots free up, sleeps `pollMs` when
 * nothing is due (or until woken), and renews the leases of rows in flight every third of the
 * lease, so only a dead instance's rows are ever reclaimed.
 */
export class ClaimLoop<T extends { id: string }> {
  private running = false;
  private readonly inFlight = new Map<string, Promise<void>>();
  private wakeUp: (() => void) | null = null;
  /** Without nextDue: the current idle wait, doubled by each empty claim, reset by work or wake(). */
  private idleMs = 0;
  private loopDone: Promise<void> | null = null;
  private renewTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly name: string,
    private readonly source: ClaimSource<T>,
    private readonly opts: {
      pollMs: number;
      leaseMs: number;
      concurrency: number;
      /**
       * The longest an idle loop sleeps (ADR 112). With `nextDue` it sleeps until the next row falls
       * due, at most this long, and relies on wake() for rows added meanwhile; without it, each
       * empty claim doubles the wait from pollMs up to this. Unset: pollMs (no backing off).
       */
      idleMaxMs?: number;
    },
    private readonly logger: LoopLogger,
  ) {}

  private get batchMin(): number {
    return Math.max(1, Math.floor(this.opts.concurrency / 4));
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loopDone = this.loop();
  }

  /** Looks for due rows now instead of at the next poll. */
  wake(): void {
    this.idleMs = 0;
    this.wakeUp?.();
  }

  /** Stops claiming and waits (up to `graceMs`) for the rows in flight; the rest return through their leases. */
  async stop(graceMs = 10_000): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.wake();
    await this.loopDone;
    const pending = Promise.allSettled([...this.inFlight.values()]);
    await Promise.race([pending, new Promise((r) => setTimeout(r, graceMs).unref())]);
    this.stopRenewing();
  }

  /**
   * Leases are renewed only while rows are in flight: an idle loop has no timer but its sleep
   * (ADR 204; the renewal interval woke an idle process six times a minute per loop for nothing).
   */
  private startRenewing(): void {
    if (this.renewTimer) return;
    this.renewTimer = setInterval(() => void this.renewLeases(), Math.max(200, Math.floor(this.opts.leaseMs / 3)));
    this.renewTimer.unref();
  }

  private stopRenewing(): void {
    if (this.renewTimer) clearInterval(this.renewTimer);
    this.renewTimer = null;
  }

  private async loop(): Promise<void> {
    while (this.running) {
      const free = this.opts.concurrency - this.inFlight.size;
      let claimed: T[] = [];
      // Claim in batches (a quarter of the slots at least) rather than one row per finished publish.
      if (free > 0 && (free >= this.batchMin || this.inFlight.size === 0)) {
        try {
          claimed = await this.source.claim(free);
        } catch (err) {
          if (this.running) this.logger.warn(`${this.name}: claim failed`, { error: (err as Error).message });
        }
        for (const row of claimed) this.track(row);
        if (claimed.length > 0) this.idleMs = 0;
      }
      // A full batch means more may be due: claim again as soon as enough slots free up.
      if (claimed.length > 0 && claimed.length === free) {
        await this.sleep(0, true);
      } else if (free > 0 && free < this.batchMin && this.inFlight.size > 0) {
        await this.sleep(this.opts.pollMs, true);
      } else {
        await this.sleep(await this.idleWait(), false);
      }
    }
  }

  /** The poll interval, or less when a row falls due sooner (items are taken at their time, not up to a poll late). */
  private async idleWait(): Promise<number> {
    const max = Math.max(this.opts.pollMs, this.opts.idleMaxMs ?? this.opts.pollMs);
    if (!this.running) return this.opts.pollMs;
    if (!this.source.nextDue) {
      this.idleMs = this.idleMs === 0 ? this.opts.pollMs : Math.min(max, this.idleMs * 2);
      return this.idleMs;
    }
    try {
      const next = await this.source.nextDue();
      // At least 20 ms: a row due but locked by another instance's claim must not make this loop spin.
      return next ? Math.max(20, Math.min(max, next.getTime() - Date.now())) : max;
    } catch {
      return this.opts.pollMs;
    }
  }

  private track(row: T): void {
    const work = this.source
      .run(row)
      .catch((err) => this.logger.warn(`${this.name}: run failed`, { id: row.id, error: (err as Error).message }))
      .finally(() => {
        this.inFlight.delete(row.id);
        if (this.inFlight.size === 0) this.stopRenewing();
        if (this.opts.concurrency - this.inFlight.size >= this.batchMin) this.wake();
      });
    this.inFlight.set(row.id, work);
    this.startRenewing();
  }

  /** Waits `ms`, or (when `untilSlot`) until a row in flight finishes; wake() ends it early. */
  private sleep(ms: number, untilSlot: boolean): Promise<void> {
    if (!this.running) return Promise.resolve();
    return new Promise<void>((resolve) => {
      let timer: NodeJS.Timeout | null = null;
      const done = () => {
        if (timer) clearTimeout(timer);
        this.wakeUp = null;
        resolve();
      };
      this.wakeUp = done;
      if (untilSlot) {
        if (this.opts.concurrency - this.inFlight.size >= this.batchMin) setImmediate(done);
        else if (ms > 0) timer = setTimeout(done, ms);
      } else {
        timer = setTimeout(done, ms);
      }
    });
  }

  private async renewLeases(): Promise<void> {
    const ids = [...this.inFlight.keys()];
    if (ids.length === 0) return;
    try {
      await this.source.renew(ids);
    } catch (err) {
      this.logger.warn(`${this.name}: lease renewal failed`, { error: (err as Error).message });
    }
  }
}
