import { randomUUID } from 'node:crypto';
import type { ConfirmChannel, ConsumeMessage, Options } from 'amqplib';
import amqp, { type AmqpConnectionManager, type ChannelWrapper } from 'amqp-connection-manager';
import type { BindingSpec, BrokerPort, ConsumerHandle, Delivery, ExchangeSpec, OutgoingMessage, QueueSpec, QueueStats, TopologySpec } from './broker.port';

export interface AmqpBrokerOptions {
  url: string;
  /** Name shown in RabbitMQ's connection list. */
  connectionName: string;
  heartbeatSeconds?: number;
  reconnectSeconds?: number;
  /** A publish not confirmed within this time is rejected (so an outbox row stays unsent and is retried). */
  publishTimeoutMs?: number;
}

const DIRECT_REPLY_TO = 'amq.rabbitmq.reply-to';

function queueArguments(q: QueueSpec): Options.AssertQueue {
  const args: Record<string, unknown> = {};
  if (q.quorum) args['x-queue-type'] = 'quorum';
  if (q.messageTtlMs !== undefined) args['x-message-ttl'] = q.messageTtlMs;
  if (q.deadLetterExchange !== undefined) args['x-dead-letter-exchange'] = q.deadLetterExchange;
  if (q.deadLetterRoutingKey !== undefined) args['x-dead-letter-routing-key'] = q.deadLetterRoutingKey;
  if (q.deliveryLimit !== undefined) args['x-delivery-limit'] = q.deliveryLimit;
  return { durable: q.durable ?? true, arguments: args };
}

async function applyTopology(ch: ConfirmChannel, spec: TopologySpec): Promise<void> {
  for (const e of spec.exchanges) await ch.assertExchange(e.name, e.type, { durable: true });
  for (const q of spec.queues) await ch.assertQueue(q.name, queueArguments(q));
  for (const b of spec.bindings) await ch.bindQueue(b.queue, b.exchange, b.routingKey);
}

const bindingKey = (b: BindingSpec) => `${b.queue}\u0000${b.exchange}\u0000${b.routingKey}`;

/**
 * Everything this connection has declared, each exchange, queue and binding once. The apps of one
 * process share the broker and each declares the exchanges and the queues it sends to, so the same
 * names arrive many times; asserting them again costs a broker round trip each and changes nothing
 * (ADR 213).
 */
class DeclaredTopology {
  private readonly exchanges = new Map<string, ExchangeSpec>();
  private readonly queues = new Map<string, QueueSpec>();
  private readonly bindings = new Map<string, BindingSpec>();

  /** What of `spec` is not declared yet, and records it as declared. */
  add(spec: TopologySpec): TopologySpec {
    const fresh: TopologySpec = { exchanges: [], queues: [], bindings: [] };
    for (const e of spec.exchanges)
      if (!this.exchanges.has(e.name)) {
        this.exchanges.set(e.name, e);
        fresh.exchanges.push(e);
      }
    for (const q of spec.queues)
      if (!this.queues.has(q.name)) {
        this.queues.set(q.name, q);
        fresh.queues.push(q);
      }
    for (const b of spec.bindings)
      if (!this.bindings.has(bindingKey(b))) {
        this.bindings.set(bindingKey(b), b);
        fresh.bindings.push(b);
      }
    return fresh;
  }

  /** What a consumer of `queue` needs to exist before it consumes: the queue, its bindings and their exchanges. */
  of(queue: string): TopologySpec {
    const q = this.queues.get(queue);
    const bindings = [...this.bindings.values()].filter((b) => b.queue === queue);
    const exchanges = [...new Set(bindings.map((b) => b.exchange))].map((name) => this.exchanges.get(name)).filter((e): e is ExchangeSpec => !!e);
    return { exchanges, queues: q ? [q] : [], bindings };
  }
}

const isEmpty = (spec: TopologySpec) => spec.exchanges.length + spec.queues.length + spec.bindings.length === 0;

function publishOptions(msg: OutgoingMessage): Options.Publish {
  return {
    persistent: msg.persistent ?? true,
    contentType: 'application/json',
    messageId: msg.messageId,
    correlationId: msg.correlationId,
    replyTo: msg.replyTo,
    headers: msg.headers,
    priority: msg.priority,
    ...(msg.expirationMs !== undefined ? { expiration: String(Math.max(1, Math.round(msg.expirationMs))) } : {}),
  };
}

/**
 * RabbitMQ through amqplib, with amqp-connection-manager re-opening the connection and channels
 * and re-declaring the topology after any loss. TCP no-delay is on: without it every request/reply
 * round trip waits for the peer's delayed ACK (~40 ms).
 */
