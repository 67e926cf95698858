import { randomUUID } from 'node:crypto';
import type { BrokerPort, ConsumerHandle, Delivery, ExchangeSpec, OutgoingMessage, QueueSpec, QueueStats, TopologySpec } from './broker.port';
import { topicMatches } from './topology';

interface StoredMessage {
  msg: OutgoingMessage;
  routingKey: string;
  deliveries: number;
  expiresAt?: number;
  deathCount: number;
}

interface MemoryConsumer {
  id: string;
  prefetch: number;
  unacked: Map<number, StoredMessage>;
  onDelivery: (d: Delivery) => void;
  active: boolean;
}

interface MemoryQueue {
  spec: QueueSpec;
  messages: StoredMessage[];
  consumers: MemoryConsumer[];
  next: number;
}

/**
 * The in-process broker of the embedded mode: the same exchanges, queues, bindings, manual acks,
 * prefetch, TTL dead-lettering and delivery limits as the RabbitMQ topology, held in memory.
 * Messages live as long as the process; what must survive a crash is in the outbox table first.
 */
export class MemoryBroker implements BrokerPort {
  readonly kind = 'memory' as const;
  private readonly exchanges = new Map<string, ExchangeSpec>();
  private readonly queues = new Map<string, MemoryQueue>();
  private readonly bindings: { queue: string; exchange: string; routingKey: string }[] = [];
  private readonly pending = new Map<string, (body: Buffer) => void>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private tagSeq = 0;
  private closed = false;

  isConnected(): boolean {
    return !this.closed;
  }

  async inspectQueue(queue: string): Promise<QueueStats | null> {
    const q = this.queues.get(queue);
    return q && !this.closed ? { messages: q.messages.length, consumers: q.consumers.filter((c) => c.active).length } : null;
  }

  async declare(spec: TopologySpec): Promise<void> {
    for (const e of spec.exchanges) this.exchanges.set(e.name, e);
    for (const q of spec.queues) {
      if (!this.queues.has(q.name)) this.queues.set(q.name, { spec: q, messages: [], consumers: [], next: 0 });
    }
    for (const b of spec.bindings) {
      if (!this.bindings.some((x) => x.queue === b.queue && x.exchange === b.exchange && x.routingKey === b.routingKey)) {
        this.bindings.push(b);
      }
    }
  }

  async publish(exchange: string, routingKey: string, msg: OutgoingMessage): Promise<void> {
    this.assertOpen();
    if (exchange !== '' && !this.exchanges.has(exchange)) {
      throw new Error(`NOT_FOUND - no exchange '${exchange}'`);
    }
    this.route(exchange, routingKey, msg, 0);
  }

  async reply(replyTo: string, msg: OutgoingMessage): Promise<void> {
    const resolve = this.pending.get(replyTo);
    if (resolve) resolve(msg.body);
  }

  async request(exchange: string, routingKey: string, msg: OutgoingMessage, timeoutMs: number): Promise<Buffer | null> {
    const replyTo = `memory.reply-to.${randomUUID()}`;
    return new Promise<Buffer | null>((resolve) => {
      const timer = setTimeout(() => {
        this.pending.delete(replyTo);
        this.timers.delete(timer);
        resolve(null);
      }, timeoutMs);
      this.timers.add(timer);
      this.pending.set(replyTo, (body) => {
        clearTimeout(timer);
        this.timers.delete(timer);
        this.pending.delete(replyTo);
        resolve(body);
      });
      this.publish(exchange, routingKey, {
        ...msg,
        replyTo,
        persistent: false,
        expirationMs: msg.expirationMs ?? timeoutMs,
      }).catch(() => undefined);
    });
  }

