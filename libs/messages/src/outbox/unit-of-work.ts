import { AsyncLocalStorage } from 'node:async_hooks';
import type { DataSource, EntityManager } from 'typeorm';
import type { Span } from '@opentelemetry/api';
import { createEvent, createTask, type Envelope, type EventEnvelope, type InboundEnvelope, type TaskEnvelope } from '../envelope/envelope';
import { MeshError } from '../errors';
import type { MeshTopology } from '../broker/topology';
import type { MessageStore, OutboxRow } from '../store/message.store';
import { logicalParent, outboxRowTrace, traceparentHeader } from '../tracing/mesh-tracing';
import type { EventsOf, PayloadIn, TasksOf } from '../contracts/task-map';

interface Scope {
  /** False for a handler running outside a transaction (queries, manual transactions). */
  transactional: boolean;
  manager: EntityManager;
  outbox: OutboxRow[];
  /** The message being handled, if any: new messages join its trace and correlation chain. */
  message?: InboundEnvelope;
  /**
   * The span of the message being handled, when tracing is on: an unsampled one tells its new
   * messages' rows their trace without a look at the active context (outboxRowTrace).
   */
  messageSpan?: Span;
  /** Run once the transaction has committed (dropped if it rolls back): see afterCommit. */
  committed: (() => void)[];
}

/** Runs what a committed transaction asked for. A callback that throws cannot undo the commit, so it does not fail it. */
export function runAfterCommit(callbacks: (() => void)[]): void {
  for (const callback of callbacks) {
    try {
      callback();
    } catch {
      // A wake-up that failed leaves the work to its poller.
    }
  }
}

export interface EventOptions {
  eventVersion?: string;
  idempotencyKey?: string;
  maxRetries?: number;
}

export interface TaskOptions {
  idempotencyKey?: string;
  timeoutSeconds?: number;
  maxRetries?: number;
}

/**
 * The open scope of every unit of work, in one AsyncLocalStorage for the process, keyed by unit of
 * work: each sees only its own, as with one storage each, but Node.js copies one store onto every
 * new promise and callback instead of one per unit (six in the one-process system), which was 8 % of
 * the gateway's CPU on a bare route (ADR 216).
 */
const scopes = new AsyncLocalStorage<ReadonlyMap<UnitOfWork<any, any>, Scope>>();

/**
 * The transaction a state change and its announcements share. Repositories take `manager()`;
 * `publishEvent` and `sendTask` write outbox rows into the same transaction, so an event is
 * published only if the change it reports was committed, and always once it was.
 */
export class UnitOfWork<E = unknown, T = unknown> {
  private readonly afterCommitListeners: ((rows: OutboxRow[]) => void)[] = [];

  constructor(
    private readonly dataSource: DataSource,
    private readonly store: MessageStore,
    private readonly topology: MeshTopology,
    readonly sender: string,
  ) {}

  /** The current transaction's manager, or the data source's when no transaction is open. */
  manager(): EntityManager {
    return this.scope()?.manager ?? this.dataSource.manager;
  }

  /**
   * The data source's manager whatever transaction is open: for work that must not join it (a
   * write started and not awaited would otherwise run on the transaction's connection beside its
   * next query, or after it was released).
   */
  poolManager(): EntityManager {
    return this.dataSource.manager;
  }

  inTransaction(): boolean {
    return this.scope()?.transactional ?? false;
  }

  /** The message being handled, when called from a handler. */
  currentMessage(): InboundEnvelope | undefined {
    return this.scope()?.message;
  }

  /** Runs fn in a transaction (joining the current one if there is one) and writes its outbox rows before commit. */
  async transaction<T>(fn: () => Promise<T>): Promise<T> {
    const current = this.scope();
    if (current?.transactional) return fn();
    const outbox: OutboxRow[] = [];
    const committed: (() => void)[] = [];
    const result = await this.dataSource.transaction(async (manager) => {
      const value = await this.runInOwnScope(
        { transactional: true, manager, outbox, message: current?.message, messageSpan: current?.messageSpan, committed },
        fn,
      );
      await this.store.insertOutbox(manager, outbox);
      return value;
    });
    if (outbox.length > 0) this.notifyCommitted(outbox);
    runAfterCommit(committed);
    return result;
  }

  /**
   * transaction() for a step whose only effect is the messages it queues (a job's `started` or
   * `progress` event): their outbox rows go in one INSERT, atomic by itself, with no transaction
   * around it — two statements fewer than transaction() (ADR 228). Inside an open transaction it
   * joins that one, as transaction() does. `fn` queues messages and nothing else: it is synchronous,
   * and the database work it could start would not be part of any transaction.
   */
  async publishOnly<R>(fn: () => R extends Promise<unknown> ? never : R): Promise<R> {
    const current = this.scope();
    if (current?.transactional) return fn();
    const outbox: OutboxRow[] = [];
    const committed: (() => void)[] = [];
    const manager = this.dataSource.manager;
    const value = this.runInOwnScope({ transactional: true, manager, outbox, message: current?.message, messageSpan: current?.messageSpan, committed }, fn);
    await this.store.insertOutbox(manager, outbox);
    if (outbox.length > 0) this.notifyCommitted(outbox);
    runAfterCommit(committed);
    return value;
  }