export class AmqpBroker implements BrokerPort {
  readonly kind = 'amqp' as const;
  private readonly connection: AmqpConnectionManager;
  private readonly publisher: ChannelWrapper;
  private readonly requester: ChannelWrapper;
  private readonly declared = new DeclaredTopology();
  /** Declarations run one after another, so a name another declaration is still asserting is awaited, not skipped. */
  private declaring: Promise<void> = Promise.resolve();
  private readonly pending = new Map<string, (body: Buffer) => void>();
  /** Opened at the first inspectQueue: a channel of its own, since a check of a missing queue closes its channel. */
  private inspector: ChannelWrapper | null = null;
  private closed = false;

  constructor(private readonly options: AmqpBrokerOptions) {
    this.connection = amqp.connect([options.url], {
      heartbeatIntervalInSeconds: options.heartbeatSeconds ?? 30,
      reconnectTimeInSeconds: options.reconnectSeconds ?? 1,
      connectionOptions: { noDelay: true, clientProperties: { connection_name: options.connectionName } },
    });
    // Connection errors are retried by the manager; an unhandled 'error' event would crash the process.
    this.connection.on('connectFailed', () => undefined);
    this.connection.on('error', () => undefined);
    this.publisher = this.connection.createChannel({
      name: `${options.connectionName}:publish`,
      confirm: true,
      publishTimeout: options.publishTimeoutMs ?? 10_000,
      // The topology comes through addSetup (declare, below): the manager runs each added setup now
      // and again after every reconnection.
    });
    // Direct reply-to: replies arrive on the channel that sent the request, with no reply queue to declare.
    this.requester = this.connection.createChannel({
      name: `${options.connectionName}:rpc`,
      confirm: false,
      setup: async (ch: ConfirmChannel) => {
        await ch.consume(
          DIRECT_REPLY_TO,
          (msg) => {
            if (!msg) return;
            const id = msg.properties.correlationId as string | undefined;
            const resolve = id ? this.pending.get(id) : undefined;
            if (resolve) resolve(msg.content);
          },
          { noAck: true },
        );
      },
    });
    this.publisher.on('error', () => undefined);
    this.requester.on('error', () => undefined);
  }

  /** Waits for the first connection, failing with a clear message when the broker cannot be reached. */
  async waitForConnect(timeoutMs = 15_000): Promise<void> {
    try {
      await this.connection.connect({ timeout: timeoutMs });
      await Promise.all([this.publisher.waitForConnect(), this.requester.waitForConnect()]);
    } catch (err) {
      throw new Error(`RabbitMQ is not reachable (${redact(this.options.url)}): ${(err as Error).message}`);
    }
  }

  isConnected(): boolean {
    return this.connection.isConnected();
  }

  async inspectQueue(queue: string): Promise<QueueStats | null> {
    if (this.closed || !this.connection.isConnected()) return null;
    if (!this.inspector) {
      this.inspector = this.connection.createChannel({ name: `${this.options.connectionName}:inspect`, confirm: false });
      this.inspector.on('error', () => undefined);
    }
    try {
      // A missing queue answers 404 and closes this channel; the manager opens it again.
      await this.inspector.waitForConnect();
      const ok = await this.inspector.checkQueue(queue);
      return { messages: ok.messageCount, consumers: ok.consumerCount };
    } catch {
      return null;
    }
  }

  declare(spec: TopologySpec): Promise<void> {
    const next = this.declaring.then(async () => {
      const fresh = this.declared.add(spec);
      if (!isEmpty(fresh)) await this.publisher.addSetup((ch: ConfirmChannel) => applyTopology(ch, fresh));
    });
    this.declaring = next.catch(() => undefined);
    return next;
  }

  async publish(exchange: string, routingKey: string, msg: OutgoingMessage): Promise<void> {
    await this.publisher.publish(exchange, routingKey, msg.body, publishOptions(msg));
  }

  async reply(replyTo: string, msg: OutgoingMessage): Promise<void> {
    await this.publisher.publish('', replyTo, msg.body, { ...publishOptions(msg), persistent: false });
  }

  async request(exchange: string, routingKey: string, msg: OutgoingMessage, timeoutMs: number): Promise<Buffer | null> {
    const correlationId = msg.correlationId ?? randomUUID();
    return new Promise<Buffer | null>((resolve) => {
      const timer = setTimeout(() => {
        this.pending.delete(correlationId);
        resolve(null);
      }, timeoutMs);
      this.pending.set(correlationId, (body) => {
        clearTimeout(timer);
        this.pending.delete(correlationId);
        resolve(body);
      });
      this.requester
        .publish(exchange, routingKey, msg.body, {
          ...publishOptions({ ...msg, correlationId, expirationMs: msg.expirationMs ?? timeoutMs }),
          replyTo: DIRECT_REPLY_TO,
          persistent: false,
          timeout: timeoutMs,
        })
        .catch(() => undefined); // an unsent request simply times out into AGENT_UNAVAILABLE
    });
  }

