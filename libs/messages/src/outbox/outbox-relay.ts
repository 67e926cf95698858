import type { Span } from '@opentelemetry/api';
import type { BrokerPort } from '../broker/broker.port';
import type { MessageStore, OutboxRow } from '../store/message.store';
import { endSpan, type MessagingSystem, publishedHeaders, recordFailure, startRelaySpan } from '../tracing/mesh-tracing';

export interface OutboxRelayOptions {
  batchSize: number;
  /**
   * Rows younger than this are left to the fast path of the process that committed them; the
   * poller takes them after it (a crash, a broker outage, another replica's rows).
   */
  graceMs?: number;
  /** Safety net for rows left by a crashed process or written while the broker was down. */
  pollIntervalMs: number;
  /**
   * Each poll that finds nothing doubles the wait before the next one, up to this (ADR 112): an
   * idle agent's relay stops querying its outbox every second. A poll that publishes rows, and any
   * failure (of a poll or of the fast path), brings the wait back to pollIntervalMs. Unset: no
   * backing off.
   */
  idleMaxMs?: number;
  onError?: (err: unknown) => void;
  /** For the spans of what it publishes. */
  system?: MessagingSystem;
  /** The app whose outbox this is (the service its spans are shown under). */
  app?: string;
}

/**
 * Publishes committed outbox rows, two ways:
 * - fast path: right after a commit, the rows it wrote are published from memory (confirmed) and
 *   marked published by message id — no second read of the rows, and one UPDATE for the commits
 *   published while the previous one ran;
 * - poller: rows still unpublished after a grace period (the process died, the broker was down)
 *   are claimed with FOR UPDATE SKIP LOCKED, published with confirms and marked in the same
 *   transaction.
 * A crash between confirm and mark, or a poller racing a slow fast path, publishes a row twice;
 * consumers drop the copy by message id.
 */
export class OutboxRelay {
  private running: Promise<void> | null = null;
  private again = false;
  private timer: NodeJS.Timeout | null = null;
  /** Until start(), commits do not trigger publishing (a sender-less process, or one not started yet). */
  private stopped = true;
  private readonly inFlight = new Set<Promise<unknown>>();
  /** The first drain after start takes every unpublished row, young or not. */
  private fresh = true;
  /** The wait before the next poll: pollIntervalMs, growing while polls find nothing. */
  private delayMs: number;
  /** Fast-path rows published and waiting for their mark, with the commit waiting on each. */
  private readonly marks: { messageIds: string[]; resolve: () => void; reject: (err: unknown) => void }[] = [];
  private marking = false;

  constructor(
    private readonly store: MessageStore,
    private readonly broker: BrokerPort,
    private readonly options: OutboxRelayOptions,
  ) {
    this.delayMs = options.pollIntervalMs;
  }

  start(): void {
    this.stopped = false;
    this.fresh = true;
    this.delayMs = this.options.pollIntervalMs;
    this.kick();
  }

  /** The next poll, `delayMs` from now (one timer at a time; none once stopped). */
  private schedule(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.kick();
    }, this.delayMs);
    this.timer.unref();
  }

  /** After a poll: back to the short interval when it found work or failed, else wait longer. */
  private settleDelay(published: number | 'failed'): void {
    const base = this.options.pollIntervalMs;
    const max = Math.max(base, this.options.idleMaxMs ?? base);
    this.delayMs = published === 'failed' || published > 0 ? base : Math.min(max, this.delayMs * 2);
  }

  /** The fast path: publishes the rows a commit just wrote. Failures leave them to the poller. */
  publishCommitted(rows: OutboxRow[]): void {
    if (this.stopped || rows.length === 0) return;
    const work = this.publishRows(rows)
      .then(() => this.mark(rows.map((r) => r.messageId)))
      .catch((err) => {
        this.options.onError?.(err);
        // The rows wait for the poller: poll at the short interval again.
        if (this.delayMs > this.options.pollIntervalMs) {
          this.delayMs = this.options.pollIntervalMs;
          if (!this.running) this.schedule();
        }
      })
      .finally(() => this.inFlight.delete(work));
    this.inFlight.add(work);
  }

  /**
   * Marks fast-path rows published. Commits published while a mark is running wait and share the
   * next one: one UPDATE for all of them instead of one each (ADR 221). A failed UPDATE fails every
   * commit that shared it; their rows stay unpublished for the poller, which may publish them again
   * (consumers drop the copies by message id, as after a crash between confirm and mark).
   */
  private mark(messageIds: string[]): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.marks.push({ messageIds, resolve, reject });
      if (!this.marking) void this.markWaiting();
    });
  }

  private async markWaiting(): Promise<void> {
    this.marking = true;
    while (this.marks.length > 0) {
      const batch = this.marks.splice(0);
      try {
        await this.store.markPublishedByMessageId(batch.flatMap((b) => b.messageIds));
        for (const b of batch) b.resolve();
      } catch (err) {
        for (const b of batch) b.reject(err);
      }
    }
    this.marking = false;
  }

  /** Asks the poller for a drain now. */
  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.drain().then((published) => {
      this.running = null;
      this.settleDelay(published);
      this.schedule();
    });
  }

  /** Resolves once everything committed so far has been published (or publishing failed this round). */
  async flush(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
    while (this.running) await this.running;
    this.kick();
    while (this.running) await this.running;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
    while (this.running) await this.running;
  }

  /**
   * The rows, each confirmed, in its send span (parented on the traceparent stored with the row).
   * The spans are started one after another, then the rows published (ADR 240). Async: a failure
   * to start a span rejects, as a failed publish does.
   */
  private async publishRows(rows: OutboxRow[]): Promise<void[]> {
    const system = this.options.system ?? 'in_process';
    const spans = rows.map((r) => startRelaySpan(r, system, this.options.app));
    return Promise.all(rows.map((r, i) => this.publishRow(r, spans[i])));
  }

  private async publishRow(r: OutboxRow, span: Span | undefined): Promise<void> {
    try {
      await this.broker.publish(r.exchange, r.routingKey, {
        body: Buffer.from(r.envelope),
        messageId: r.messageId,
        headers: publishedHeaders(r.headers),
        persistent: true,
      });
    } catch (err) {
      recordFailure(span, 'error', { code: 'PUBLISH_FAILED', message: (err as Error).message });
      throw err;
    } finally {
      endSpan(span);
    }
  }

  /** Publishes until a batch comes back short; answers how many rows it published, or 'failed'. */
  private async drain(): Promise<number | 'failed'> {
    let published = 0;
    try {
      for (;;) {
        this.again = false;
        const n = await this.publishBatch();
        published += n;
        if (n < this.options.batchSize && !this.again) return published;
        if (this.stopped) return published;
      }
    } catch (err) {
      // Rows stay unpublished; the next poll tries again once the broker is back.
      this.options.onError?.(err);
      return 'failed';
    }
  }

  private async publishBatch(): Promise<number> {
    return this.store.dataSource.transaction(async (em) => {
      const rows = await this.store.claimUnpublished(em, this.options.batchSize, this.fresh ? 0 : (this.options.graceMs ?? 2_000));
      this.fresh = false;
      if (rows.length === 0) return 0;
      await this.publishRows(rows);
      await this.store.markPublished(
        em,
        rows.map((r) => r.id),
      );
      return rows.length;
    });
  }
}
