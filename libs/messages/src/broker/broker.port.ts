/**
 * The small part of AMQP 0-9-1 the mesh needs, so the delivery pipeline is written once and runs
 * on RabbitMQ or in-process with the same semantics: durable topology, confirmed publishes,
 * manual acknowledgement, bounded prefetch, TTL queues that dead-letter back, delivery limits.
 */
export interface ExchangeSpec {
  name: string;
  type: 'direct' | 'topic';
}

export interface QueueSpec {
  name: string;
  /** Quorum queues replicate and count deliveries (x-delivery-limit); classic ones are used for TTL retry queues. */
  quorum: boolean;
  /** False for a queue whose messages may be lost with the broker (RPC requests: their caller times out). */
  durable?: boolean;
  messageTtlMs?: number;
  deadLetterExchange?: string;
  deadLetterRoutingKey?: string;
  /** After this many deliveries without an ack the broker dead-letters the message (poison message cap). */
  deliveryLimit?: number;
}

export interface BindingSpec {
  queue: string;
  exchange: string;
  routingKey: string;
}

export interface TopologySpec {
  exchanges: ExchangeSpec[];
  queues: QueueSpec[];
  bindings: BindingSpec[];
}

export type Headers = Record<string, string | number | boolean | null | undefined>;

export interface OutgoingMessage {
  body: Buffer;
  messageId: string;
  correlationId?: string;
  replyTo?: string;
  headers?: Headers;
  /** Per-message TTL: a request nobody takes in time expires instead of being answered late. */
  expirationMs?: number;
  priority?: number;
  persistent?: boolean;
}

export interface Delivery {
  body: Buffer;
  messageId?: string;
  correlationId?: string;
  replyTo?: string;
  headers: Record<string, unknown>;
  redelivered: boolean;
  /** How many times the broker has delivered this message before (quorum queues), when known. */
  deliveryCount?: number;
  ack(): void;
  nack(requeue: boolean): void;
}

export interface ConsumerHandle {
  /**
   * Stops new deliveries but keeps the channel, so messages in hand can still be acknowledged
   * (a graceful stop: basic.cancel). Without it, a consumer that requeues what it no longer wants
   * is handed the same messages again at once, burning their delivery limit.
   */
  stopConsuming(): Promise<void>;
  /** Stops deliveries; messages delivered and not acknowledged go back to the queue. */
  cancel(): Promise<void>;
}

/** What the broker says of one queue: messages waiting (ready, not yet delivered) and consumers attached. */
export interface QueueStats {
  messages: number;
  consumers: number;
}

export interface BrokerPort {
  readonly kind: 'amqp' | 'memory';
  /** Declares (idempotently) and remembers a topology; it is declared again after every reconnection. */
  declare(spec: TopologySpec): Promise<void>;
  /** Resolves once the broker has confirmed the message (publisher confirms); rejects if it cannot. */
  publish(exchange: string, routingKey: string, msg: OutgoingMessage): Promise<void>;
  consume(queue: string, prefetch: number, onDelivery: (d: Delivery) => void): Promise<ConsumerHandle>;
  /** Publishes a request and waits for one reply; resolves null when nothing answers within timeoutMs. */
  request(exchange: string, routingKey: string, msg: OutgoingMessage, timeoutMs: number): Promise<Buffer | null>;
  /** Sends a reply to the address a request carried in reply_to. */
  reply(replyTo: string, msg: OutgoingMessage): Promise<void>;
  /**
   * A passive look at a queue (AMQP queue.declare passive): null when it does not exist or the
   * broker cannot be asked. Never creates the queue. Meant for metrics read at scrape time.
   */
  inspectQueue(queue: string): Promise<QueueStats | null>;
  isConnected(): boolean;
  close(): Promise<void>;
}
