import type { EntityManager } from 'typeorm';
import type { BrokerPort, ConsumerHandle, Delivery } from '../broker/broker.port';
import type { MeshTopology } from '../broker/topology';
import { createResponse, messageTypeName, parseEnvelope, traceparentOf, type InboundEnvelope, type TaskEnvelope } from '../envelope/envelope';
import { isRetryable, toRemoteError } from '../errors';
import { runAfterCommit, type UnitOfWork } from '../outbox/unit-of-work';
import type { MessageStore, OutboxRow } from '../store/message.store';
import {
  type ConsumerSpan,
  detached,
  endSpan,
  type MessagingSystem,
  messagingSystemOf,
  recordFailure,
  startBatchSpan,
  deliveryTraceFlags,
  startConsumerSpan,
  withSpanAndScope,
  withSpanContext,
} from '../tracing/mesh-tracing';
import { LaterSpans } from '../tracing/child-context';
import type { TraceScope } from '../tracing/trace-scope';
import type { HandlerDefinition, HandlerRegistry } from './handler';

export interface ConsumerOptions {
  agent: string;
  /** Unacknowledged messages the broker may hand this consumer at once. */
  prefetch: number;
  /** Most messages handled in one database transaction. */
  batchSize: number;
  /** Transactions in flight at once (each holds a database connection). */
  concurrency: number;
  /**
   * Messages of query and manualTransaction handlers in flight at once. They hold no transaction
   * while they wait (on another agent, on AI), so many can overlap; default 16.
   */
  unbatchedConcurrency?: number;
}

export interface ConsumerLogger {
  warn(msg: string, meta?: Record<string, unknown>): void;
  error(msg: string, meta?: Record<string, unknown>): void;
  /** One line per settled message (LOG_LEVEL=debug), in the message's trace scope. */
  debug?(msg: string, meta?: Record<string, unknown>): void;
  /** False when debug lines are dropped anyway: the consumer then skips entering each message's scope to write one. */
  readonly debugEnabled?: boolean;
}

/** What the mesh reports for metrics: every message it settles, with how it ended, and more. */
export interface MeshObserver {
  settled(type: string, outcome: 'handled' | 'duplicate' | 'retried' | 'dead_lettered' | 'answered_error', seconds?: number): void;
  /** A message dead-lettered on arrival, before any handler: malformed, or nobody handles its type. */
  rejected?(reason: 'malformed' | 'no_handler'): void;
  /** An RPC answered (ok or error) or timed out, by task type. */
  rpc?(type: string, outcome: 'ok' | 'error' | 'timeout', seconds: number): void;
  /** Called once per node: what a scrape reads (outbox backlog, dead letters waiting). */
  watch?(sources: MeshGaugeSources): void;
}

export interface MeshGaugeSources {
  outbox(): Promise<{ backlog: number; oldestAgeSeconds: number }>;
  deadLettersWaiting(): Promise<number>;
  /** The broker's view of the agent's queues (empty for a node that only sends); a queue the broker cannot tell of is left out. */
  queues(): Promise<MeshQueueStats[]>;
}

/** One of an agent's queues: `tasks` (tasks and events), `rpc` (requests), `dead` (dead letters not yet kept). */
export interface MeshQueueStats {
  queue: 'tasks' | 'rpc' | 'dead';
  messages: number;
  consumers: number;
}

/** The brand a message is about, for its log lines: `payload.brandId`, or a job task's `payload.input.brandId`. */
function brandIdOf(payload: unknown): string | undefined {
  if (!payload || typeof payload !== 'object') return undefined;
  const p = payload as { brandId?: unknown; input?: { brandId?: unknown } | null };
  if (typeof p.brandId === 'string') return p.brandId;
  return p.input && typeof p.input === 'object' && typeof p.input.brandId === 'string' ? p.input.brandId : undefined;
}

