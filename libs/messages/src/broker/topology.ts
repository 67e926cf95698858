import type { QueueSpec, TopologySpec } from './broker.port';

export interface RetryPolicy {
  /** Delay before the first retry. */
  baseDelayMs: number;
  factor: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { baseDelayMs: 1_000, factor: 2, maxDelayMs: 60_000 };
/** Deliveries of one message without an ack (crash loops) before the broker itself dead-letters it. */
export const DEFAULT_DELIVERY_LIMIT = 10;
/** Highest retry attempt that gets its own delay queue; later attempts reuse the last (capped) delay. */
const MAX_RETRY_LEVELS = 12;

/** Names of every exchange and queue of one mesh, all under one namespace (default "mt"). */
export class MeshTopology {
  constructor(
    readonly namespace: string,
    readonly retry: RetryPolicy = DEFAULT_RETRY_POLICY,
    readonly deliveryLimit = DEFAULT_DELIVERY_LIMIT,
  ) {
    if (!/^[a-z0-9][a-z0-9_-]*$/i.test(namespace)) throw new Error(`invalid mesh namespace "${namespace}"`);
  }

  get tasksExchange() {
    return `${this.namespace}.tasks`;
  }
  get eventsExchange() {
    return `${this.namespace}.events`;
  }
  get deadExchange() {
    return `${this.namespace}.dead`;
  }
  agentQueue(agent: string) {
    return `${this.namespace}.${agent}`;
  }
  /**
   * Short questions (RPC) go to their own classic, non-durable queue: the caller waits seconds at
   * most, so a request needs no replicated log (a quorum queue writes every message through Raft),
   * and when the agent is not running the request finds no queue and the caller hears
   * AGENT_UNAVAILABLE instead of leaving stale questions behind.
   */
  rpcQueue(agent: string) {
    return `${this.namespace}.${agent}.rpc`;
  }
  rpcRoutingKey(agent: string) {
    return `${agent}.rpc`;
  }
  deadQueue(agent: string) {
    return `${this.namespace}.${agent}.dead`;
  }
  retryQueue(agent: string, delayMs: number) {
    return `${this.namespace}.${agent}.retry.${delayMs}ms`;
  }

  /** Exponential backoff: the delay before retry number `retryCount + 1`. */
  retryDelayMs(retryCount: number): number {
    const level = Math.min(retryCount, MAX_RETRY_LEVELS);
    return Math.min(this.retry.maxDelayMs, Math.round(this.retry.baseDelayMs * this.retry.factor ** level));
  }

  retryDelays(): number[] {
    const delays = new Set<number>();
    for (let i = 0; i <= MAX_RETRY_LEVELS; i++) delays.add(this.retryDelayMs(i));
    return [...delays];
  }

  /** Exchanges only: what a pure sender (the gateway) needs. */
  exchanges(): TopologySpec {
    return {
      exchanges: [
        { name: this.tasksExchange, type: 'direct' },
        { name: this.eventsExchange, type: 'topic' },
        { name: this.deadExchange, type: 'direct' },
      ],
      queues: [],
      bindings: [],
    };
  }

  /** The agent's task queue, so tasks sent before the agent first starts wait for it instead of vanishing. */
  agentQueueOnly(agent: string): TopologySpec {
    return { ...this.exchanges(), queues: [this.agentQueueSpec(agent)], bindings: [this.taskBinding(agent)] };
  }

  /** Everything one agent consumes from: its queue, event bindings, retry queues and dead-letter queue. */
  forAgent(agent: string, eventPatterns: string[]): TopologySpec {
    const base = this.exchanges();
    const retryQueues: QueueSpec[] = this.retryDelays().map((delay) => ({
      name: this.retryQueue(agent, delay),
      quorum: false,
      messageTtlMs: delay,
      deadLetterExchange: '',
      deadLetterRoutingKey: this.agentQueue(agent),
    }));
    return {
      exchanges: base.exchanges,
      queues: [
        this.agentQueueSpec(agent),
        { name: this.rpcQueue(agent), quorum: false, durable: false },
        { name: this.deadQueue(agent), quorum: true },
        ...retryQueues,
      ],
      bindings: [
        this.taskBinding(agent),
        { queue: this.rpcQueue(agent), exchange: this.tasksExchange, routingKey: this.rpcRoutingKey(agent) },
        ...eventPatterns.map((p) => ({ queue: this.agentQueue(agent), exchange: this.eventsExchange, routingKey: p })),
        { queue: this.deadQueue(agent), exchange: this.deadExchange, routingKey: agent },
      ],
    };
  }

  private agentQueueSpec(agent: string): QueueSpec {
    return {
      name: this.agentQueue(agent),
      quorum: true,
      deliveryLimit: this.deliveryLimit,
      deadLetterExchange: this.deadExchange,
      deadLetterRoutingKey: agent,
    };
  }

  private taskBinding(agent: string) {
    return { queue: this.agentQueue(agent), exchange: this.tasksExchange, routingKey: agent };
  }
}

/** AMQP topic matching: `*` is exactly one word, `#` zero or more words. */
export function topicMatches(pattern: string, key: string): boolean {
  const p = pattern.split('.');
  const k = key.split('.');
  const match = (i: number, j: number): boolean => {
    if (i === p.length) return j === k.length;
    if (p[i] === '#') {
      for (let n = j; n <= k.length; n++) if (match(i + 1, n)) return true;
      return false;
    }
    if (j === k.length) return false;
    return (p[i] === '*' || p[i] === k[j]) && match(i + 1, j + 1);
  };
  return match(0, 0);
}
