import type { BrokerPort } from '../broker/broker.port';
import type { MessageStore, OutboxRow } from '../store/message.store';
import { endSpan, type MessagingSystem, recordFailure, startRelaySpan } from '../tracing/mesh-tracing';

export interface OutboxRelayOptions {
  batchSize: number;
  /**
   * Rows younger than this are left to the fast path of the process that committed them; the
   * poller takes them after it (a crash, a broker outage, another replica's rows).
   */
  graceMs?: number;
  /** Safety net for rows left by a crashed process or written while the broker was down. */
  pollIntervalMs: number;
  onError?: (err: unknown) => void;
  /** For the spans of what it publishes. */
  system?: MessagingSystem;
  /** The app whose outbox this is (the service its spans are shown under). */
  app?: string;
}

/**
 * Publishes committed outbox rows, two ways:
 * - fast path: right after a commit, the rows it wrote are published from memory (confirmed) and
 *   marked published by message id — no second read of the rows;
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

  constructor(
    private readonly store: MessageStore,
    private readonly broker: BrokerPort,
    private readonly options: OutboxRelayOptions,
  ) {}

  start(): void {
    this.stopped = false;
    this.fresh = true;
    this.timer = setInterval(() => this.kick(), this.options.pollIntervalMs);
    this.timer.unref();
    this.kick();
  }

  /** The fast path: publishes the rows a commit just wrote. Failures leave them to the poller. */
  publishCommitted(rows: OutboxRow[]): void {
    if (this.stopped || rows.length === 0) return;
    const work = Promise.all(
rows.map((r) => this.publishRow(r)))
      .then(() => this.store.markPublishedByMessageId(rows.map((r) => r.messageId)))
      .catch((err) => this.options.onError?.(err))
      .finally(() => this.inFlight.delete(work));
    this.inFlight.add(work);
  }

  /** Asks the poller for a drain now. */
  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.drain().finally(() => {
      this.running = null;
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
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
    while (this.running) await this.running;
  }

  /** One row, confirmed; its span is parented on the traceparent stored with the row. */
  private async publishRow(r: OutboxRow): Promise<void> {
    const span = startRelaySpan(r, this.options.system ?? 'in_process', this.options.app);
    try {
      await this.broker.publish(r.exchange, r.routingKey, {
        body: Buffer.from(r.envelope),
        messageId: r.messageId,
        headers: r.headers,
        persistent: true,
      });
    } catch (err) {
      recordFailure(span, 'error', { code: 'PUBLISH_FAILED', message: (err as Error).message });
      throw err;
    } finally {
      endSpan(span);
    }
  }

  private async drain(): Promise<void> {
    try {
      for (;;) {
        this.again = false;
        const n = await this.publishBatch();
        if (n < this.options.batchSize && !this.again) return;
        if (this.stopped) return;
      }
    } catch (err) {
      // Rows stay unpublished; the next poll tries again once the broker is back.
      this.options.onError?.(err);
    }
  }

  private async publishBatch(): Promise<number> {
    return this.store.dataSource.transaction(async (em) => {
      const rows = await this.store.claimUnpublished(em, this.options.batchSize, this.fresh ? 0 : (this.options.graceMs ?? 2_000));
      this.fresh = false;
      if (rows.length === 0) return 0;
      await Promise.all(rows.map((r) => this.publishRow(r)));
      await this.store.markPublished(
        em,
        rows.map((r) => r.id),
      );
      return rows.length;
    });
  }
}
