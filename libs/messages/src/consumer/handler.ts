import type { InboundEnvelope } from '../envelope/envelope';

/** Options a handler declares (through `@MessagePattern(type, extras)` in NestJS). */
export interface HandlerOptions {
  /**
   * A read-only question (RPC): no transaction, no inbox row; answering twice is harmless.
   * Use only for handlers that change nothing.
   */
  query?: boolean;
  /**
   * Handled alone in its own transaction, never batched with other messages. Needed when the
   * handler does anything a rolled-back batch could not undo; by default handlers only touch
   * the database and are batched for throughput.
   */
  exclusive?: boolean;
  /**
   * An RPC command that opens its own transaction (UnitOfWork.transaction) after asking other
   * agents something: the consumer opens none and writes no inbox row (an RPC is never redelivered
   * by the broker; repeated HTTP requests are caught by the gateway's Idempotency-Key). Never ask
   * another agent while holding a transaction: in the embedded mode the database is one session,
   * and the other agent would wait for this transaction to end.
   */
  manualTransaction?: boolean;
  /**
   * What the handler locks, as a key (say `job:<id>` for a job row it updates). A batch takes one
   * advisory transaction lock per distinct key, in key order, before its first handler runs: two
   * batches in flight at once that touch the same rows then wait for each other at the start,
   * instead of each locking one row and waiting for the other's (a deadlock, which PostgreSQL
   * breaks after `deadlock_timeout` by failing one of them).
   */
  lockKey?: (envelope: InboundEnvelope) => string | null | undefined;
}

export interface HandlerDefinition {
  kind: 'task' | 'event';
  /** task_type or event_type. */
  type: string;
  options: HandlerOptions;
  handle(envelope: InboundEnvelope): Promise<unknown>;
}

export class HandlerRegistry {
  private readonly tasks = new Map<string, HandlerDefinition>();
  private readonly events = new Map<string, HandlerDefinition>();

  add(def: HandlerDefinition): this {
    const map = def.kind === 'task' ? this.tasks : this.events;
    if (map.has(def.type)) throw new Error(`two handlers for ${def.kind} ${def.type}`);
    map.set(def.type, def);
    return this;
  }

  find(env: InboundEnvelope): HandlerDefinition | undefined {
    return env.message_type === 'task' ? this.tasks.get(env.task_type) : this.events.get(env.event_type);
  }

  eventTypes(): string[] {
    return [...this.events.keys()];
  }

  taskTypes(): string[] {
    return [...this.tasks.keys()];
  }
}