  async consume(queue: string, prefetch: number, onDelivery: (d: Delivery) => void): Promise<ConsumerHandle> {
    let consuming: { ch: ConfirmChannel; tag: string } | null = null;
    let stopped = false;
    const wrapper = this.connection.createChannel({
      name: `${this.options.connectionName}:consume:${queue}`,
      confirm: false,
      setup: async (ch: ConfirmChannel) => {
        // Its own queue and bindings, which a reconnection may find gone (a broker that lost its
        // data); the publisher's setup declares the rest again.
        await applyTopology(ch, this.declared.of(queue));
        if (stopped) return; // reconnected while stopping: declare, but take nothing more
        await ch.prefetch(prefetch);
        const acks = new AckBatcher(ch);
        const { consumerTag } = await ch.consume(queue, (msg) => msg && onDelivery(toDelivery(ch, acks, msg)), { noAck: false });
        consuming = { ch, tag: consumerTag };
      },
    });
    wrapper.on('error', () => undefined);
    await wrapper.waitForConnect();
    return {
      stopConsuming: async () => {
        stopped = true;
        const c = consuming;
        consuming = null;
        if (c) await c.ch.cancel(c.tag).catch(() => undefined);
      },
      cancel: () => wrapper.close(),
    };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.allSettled([this.publisher.close(), this.requester.close(), ...(this.inspector ? [this.inspector.close()] : [])]);
    await this.connection.close();
  }
}

/**
 * Acknowledgements settled in the same tick go out together: the longest run of settled delivery
 * tags from the oldest outstanding one is acknowledged with one `multiple` ack, the rest one by
 * one. A message still being handled is never covered by a multiple ack.
 */
class AckBatcher {
  private readonly outstanding: number[] = [];
  private readonly settled = new Set<number>();
  private scheduled = false;

  constructor(private readonly ch: ConfirmChannel) {}

  delivered(tag: number): void {
    this.outstanding.push(tag);
  }

  ack(tag: number): void {
    this.settled.add(tag);
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.flush());
    }
  }

  /** A nack is sent at once; the tag leaves the outstanding list so a later multiple ack skips it. */
  nack(msg: ConsumeMessage, requeue: boolean): void {
    this.forget(msg.fields.deliveryTag);
    this.ch.nack(msg, false, requeue);
  }

  private forget(tag: number) {
    const i = this.outstanding.indexOf(tag);
    if (i >= 0) this.outstanding.splice(i, 1);
  }

  private flush(): void {
    this.scheduled = false;
    try {
      let upTo = -1;
      while (this.outstanding.length > 0 && this.settled.has(this.outstanding[0])) {
        upTo = this.outstanding.shift() as number;
        this.settled.delete(upTo);
      }
      if (upTo >= 0) this.ch.ack({ fields: { deliveryTag: upTo } } as ConsumeMessage, true);
      for (const tag of this.settled) {
        this.forget(tag);
        this.ch.ack({ fields: { deliveryTag: tag } } as ConsumeMessage, false);
      }
      this.settled.clear();
    } catch {
      // channel closed: unacknowledged messages are redelivered and deduplicated by the inbox
    }
  }
}

/**
 * Acks are bound to the channel that delivered the message: after a reconnection its delivery
 * tag means nothing on the new channel, and the broker redelivers the message anyway.
 */
function toDelivery(ch: ConfirmChannel, acks: AckBatcher, msg: ConsumeMessage): Delivery {
  acks.delivered(msg.fields.deliveryTag);
  const headers = (msg.properties.headers ?? {}) as Record<string, unknown>;
  const count = headers['x-delivery-count'];
  return {
    body: msg.content,
    messageId: msg.properties.messageId as string | undefined,
    correlationId: msg.properties.correlationId as string | undefined,
    replyTo: msg.properties.replyTo as string | undefined,
    headers,
    redelivered: msg.fields.redelivered,
    deliveryCount: typeof count === 'number' ? count : undefined,
    ack: () => acks.ack(msg.fields.deliveryTag),
    nack: (requeue: boolean) => {
      try {
        acks.nack(msg, requeue);
      } catch {
        // channel already closed: the message will be redelivered and deduplicated by the inbox
      }
    },
  };
}

function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'invalid URL';
  }
}
