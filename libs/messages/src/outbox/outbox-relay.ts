import type { BrokerPort } from '../broker/broker.port';
import type { MessageStore } from '../store/message.store';

export interface OutboxRelayOptions {
  batchSize: number;
  /** Safety net for rows left by a crashed process or written while the broker was down. */
  pollIntervalMs: number;
  onError?: (err: unknown) => void;
}

/**
 * Publishes committed outbox rows: claim with FOR UPDATE SKIP LOCKED, publish on a confirm
 * channel, mark published in the same transaction after every confirm. A crash between confirm
 * and commit publishes a row twice; consumers drop the copy by message id.
 */
export class OutboxRelay {
  private running: Promise<void> | null = null;
  private again = false;
  private timer: NodeJS.Timeout | null = null;
  /** Until start(), commits do not trigger publishing (a sender-less process, or one not started yet). */
  private stopped = true;

  constructor(
    private readonly store: MessageStore,
    private readonly broker: BrokerPort,
    private readonly options: OutboxRelayOptions,
  ) {}

  start(): void {
    this.stopped = false;
    this.timer = setInterval(() => this.kick(), this.options.pollIntervalMs);
    this.timer.unref();
    this.kick();
  }

  /** Asks for a drain now (after a commit that wrote outbox rows). */
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
    while (this.running) await this.running;
    this.kick();
    while (this.running) await this.running;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    while (this.running) await this.running;
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
      const rows = await this.store.claimUnpublished(em, this.options.batchSize);
      if (rows.length === 0) return 0;
      await Promise.all(
        rows.map((r) =>
          this.broker.publish(r.exchange, r.routingKey, {
            body: Buffer.from(r.envelope),
            messageId: r.messageId,
            headers: r.headers,
            persistent: true,
          }),
        ),
      );
      await this.store.markPublished(
        em,
        rows.map((r) => r.id),
      );
      return rows.length;
    });
  }
}
