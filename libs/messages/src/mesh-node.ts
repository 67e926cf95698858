import type { DataSource } from 'typeorm';
import type { BrokerPort } from './broker/broker.port';
import type { MeshTopology } from './broker/topology';
import { HandlerRegistry } from './consumer/handler';
import { MessageConsumer, type ConsumerHooks, type ConsumerLogger, type MeshObserver, type MeshQueueStats } from './consumer/message-consumer';
import { DeadLetterKeeper } from './dead-letters/dead-letter.keeper';
import { DeadLetterService } from './dead-letters/dead-letter.service';
import { OutboxRelay } from './outbox/outbox-relay';
import { UnitOfWork } from './outbox/unit-of-work';
import { MeshClient, type TaskRoutes } from './rpc/mesh-client';
import { MessageStore } from './store/message.store';
import { messagingSystemOf, withApp } from './tracing/mesh-tracing';

export interface MeshNodeOptions {
  agent: string;
  /** The agent's own database schema, holding its outbox, inbox and dead letters. */
  schema: string;
  broker: BrokerPort;
  topology: MeshTopology;
  dataSource: DataSource;
  routes: TaskRoutes;
  prefetch?: number;
  batchSize?: number;
  concurrency?: number;
  /** Query and manualTransaction messages in flight at once (default 16). */
  unbatchedConcurrency?: number;
  rpcTimeoutMs?: number;
  relayBatchSize?: number;
  relayPollMs?: number;
  /** The longest wait of an idle relay between two polls (default 15 s; ADR 112). */
  relayIdleMaxMs?: number;
  /** How long the poller leaves a fresh outbox row to the fast path of the process that wrote it. */
  relayGraceMs?: number;
  logger?: ConsumerLogger;
  hooks?: ConsumerHooks;
  observer?: MeshObserver;
  /** Published outbox rows and inbox rows older than this are deleted (hourly). Default 7 days. */
  retentionDays?: number;
}

const silent: ConsumerLogger = { warn: () => undefined, error: () => undefined };

/**
 * One agent's seat on the mesh: its consumer, outbox relay, dead-letter keeper, unit of work and
 * client, wired together. The NestJS transport builds one of these; tests and tools may too.
 */
export class MeshNode<T = unknown, E = unknown> {
  readonly store: MessageStore;
  readonly uow: UnitOfWork<E, T>;
  readonly relay: OutboxRelay;
  readonly client: MeshClient<T>;
  readonly deadLetters: DeadLetterService;
  readonly handlers = new HandlerRegistry();
  private consumer: MessageConsumer | null = null;
  /** Set once the node consumes its queues: a sender (the gateway) has none to report. */
  private consumesQueues = false;
  private keeper: DeadLetterKeeper | null = null;
  private pruner: NodeJS.Timeout | null = null;

  constructor(readonly options: MeshNodeOptions) {
    const { agent, schema, broker, topology, dataSource } = options;
    const logger = options.logger ?? silent;
    this.store = new MessageStore(dataSource, schema);
    const system = messagingSystemOf(broker.kind);
    this.uow = new UnitOfWork(dataSource, this.store, topology, agent);
    this.relay = new OutboxRelay(this.store, broker, {
      system,
      app: agent,
      batchSize: options.relayBatchSize ?? 500,
      pollIntervalMs: options.relayPollMs ?? 1_000,
      idleMaxMs: options.relayIdleMaxMs ?? 15_000,
      graceMs: options.relayGraceMs,
      onError: (err) => logger.warn('outbox relay could not publish; will retry', { error: (err as Error).message }),
    });
    this.uow.onCommitted((rows) => this.relay.publishCommitted(rows));
    this.client = new MeshClient(broker, topology, agent, options.routes, options.rpcTimeoutMs, () => this.uow.inTransaction(), system, options.observer);
    options.observer?.watch?.({
      outbox: () => this.store.outboxBacklog(),
      deadLettersWaiting: () => this.store.countDeadLettersWaiting(),
      queues: () => this.queueStats(),
    });
    this.deadLetters = new DeadLetterService(broker, topology, this.store, agent);
  }

  /** Passive checks of the queues this node consumes (none before `start`, or for a sender). */
  private async queueStats(): Promise<MeshQueueStats[]> {
    if (!this.consumesQueues) return [];
    const { broker, topology, agent } = this.options;
    const names = { tasks: topology.agentQueue(agent), rpc: topology.rpcQueue(agent), dead: topology.deadQueue(agent) } as const;
    const stats = await Promise.all(
      (Object.keys(names) as MeshQueueStats['queue'][]).map(async (queue) => {
        const s = await broker.inspectQueue(names[queue]);
        return s ? { queue, ...s } : null;
      }),
    );
    return stats.filter((s): s is MeshQueueStats => s !== null);
  }

  /** Starts publishing (client + outbox relay) without consuming: for senders such as the gateway. */
  async startSender(): Promise<void> {
    await this.client.start();
    // Timers started here (the relay's poller, pruning) keep the app in their context for tracing.
    withApp(this.options.agent, () => {
      this.relay.start();
      this.startPruning();
    });
  }

  /**
   * An inbox row must outlive any redelivery of its message (minutes at most); a week keeps a
   * trail for operators without letting the tables grow forever.
   */
  private startPruning(): void {
    if (this.pruner) return;
    const days = this.options.retentionDays ?? 7;
    this.pruner = setInterval(() => {
      this.store
        .prune(new Date(Date.now() - days * 86_400_000))
        .catch((err) => this.options.logger?.warn('pruning the outbox and inbox failed', { error: (err as Error).message }));
    }, 3_600_000);
    this.pruner.unref();
  }

  /** Starts everything: declares the agent's topology, consumes its queue and dead-letter queue. */
  async start(): Promise<void> {
    const o = this.options;
    const logger = o.logger ?? silent;
    await this.startSender();
    this.consumer = new MessageConsumer(
      o.broker,
      o.topology,
      this.store,
      this.uow,
      this.handlers,
      {
        agent: o.agent,
        prefetch: o.prefetch ?? 512,
        batchSize: o.batchSize ?? 128,
        concurrency: o.concurrency ?? 2,
        unbatchedConcurrency: o.unbatchedConcurrency ?? 16,
      },
      logger,
      o.hooks,
      o.observer,
    );
    await this.consumer.start();
    this.consumesQueues = true;
    this.keeper = new DeadLetterKeeper(o.broker, o.topology, this.store, o.agent, (err) =>
      logger.error('could not store a dead letter', { error: (err as Error).message }),
    );
    await this.keeper.start();
  }

  async stop(): Promise<void> {
    if (this.pruner) clearInterval(this.pruner);
    this.pruner = null;
    await this.consumer?.stop();
    await this.keeper?.stop();
    // What the last handlers committed goes out before the broker connection closes.
    await this.relay.flush().catch(() => undefined);
    await this.relay.stop();
    this.consumer = null;
    this.keeper = null;
  }

  /** Simulates a crash: consumption ends without acknowledging what is in hand. */
  async kill(): Promise<void> {
    await this.consumer?.kill();
    await this.keeper?.stop();
    await this.relay.stop();
  }
}