/** Seams for tests that must stop a consumer at an exact point (e.g. after commit, before ack). */
export interface ConsumerHooks {
  afterCommit?: (envelopes: InboundEnvelope[]) => Promise<void> | void;
}

interface Item {
  delivery: Delivery;
  envelope: InboundEnvelope;
  handler: HandlerDefinition;
  /** process.hrtime.bigint() when the message was taken. */
  takenAt?: bigint;
  result?: unknown;
  duplicate?: boolean;
  /** The CONSUMER span while tracing is on; ended when the message is settled. */
  trace?: ConsumerSpan;
  /** Its trace flags, read on delivery (deliveryTraceFlags); undefined while tracing is off. */
  traceFlags?: number;
}

export const DEAD_LETTER_HEADERS = {
  code: 'x-mt-error-code',
  reason: 'x-mt-reason',
  attempts: 'x-mt-attempts',
  agent: 'x-mt-agent',
  failedAt: 'x-mt-failed-at',
} as const;

/**
 * The delivery contract, written once for every transport:
 * validate → (inbox + handler + outbox in one transaction) → reply → ack.
 * A failed handler is retried through the delay queues with exponential backoff, then
 * dead-lettered with its error; invalid envelopes and unknown types are dead-lettered at once.
 */
export class MessageConsumer {
  private handles: ConsumerHandle[] = [];
  private readonly queue: Item[] = [];
  private active = 0;
  private activeUnbatched = 0;
  private stopping = false;
  private killed = false;
  private idle: (() => void)[] = [];
  private readonly system: MessagingSystem;

  constructor(
    private readonly broker: BrokerPort,
    private readonly topology: MeshTopology,
    private readonly store: MessageStore,
    private readonly uow: UnitOfWork<any, any>, // any map: the consumer only opens scopes
    private readonly handlers: HandlerRegistry,
    private readonly options: ConsumerOptions,
    private readonly logger: ConsumerLogger,
    private readonly hooks: ConsumerHooks = {},
    private readonly observer?: MeshObserver,
  ) {
    this.system = messagingSystemOf(broker.kind);
  }

  /** The message's CONSUMER span, started once (a batch that failed is retried one by one in the same span). */
  private traced(item: Item): ConsumerSpan | undefined {
    item.trace ??= startConsumerSpan(
      item.envelope,
      this.options.agent,
      item.delivery.headers,
      this.system,
      this.topology.agentQueue(this.options.agent),
      item.traceFlags,
    );
    return item.trace;
  }

  /** Runs handler code in the message's span and log scope (trace id, correlation id, brand id). */
  private inItemScope<T>(item: Item, fn: () => T): T {
    return withSpanAndScope(item.trace, this.scopeOf(item), fn);
  }

  private scopeOf(item: Item): TraceScope {
    const env = item.envelope;
    return {
      traceId: env.trace_id,
      spanId: item.trace?.span.spanContext().spanId ?? env.span_id,
      correlationId: env.correlation_id,
      messageId: env.message_id,
      brandId: brandIdOf(env.payload),
      app: this.options.agent,
    };
  }

  private endItem(item: Item, outcome: string): void {
    if (this.logger.debug && this.logger.debugEnabled !== false) {
      const type = messageTypeName(item.envelope);
      const seconds = item.takenAt === undefined ? undefined : Number(process.hrtime.bigint() - item.takenAt) / 1e9;
      this.inItemScope(item, () =>
        this.logger.debug?.('message settled', { agent: this.options.agent, type, outcome, ...(seconds === undefined ? {} : { seconds }) }),
      );
    }
    if (!item.trace) return;
    // An unsampled message's span records nothing and needs no end.
    if (item.trace.recorded) {
      item.trace.span.setAttribute('marketing_team.outcome', outcome);
      endSpan(item.trace.span);
    }
    item.trace = undefined;
  }