  /**
   * Used by the consumer: runs one handler inside the batch transaction it manages; the consumer
   * runs `committed` (runAfterCommit) once that transaction has committed. `messageSpan` is the
   * message's CONSUMER span, when tracing is on.
   */
  runInScope<T>(
    manager: EntityManager,
    outbox: OutboxRow[],
    message: InboundEnvelope,
    fn: () => Promise<T>,
    committed: (() => void)[] = [],
    messageSpan?: Span,
  ): Promise<T> {
    return this.runInOwnScope({ transactional: true, manager, outbox, message, messageSpan, committed }, fn);
  }

  /** Used by the consumer for handlers that run outside a transaction: they still join the message's trace. */
  runOutsideTransaction<T>(message: InboundEnvelope, fn: () => Promise<T>, messageSpan?: Span): Promise<T> {
    return this.runInOwnScope({ transactional: false, manager: this.dataSource.manager, outbox: [], message, messageSpan, committed: [] }, fn);
  }

  /**
   * Runs `callback` once the current transaction has committed — at once when none is open — and
   * never if it rolls back: for waking an in-process worker about rows it can only see after the
   * commit (ADR 204), from code that does not own the transaction (an event handler, whose batch
   * the consumer commits). The callback must be cheap and must not throw.
   */
  afterCommit(callback: () => void): void {
    const scope = this.scope();
    if (scope?.transactional) scope.committed.push(callback);
    else runAfterCommit([callback]);
  }

  /** Typed by the event map (ADR 134): the payload must be the one its type announces. */
  publishEvent<K extends keyof EventsOf<E> & string>(eventType: K, payload: EventsOf<E>[K], opts: EventOptions = {}): EventEnvelope<EventsOf<E>[K]> {
    const scope = this.requireScope(`publish ${eventType}`);
    const env = createEvent({
      sender: this.sender,
      eventType,
      payload,
      eventVersion: opts.eventVersion,
      idempotencyKey: opts.idempotencyKey,
      maxRetries: opts.maxRetries,
      parent: logicalParent(scope.message),
    });
    scope.outbox.push(this.outboxRowOf(env, this.topology.eventsExchange, eventType, scope.messageSpan));
    return env;
  }

  /** A fire-and-forget task to another agent, sent after commit (long work: results come back as events). */
  sendTask<K extends keyof TasksOf<T> & string>(
    agent: string,
    taskType: K,
    payload: PayloadIn<TasksOf<T>, K>,
    opts: TaskOptions = {},
  ): TaskEnvelope<PayloadIn<TasksOf<T>, K>> {
    const scope = this.requireScope(`send ${taskType}`);
    const env = createTask({
      sender: this.sender,
      taskType,
      payload,
      idempotencyKey: opts.idempotencyKey,
      timeoutSeconds: opts.timeoutSeconds,
      maxRetries: opts.maxRetries,
      parent: logicalParent(scope.message),
    });
    scope.outbox.push(this.outboxRowOf(env, this.topology.tasksExchange, agent, scope.messageSpan));
    return env;
  }

  /** Called with the outbox rows of every commit that wrote some (the relay publishes them at once). */
  onCommitted(listener: (rows: OutboxRow[]) => void): void {
    this.afterCommitListeners.push(listener);
  }

  notifyCommitted(rows: OutboxRow[]): void {
    for (const l of this.afterCommitListeners) l(rows);
  }

  /**
   * The row of a new message. Its creation is an event on the span writing it (the handler or the
   * request), not a span of its own (ADR 191); the traceparent stored with the row names the
   * relay's future PRODUCER span, whose parent is that writing span, so the relay and the consumer
   * join this trace whenever and wherever the row is published.
   */
  private outboxRowOf(env: Envelope, exchange: string, routingKey: string, messageSpan: Span | undefined): OutboxRow {
    const headers = outboxRowTrace(env, messageSpan);
    return headers
      ? { messageId: env.message_id, exchange, routingKey, envelope: JSON.stringify(env), headers, source: env }
      : outboxRow(env, exchange, routingKey);
  }

  private scope(): Scope | undefined {
    return scopes.getStore()?.get(this);
  }

  private runInOwnScope<R>(scope: Scope, fn: () => R): R {
    const open = new Map(scopes.getStore());
    open.set(this, scope);
    return scopes.run(open, fn);
  }

  private requireScope(what: string): Scope {
    const scope = this.scope();
    if (!scope?.transactional) {
      throw new MeshError('NO_TRANSACTION', `cannot ${what} outside a transaction: an announcement needs a state change`);
    }
    return scope;
  }
}

export function outboxRow(env: Envelope, exchange: string, routingKey: string, span?: Span): OutboxRow {
  return {
    messageId: env.message_id,
    exchange,
    routingKey,
    envelope: JSON.stringify(env),
    headers: { traceparent: traceparentHeader(env, span) },
    source: env,
  };
}