  async consume(queue: string, prefetch: number, onDelivery: (d: Delivery) => void): Promise<ConsumerHandle> {
    this.assertOpen();
    const q = this.queues.get(queue);
    if (!q) throw new Error(`NOT_FOUND - no queue '${queue}'`);
    const consumer: MemoryConsumer = { id: randomUUID(), prefetch, unacked: new Map(), onDelivery, active: true };
    q.consumers.push(consumer);
    this.schedule(q);
    return {
      stopConsuming: async () => {
        // No more deliveries; what it holds can still be acknowledged.
        consumer.active = false;
        q.consumers = q.consumers.filter((c) => c !== consumer);
      },
      cancel: async () => {
        consumer.active = false;
        q.consumers = q.consumers.filter((c) => c !== consumer);
        // Like a closed AMQP channel: whatever was delivered and not acknowledged goes back to the queue.
        const unacked = [...consumer.unacked.values()];
        consumer.unacked.clear();
        q.messages.unshift(...unacked);
        this.schedule(q);
      },
    };
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }

  private assertOpen() {
    if (this.closed) throw new Error('broker closed');
  }

  private route(exchange: string, routingKey: string, msg: OutgoingMessage, deathCount: number) {
    const targets =
      exchange === ''
        ? [routingKey]
        : this.bindings
            .filter((b) => b.exchange === exchange)
            .filter((b) => (this.exchanges.get(exchange)?.type === 'topic' ? topicMatches(b.routingKey, routingKey) : b.routingKey === routingKey))
            .map((b) => b.queue);
    for (const name of new Set(targets)) {
      const q = this.queues.get(name);
      if (!q) continue;
      const stored: StoredMessage = {
        msg: { ...msg, headers: { ...msg.headers } },
        routingKey,
        deliveries: 0,
        deathCount,
        expiresAt: msg.expirationMs !== undefined ? Date.now() + msg.expirationMs : undefined,
      };
      q.messages.push(stored);
      if (q.spec.messageTtlMs !== undefined) {
        const timer = setTimeout(() => {
          this.timers.delete(timer);
          const i = q.messages.indexOf(stored);
          if (i >= 0) {
            q.messages.splice(i, 1);
            this.deadLetter(q, stored, 'expired');
          }
        }, q.spec.messageTtlMs);
        this.timers.add(timer);
      }
      this.schedule(q);
    }
  }

  private deadLetter(q: MemoryQueue, stored: StoredMessage, reason: 'expired' | 'delivery_limit' | 'rejected') {
    if (q.spec.deadLetterExchange === undefined) return;
    const key = q.spec.deadLetterRoutingKey ?? stored.routingKey;
    const headers = { ...stored.msg.headers, 'x-first-death-reason': reason, 'x-first-death-queue': q.spec.name };
    this.route(q.spec.deadLetterExchange, key, { ...stored.msg, headers, expirationMs: undefined }, stored.deathCount + 1);
  }

  private schedule(q: MemoryQueue) {
    setImmediate(() => this.dispatch(q));
  }

  private dispatch(q: MemoryQueue) {
    if (this.closed) return;
    while (q.messages.length > 0) {
      const ready = q.consumers.filter((c) => c.active && c.unacked.size < c.prefetch);
      if (ready.length === 0) return;
      const consumer = ready[q.next++ % ready.length];
      const stored = q.messages.shift() as StoredMessage;
      if (stored.expiresAt !== undefined && stored.expiresAt < Date.now()) continue;
      if (q.spec.deliveryLimit !== undefined && stored.deliveries > q.spec.deliveryLimit) {
        this.deadLetter(q, stored, 'delivery_limit');
        continue;
      }
      const tag = ++this.tagSeq;
      const redelivered = stored.deliveries > 0;
      stored.deliveries++;
      consumer.unacked.set(tag, stored);
      const settle = (requeue: boolean | null) => {
        if (!consumer.unacked.delete(tag)) return; // settled already, or returned by cancel()
        if (requeue === true) {
          q.messages.unshift(stored);
          this.schedule(q);
        } else if (requeue === false) {
          this.deadLetter(q, stored, 'rejected');
        }
        this.schedule(q);
      };
      consumer.onDelivery({
        body: stored.msg.body,
        messageId: stored.msg.messageId,
        correlationId: stored.msg.correlationId,
        replyTo: stored.msg.replyTo,
        headers: { ...stored.msg.headers, ...(q.spec.quorum ? { 'x-delivery-count': stored.deliveries - 1 } : {}) },
        redelivered,
        deliveryCount: stored.deliveries - 1,
        ack: () => settle(null),
        nack: (requeue) => settle(requeue),
      });
    }
  }
}