  private observe(item: Item, outcome: Parameters<MeshObserver['settled']>[1]): void {
    if (!this.observer) return;
    const seconds = item.takenAt === undefined ? undefined : Number(process.hrtime.bigint() - item.takenAt) / 1e9;
    this.observer.settled(messageTypeName(item.envelope), outcome, seconds);
  }

  async start(): Promise<void> {
    const { agent } = this.options;
    await this.broker.declare(this.topology.forAgent(agent, this.handlers.eventTypes()));
    this.stopping = false;
    for (const queue of [this.topology.agentQueue(agent), this.topology.rpcQueue(agent)]) {
      this.handles.push(await this.broker.consume(queue, this.options.prefetch, (d) => this.onDelivery(d)));
    }
  }

  /**
   * Graceful: stops taking messages (basic.cancel first, so what it returns is not handed straight
   * back), returns those not started to the queue, finishes and acknowledges those in hand.
   */
  async stop(): Promise<void> {
    if (this.killed) return;
    this.stopping = true;
    await Promise.all(this.handles.map((h) => h.stopConsuming()));
    for (const item of this.queue.splice(0)) item.delivery.nack(true);
    if (this.active + this.activeUnbatched > 0) await new Promise<void>((resolve) => this.idle.push(resolve));
    await this.cancelAll();
  }

  /** Abrupt, like a killed process: the broker gets back every message not yet acknowledged. */
  async kill(): Promise<void> {
    this.stopping = true;
    this.killed = true;
    this.queue.splice(0);
    for (const r of this.idle.splice(0)) r();
    await this.cancelAll();
  }

  private async cancelAll(): Promise<void> {
    const handles = this.handles.splice(0);
    await Promise.all(handles.map((h) => h.cancel()));
  }

  private onDelivery(d: Delivery): void {
    if (this.stopping) {
      d.nack(true);
      return;
    }
    const parsed = parseEnvelope(d.body);
    if (!parsed.ok) {
      this.observer?.rejected?.('malformed');
      void this.deadLetter(d, null, 'INVALID_ENVELOPE', parsed.reason, 0);
      return;
    }
    const env = parsed.envelope;
    if (env.message_type === 'response') {
      this.observer?.rejected?.('malformed');
      void this.deadLetter(d, null, 'INVALID_ENVELOPE', 'a response was delivered to an agent queue', 0);
      return;
    }
    const handler = this.handlers.find(env);
    if (!handler) {
      const reason = `${this.options.agent} has no handler for ${env.message_type} ${messageTypeName(env)}`;
      const traced = startConsumerSpan(env, this.options.agent, d.headers, this.system, this.topology.agentQueue(this.options.agent));
      this.observer?.rejected?.('no_handler');
      recordFailure(traced?.span, 'dead_letter', { code: 'NO_HANDLER', message: reason });
      endSpan(traced?.span);
      void this.deadLetter(d, env, 'NO_HANDLER', reason, 0);
      return;
    }
    if (isExpiredRequest(env)) {
      // The caller stopped waiting (it already answered its own caller AGENT_UNAVAILABLE).
      d.ack();
      return;
    }
    this.queue.push({
      delivery: d,
      envelope: env,
      handler,
      takenAt: this.observer ? process.hrtime.bigint() : undefined,
      traceFlags: deliveryTraceFlags(env, d.headers),
    });
    this.pump();
  }

  /**
   * Two lanes: batches of transactional handlers (at most `concurrency` transactions at once) and
   * messages of handlers that run outside a transaction (at most `unbatchedConcurrency`), so a
   * handler waiting on AI or on another agent never holds back the batches, nor they it.
   */
  private pump(): void {
    const unbatchedLimit = this.options.unbatchedConcurrency ?? 16;
    let i = 0;
    while (i < this.queue.length) {
      const item = this.queue[i];
      if (runsOutsideTransaction(item.handler)) {
        if (this.activeUnbatched >= unbatchedLimit) {
          i++;
          continue;
        }
        this.queue.splice(i, 1);
        this.activeUnbatched++;
        void detached(() => this.process([item])).finally(() => {
          this.activeUnbatched--;
          this.settled();
        });
        continue;
      }
      if (this.active >= this.options.concurrency) {
        i++;
        continue;
      }
      const batch = this.takeBatch(i);
      this.active++;
      void detached(() => this.process(batch)).finally(() => {
        this.active--;
        this.settled();
      });
    }
  }

