import type { BrokerPort } from '../broker/broker.port';
import type { MeshTopology } from '../broker/topology';
import { parseEnvelope } from '../envelope/envelope';
import { MeshError } from '../errors';
import type { DeadLetter, MessageStore } from '../store/message.store';

/** What an operator does with dead letters: look at them, and send them back once the cause is fixed. */
export class DeadLetterService {
  constructor(
    private readonly broker: BrokerPort,
    private readonly topology: MeshTopology,
    private readonly store: MessageStore,
    private readonly agent: string,
  ) {}

  list(opts: { limit?: number; includeReplayed?: boolean } = {}): Promise<DeadLetter[]> {
    return this.store.listDeadLetters({ limit: Math.min(opts.limit ?? 50, 1000), includeReplayed: opts.includeReplayed });
  }

  get(id: string): Promise<DeadLetter | null> {
    return this.store.getDeadLetter(id);
  }

  /**
   * Puts the message back on this agent's queue with a fresh retry budget. It keeps its message id:
   * a message that failed never reached the inbox, so it will be handled; one that somehow did
   * is still dropped as a duplicate.
   */
  async replay(id: string): Promise<DeadLetter> {
    const dl = await this.store.getDeadLetter(id);
    if (!dl) throw new MeshError('NOT_FOUND', `no dead letter ${id}`, { status: 404 });
    const parsed = parseEnvelope(dl.body);
    if (!parsed.ok) {
      throw new MeshError('INVALID_ENVELOPE', `dead letter ${id} cannot be replayed: ${parsed.reason}`, { status: 422 });
    }
    const env = parsed.envelope.message_type === 'response' ? null : { ...parsed.envelope, retry_count: 0 };
    if (!env) throw new MeshError('INVALID_ENVELOPE', `dead letter ${id} is a response, not a task or event`, { status: 422 });
    await this.broker.publish('', this.topology.agentQueue(this.agent), {
      body: Buffer.from(JSON.stringify(env)),
      messageId: env.message_id,
      headers: { 'x-mt-replayed-from': id },
    });
    await this.store.markReplayed(id);
    return { ...dl, replayedAt: new Date(), replayCount: dl.replayCount + 1 };
  }
}
