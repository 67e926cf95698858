import type { BrokerPort, ConsumerHandle, Delivery } from '../broker/broker.port';
import type { MeshTopology } from '../broker/topology';
import { DEAD_LETTER_HEADERS } from '../consumer/message-consumer';
import type { MessageStore } from '../store/message.store';

/**
 * Moves messages from the agent's dead-letter queue into its dead_letter table, where an operator
 * can list and replay them. Messages the broker itself dead-lettered (delivery limit reached: the
 * consumer kept dying before it could ack) arrive without our headers and are recorded as such.
 */
export class DeadLetterKeeper {
  private handle: ConsumerHandle | null = null;

  constructor(
    private readonly broker: BrokerPort,
    private readonly topology: MeshTopology,
    private readonly store: MessageStore,
    private readonly agent: string,
    private readonly onError: (err: unknown) => void = () => undefined,
  ) {}

  async start(): Promise<void> {
    this.handle = await this.broker.consume(this.topology.deadQueue(this.agent), 16, (d) => void this.keep(d));
  }

  async stop(): Promise<void> {
    await this.handle?.cancel();
    this.handle = null;
  }

  private async keep(d: Delivery): Promise<void> {
    const h = d.headers;
    const code = typeof h[DEAD_LETTER_HEADERS.code] === 'string' ? (h[DEAD_LETTER_HEADERS.code] as string) : 'DELIVERY_LIMIT';
    const reason =
      typeof h[DEAD_LETTER_HEADERS.reason] === 'string'
        ? (h[DEAD_LETTER_HEADERS.reason] as string)
        : `dead-lettered by the broker (${String(h['x-first-death-reason'] ?? 'delivery limit reached')}): the consumer never acknowledged it`;
    let messageType: string | null = null;
    try {
      const body = JSON.parse(d.body.toString('utf8')) as { task_type?: unknown; event_type?: unknown };
      const t = body.task_type ?? body.event_type;
      messageType = typeof t === 'string' ? t : null;
    } catch {
      // not JSON: recorded as it came
    }
    try {
      await this.store.insertDeadLetter({
        queue: this.topology.agentQueue(this.agent),
        messageId: d.messageId ?? null,
        messageType,
        errorCode: code,
        reason,
        attempts: Number(h[DEAD_LETTER_HEADERS.attempts] ?? d.deliveryCount ?? 0),
        body: d.body.toString('utf8'),
        headers: h,
      });
      d.ack();
    } catch (err) {
      this.onError(err);
      setTimeout(() => d.nack(true), 1_000).unref();
    }
  }
}