  private settled(): void {
    if (this.active + this.activeUnbatched === 0 && this.queue.length === 0) for (const r of this.idle.splice(0)) r();
    this.pump();
  }

  /** A batch of transactional messages starting at `from`: consecutive ones, an exclusive one alone. */
  private takeBatch(from: number): Item[] {
    const [first] = this.queue.splice(from, 1);
    if (first.handler.options.exclusive) return [first];
    const batch = [first];
    let i = from;
    while (batch.length < this.options.batchSize && i < this.queue.length) {
      const next = this.queue[i];
      if (runsOutsideTransaction(next.handler)) {
        i++;
        continue;
      }
      if (isAlone(next.handler)) break;
      batch.push(...this.queue.splice(i, 1));
    }
    return batch;
  }

  private async process(batch: Item[]): Promise<void> {
    for (const item of batch) this.traced(item);
    if (batch.length === 1 && runsOutsideTransaction(batch[0].handler)) return this.processQuery(batch[0]);
    // The handlers' recorded statements become spans together once the transaction ends (ADR 240).
    const later = new LaterSpans();
    for (const item of batch) if (item.trace?.recorded) item.trace.later = later;
    // One message: its transaction runs in its span; several: in a batch span linked to each.
    const batchSpan =
      batch.length > 1
        ? startBatchSpan(
            this.options.agent,
            batch.map((i) => i.trace),
            this.system,
          )
        : batch[0].trace;
    // The batch's own statements wait with its handlers' (ADR 240).
    if (batchSpan?.recorded) batchSpan.later = later;
    try {
      await withSpanContext(batchSpan, () => this.runTransaction(batch));
    } catch (err) {
      later.make();
      if (batch.length > 1) endSpan(batchSpan?.span);
      if (batch.length > 1) {
        // One bad message must not hold back the others: handle each on its own.
        for (const item of batch) await this.process([item]);
        return;
      }
      await this.fail(batch[0], err);
      return;
    }
    later.make();
    if (batch.length > 1) endSpan(batchSpan?.span);
    await this.hooks.afterCommit?.(batch.map((i) => i.envelope));
    await this.settle(batch);
  }

  private async runTransaction(batch: Item[]): Promise<void> {
    const outbox: OutboxRow[] = [];
    const committed: (() => void)[] = [];
    await this.store.dataSource.transaction(async (em: EntityManager) => {
      // The rows the batch's handlers say they lock, taken first and in one order (HandlerOptions.lockKey).
      await this.store.lockKeys(em, this.options.agent, lockKeysOf(batch));
      const fresh = await this.store.claimInbox(
        em,
        this.options.agent,
        batch.map((i) => ({
          messageId: i.envelope.message_id,
          idempotencyKey: i.envelope.idempotency_key,
          messageType: messageTypeName(i.envelope),
        })),
      );
      const responses: { messageId: string; response: string }[] = [];
      for (const item of batch) {
        // A message delivered again while its first copy waits in the same batch is claimed once:
        // the first copy takes the claim, the others are duplicates.
        item.duplicate = !fresh.delete(item.envelope.message_id);
        if (item.duplicate) continue;
        item.result = await this.inItemScope(item, () =>
          this.uow.runInScope(em, outbox, item.envelope, () => item.handler.handle(item.envelope), committed, item.trace?.span),
        );
        if (item.envelope.reply_to) {
          responses.push({ messageId: item.envelope.message_id, response: JSON.stringify(item.result ?? null) });
        }
      }
      await this.store.saveResponses(em, this.options.agent, responses);
      await this.store.insertOutbox(em, outbox);
    });
    if (outbox.length > 0) this.uow.notifyCommitted(outbox);
    runAfterCommit(committed);
  }

