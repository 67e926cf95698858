import type { BrokerPort } from '../broker/broker.port';
import type { MeshTopology } from '../broker/topology';
import { createTask, responseEnvelopeSchema, type TaskEnvelope, type TraceParent } from '../envelope/envelope';
import type { MeshObserver } from '../consumer/message-consumer';
import type { PayloadIn, ResultIn, TasksOf } from '../contracts/task-map';
import { AgentUnavailableError, MeshError, RemoteError, toRemoteError } from '../errors';
import { endSpan, logicalParent, type MessagingSystem, recordFailure, startProducerSpan, traceparentHeader } from '../tracing/mesh-tracing';

export interface RequestOptions {
  timeoutMs?: number;
  idempotencyKey?: string;
  /** Trace and correlation of the caller (an HTTP request's, or the message being handled). */
  parent?: TraceParent;
  priority?: number;
  /** Send to this agent rather than the routed one (e.g. a health check addressed to each agent). */
  agent?: string;
}

export interface DispatchOptions {
  idempotencyKey?: string;
  parent?: TraceParent;
  maxRetries?: number;
  timeoutSeconds?: number;
}

/** Which agent owns each task type. */
export type TaskRoutes = Readonly<Record<string, string>>;

/**
 * Sends tasks to agents: `request` for short questions answered within a timeout (RPC),
 * typed by the task map (ADR 134): `request(type, payload)` answers `TaskResult<type>`;
 * `dispatch` for work that reports back through events. Used by the gateway, and by agents
 * for questions outside a transaction (inside one, use UnitOfWork.sendTask).
 */
export class MeshClient<T = unknown> {
  constructor(
    private readonly broker: BrokerPort,
    private readonly topology: MeshTopology,
    private readonly sender: string,
    private readonly routes: TaskRoutes,
    private readonly defaultTimeoutMs = 5_000,
    /** True while the caller holds a database transaction (see `request`). */
    private readonly inTransaction: () => boolean = () => false,
    private readonly system: MessagingSystem = broker.kind === 'amqp' ? 'rabbitmq' : 'in_process',
    private readonly observer?: Pick<MeshObserver, 'rpc'>,
  ) {}

  /** Declares every routed agent's queue, so a task sent before that agent first starts waits for it. */
  async start(): Promise<void> {
    await this.broker.declare(this.topology.exchanges());
    for (const agent of new Set(Object.values(this.routes))) {
      await this.broker.declare(this.topology.agentQueueOnly(agent));
    }
  }

  agentFor(taskType: string): string {
    const agent = this.routes[taskType];
    if (!agent) throw new MeshError('NO_HANDLER', `no agent is routed for task ${taskType}`, { status: 500 });
    return agent;
  }

  /**
   * Refused inside a transaction: the other agent may need the database this transaction holds
   * (in the embedded mode it is one session), so the call would wait for its own caller. Ask first,
   * then open the transaction (handlers declare `manualTransaction`).
   */
  async request<K extends keyof TasksOf<T> & string>(
    taskType: K,
    payload: PayloadIn<TasksOf<T>, K>,
    opts: RequestOptions = {},
  ): Promise<ResultIn<TasksOf<T>, K>> {
    if (this.inTransaction()) {
      throw new MeshError('INTERNAL', `${taskType} was requested inside a database transaction; ask before opening it`, {
        status: 500,
        retryable: false,
      });
    }
    const agent = opts.agent ?? this.agentFor(taskType);
    const timeoutMs = opts.timeoutMs ?? this.defaultTimeoutMs;
    const env = createTask({
      sender: this.sender,
      taskType,
      payload,
      // A key names one request of one task type: the same caller's request may ask two things of
      // one agent, and that agent's inbox must not take the second for a copy of the first (ADR 150).
      idempotencyKey: opts.idempotencyKey === undefined ? undefined : `${opts.idempotencyKey}:${taskType}`,
      timeoutSeconds: timeoutMs / 1000,
      maxRetries: 0,
      replyTo: 'rpc',
      priority: opts.priority,
      parent: opts.parent ?? logicalParent(undefined),
    });
    const routingKey = this.topology.rpcRoutingKey(agent);
    // The span lasts until the answer comes: its duration is what the caller waited.
    const span = startProducerSpan(env, 'send', { system: this.system, exchange: this.topology.tasksExchange, routingKey }, opts.parent);
    const started = this.observer?.rpc ? performance.now() : 0;
    let outcome: 'ok' | 'error' | 'timeout' = 'error';
    try {
      const raw = await this.broker.request(
        this.topology.tasksExchange,
        routingKey,
        {
          body: Buffer.from(JSON.stringify(env)),
          messageId: env.message_id,
          correlationId: env.message_id,
          headers: { traceparent: traceparentHeader(env, span) },
        },
        timeoutMs,
      );
      if (raw === null) {
        outcome = 'timeout';
        throw new AgentUnavailableError(agent, taskType, timeoutMs);
      }
      const parsed = responseEnvelopeSchema.safeParse(JSON.parse(raw.toString('utf8')));
      if (!parsed.success) throw new MeshError('INVALID_ENVELOPE', `${agent} answered ${taskType} with an invalid response`);
      if (parsed.data.status === 'error') {
        throw new RemoteError(parsed.data.error ?? { code: 'INTERNAL', message: 'unknown error', retryable: false });
      }
      outcome = 'ok';
      return parsed.data.result as ResultIn<TasksOf<T>, K>;
    } catch (err) {
      recordFailure(span, 'error', toRemoteError(err));
      throw err;
    } finally {
      endSpan(span);
      this.observer?.rpc?.(taskType, outcome, (performance.now() - started) / 1000);
    }
  }

  /** Fire-and-forget, confirmed by the broker before it resolves. */
  async dispatch<K extends keyof TasksOf<T> & string>(
    taskType: K,
    payload: PayloadIn<TasksOf<T>, K>,
    opts: DispatchOptions = {},
  ): Promise<TaskEnvelope<PayloadIn<TasksOf<T>, K>>> {
    const agent = this.agentFor(taskType);
    const env = createTask({
      sender: this.sender,
      taskType,
      payload,
      idempotencyKey: opts.idempotencyKey,
      maxRetries: opts.maxRetries,
      timeoutSeconds: opts.timeoutSeconds,
      parent: opts.parent ?? logicalParent(undefined),
    });
    const span = startProducerSpan(env, 'send', { system: this.system, exchange: this.topology.tasksExchange, routingKey: agent }, opts.parent);
    try {
      await this.broker.publish(this.topology.tasksExchange, agent, {
        body: Buffer.from(JSON.stringify(env)),
        messageId: env.message_id,
        headers: { traceparent: traceparentHeader(env, span) },
      });
    } catch (err) {
      recordFailure(span, 'error', { code: 'PUBLISH_FAILED', message: (err as Error).message });
      throw err;
    } finally {
      endSpan(span);
    }
    return env;
  }
}