  /** After commit: answer callers, then acknowledge. */
  private async settle(batch: Item[]): Promise<void> {
    for (const item of batch) {
      const env = item.envelope;
      if (env.message_type === 'task' && env.reply_to) {
        let result = item.result;
        if (item.duplicate) {
          const stored = await this.store.storedResponse(this.options.agent, env.message_id, env.idempotency_key);
          result = stored === null ? null : JSON.parse(stored);
        }
        await this.reply(item, { result: result ?? null });
      }
      item.delivery.ack();
      this.observe(item, item.duplicate ? 'duplicate' : 'handled');
      this.endItem(item, item.duplicate ? 'duplicate' : 'handled');
    }
  }

  private async processQuery(item: Item): Promise<void> {
    const env = item.envelope;
    // A keyed RPC to a handler that runs its own transactions (not a pure query): the inbox still
    // answers a copy sent again with the first one's stored result (ADR 150, 161) — e.g. a publish
    // POST retried with its Idempotency-Key after the gateway lost its record of the key.
    const keyed = !item.handler.options.query && env.message_type === 'task' && !!env.reply_to && !!env.idempotency_key;
    try {
      if (keyed) {
        const stored = await this.store.storedResponse(this.options.agent, env.message_id, env.idempotency_key);
        if (stored !== null) {
          await this.reply(item, { result: JSON.parse(stored) });
          this.observe(item, 'duplicate');
          this.endItem(item, 'duplicate');
          item.delivery.ack();
          return;
        }
      }
      const result = await this.inItemScope(item, () =>
        this.uow.runOutsideTransaction(item.envelope, () => item.handler.handle(item.envelope), item.trace?.span),
      );
      if (keyed) {
        await this.store
          .recordResponse(
            this.options.agent,
            { messageId: env.message_id, idempotencyKey: env.idempotency_key, messageType: messageTypeName(env) },
            JSON.stringify(result ?? null),
          )
          .catch((err: unknown) => {
            // The work is done and its answer goes out; only the recognition of a later copy is lost.
            this.logger.warn('could not record a handled keyed request in the inbox', { messageId: env.message_id, error: (err as Error).message });
          });
      }
      await this.reply(item, { result: result ?? null });
      this.observe(item, 'handled');
      this.endItem(item, 'handled');
    } catch (err) {
      // A caller waiting on an RPC gets the error; a dispatched task or an event (no caller) is
      // retried with backoff, then dead-lettered, like any other message.
      await this.fail(item, err);
      return;
    }
    item.delivery.ack();
  }

  private async fail(item: Item, err: unknown): Promise<void> {
    const env = item.envelope;
    const remote = toRemoteError(err);
    if (env.message_type === 'task' && env.reply_to) {
      // The caller is waiting: it gets the error now and decides; no broker-side retry.
      await this.reply(item, { error: remote });
      item.delivery.ack();
      this.observe(item, 'answered_error');
      recordFailure(item.trace?.span, 'error', remote);
      this.endItem(item, 'answered_error');
      return;
    }
    const attempts = env.retry_count + 1;
    if (!isRetryable(err) || env.retry_count >= env.max_retries) {
      const why = isRetryable(err) ? `failed ${attempts} times` : 'failed with a permanent error';
      await this.deadLetter(item.delivery, env, remote.code, `${why}: ${remote.message}`, attempts);
      this.observe(item, 'dead_lettered');
      recordFailure(item.trace?.span, 'dead_letter', remote, { 'marketing_team.attempts': attempts });
      this.endItem(item, 'dead_lettered');
      return;
    }
    const delay = this.topology.retryDelayMs(env.retry_count);
    const retry = { ...env, retry_count: attempts };
    try {
      await this.broker.publish('', this.topology.retryQueue(this.options.agent, delay), {
        body: Buffer.from(JSON.stringify(retry)),
        messageId: env.message_id,
        headers: { traceparent: traceparentOf(env, item.delivery.headers.traceparent), 'x-mt-last-error': remote.message.slice(0, 500) },
      });
      item.delivery.ack();
      this.observe(item, 'retried');
      recordFailure(item.trace?.span, 'retry', remote, { 'marketing_team.attempts': attempts, 'marketing_team.retry.delay_ms': delay });
      this.endItem(item, 'retried');
    } catch (publishErr) {
      this.logger.error('could not schedule a retry; the message goes back to the queue', {
        messageId: env.message_id,
        error: (publishErr as Error).message,
      });
      item.delivery.nack(true);
      this.endItem(item, 'requeued');
    }
  }

  private async reply(item: Item, outcome: { result: unknown } | { error: ReturnType<typeof toRemoteError> }) {
    const env = item.envelope as TaskEnvelope;
    const replyTo = item.delivery.replyTo ?? env.reply_to;
    if (!replyTo) return;
    const response = createResponse(this.options.agent, env, outcome);
    try {
      await this.broker.reply(replyTo, {
        body: Buffer.from(JSON.stringify(response)),
        messageId: response.message_id,
        correlationId: item.delivery.correlationId ?? env.correlation_id,
        persistent: false,
      });
    } catch (err) {
      // The caller times out into AGENT_UNAVAILABLE; the work itself is committed.
      this.logger.warn('could not send a reply', { messageId: env.message_id, error: (err as Error).message });
    }
  }

  private async deadLetter(d: Delivery, env: InboundEnvelope | null, code: string, reason: string, attempts: number): Promise<void> {
    this.logger.warn('message dead-lettered', { agent: this.options.agent, code, reason, messageId: env?.message_id });
    if (env?.message_type === 'task' && env.reply_to && code !== 'INVALID_ENVELOPE') {
      await this.reply({ delivery: d, envelope: env } as Item, {
        error: { code, message: reason, retryable: false, status: code === 'NO_HANDLER' ? 501 : 500 },
      });
    }
    try {
      await this.broker.publish(this.topology.deadExchange, this.options.agent, {
        body: d.body,
        messageId: env?.message_id ?? d.messageId ?? 'unknown',
        headers: {
          ...(d.headers as Record<string, string>),
          [DEAD_LETTER_HEADERS.code]: code,
          [DEAD_LETTER_HEADERS.reason]: reason.slice(0, 2000),
          [DEAD_LETTER_HEADERS.attempts]: attempts,
          [DEAD_LETTER_HEADERS.agent]: this.options.agent,
          [DEAD_LETTER_HEADERS.failedAt]: new Date().toISOString(),
        },
      });
      d.ack();
    } catch (err) {
      this.logger.error('could not dead-letter a message; it goes back to the queue', { error: (err as Error).message });
      d.nack(true);
    }
  }
}

/** The distinct lock keys of a batch's handlers, sorted: every batch takes its locks in the same order. */
function lockKeysOf(batch: readonly { envelope: InboundEnvelope; handler: HandlerDefinition }[]): string[] {
  const keys = new Set<string>();
  for (const item of batch) {
    const key = item.handler.options.lockKey?.(item.envelope);
    if (key) keys.add(key);
  }
  return [...keys].sort();
}

function runsOutsideTransaction(h: HandlerDefinition): boolean {
  return !!(h.options.query || h.options.manualTransaction);
}

function isAlone(h: HandlerDefinition): boolean {
  return runsOutsideTransaction(h) || !!h.options.exclusive;
}

function isExpiredRequest(env: InboundEnvelope): boolean {
  if (env.message_type !== 'task' || !env.reply_to) return false;
  return Date.parse(env.timestamp) + env.timeout_seconds * 1000 < Date.now();
}
