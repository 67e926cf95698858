import { type Context, INVALID_SPAN_CONTEXT, ROOT_CONTEXT, type Span, trace } from '@opentelemetry/api';

/** The longest chain of values kept before a context is copied into the API's own (ADR 233). */
const MAX_DEPTH = 8;

/**
 * An OpenTelemetry context one value longer than its parent, made without copying it. The API's
 * context copies its parent's whole map on every `setValue`; a consumed message's context takes
 * three values on top of its app's (the remote parent, its span, its log scope), each a copy.
 * Reading walks the chain, never longer than MAX_DEPTH: beyond it, the values are copied into the
 * API's context once. The Context interface is all the SDK, its context manager and the
 * instrumentations use, so this is a context like any other to them (ADR 233).
 */
export class ChildContext implements Context {
  private readonly depth: number;

  constructor(
    private readonly parent: Context,
    private readonly key: symbol,
    private readonly value: unknown,
  ) {
    this.depth = parent instanceof ChildContext ? parent.depth + 1 : 1;
  }

  getValue(key: symbol): unknown {
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    let c: Context = this;
    while (c instanceof ChildContext) {
      if (c.key === key) return c.value;
      c = c.parent;
    }
    return c.getValue(key);
  }

  setValue(key: symbol, value: unknown): Context {
    return this.depth < MAX_DEPTH ? new ChildContext(this, key, value) : this.flattened().setValue(key, value);
  }

  /** A deleted value reads as undefined, as in the API's context. */
  deleteValue(key: symbol): Context {
    return this.depth < MAX_DEPTH ? new ChildContext(this, key, undefined) : this.flattened().deleteValue(key);
  }

  /** The same values in the API's own context. */
  private flattened(): Context {
    const chain: ChildContext[] = [];
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    let c: Context = this;
    for (; c instanceof ChildContext; c = c.parent) chain.push(c);
    for (let i = chain.length - 1; i >= 0; i--) c = chain[i].value === undefined ? c.deleteValue(chain[i].key) : c.setValue(chain[i].key, chain[i].value);
    return c;
  }
}

/**
 * The API's key for a context's span (`trace.setSpan`), a registered symbol so that every copy of
 * the API finds it; undefined if this API keeps it otherwise (then `withSpan` is `trace.setSpan`).
 */
const SPAN_KEY: symbol | undefined = (() => {
  const key = Symbol.for('OpenTelemetry Context Key SPAN');
  const probe = trace.wrapSpanContext(INVALID_SPAN_CONTEXT);
  return trace.setSpan(ROOT_CONTEXT, probe).getValue(key) === probe ? key : undefined;
})();

/** `trace.setSpan` without copying the parent context. */
export function withSpan(parent: Context, span: Span): Context {
  return SPAN_KEY ? new ChildContext(parent, SPAN_KEY, span) : trace.setSpan(parent, span);
}

/**
 * The context a handled message's code runs in: its log scope (the value this adds) over its span's
 * context, with the span and whether it records kept on the one object. The checks made on every
 * statement and request of the handler (is the active span recording? which span is it?) then read
 * this object alone instead of walking the chain to the span, whose objects were made before the
 * handler's last wait and are likely out of the CPU's caches by the time it asks (ADR 238).
 */
export class HandlerContext extends ChildContext {
  constructor(
    parent: Context,
    scopeKey: symbol,
    scope: unknown,
    readonly span: Span,
    /** False for a span that can never record (an unsampled message's). */
    readonly recorded: boolean,
    /** Where the handler's statements leave their spans to be made when its batch ends, if anywhere. */
    readonly later?: LaterSpans,
  ) {
    super(parent, scopeKey, scope);
  }

  override getValue(key: symbol): unknown {
    return key === SPAN_KEY ? this.span : super.getValue(key);
  }
}

/** Whether the context's span records: its own field for a handler's context, else its span asked. */
export function recordsIn(ctx: Context): boolean {
  if (ctx instanceof HandlerContext) return ctx.recorded && ctx.span.isRecording();
  return trace.getSpan(ctx)?.isRecording() === true;
}

/** A piece of recorded work kept as its readings, to be made into a span later (LaterSpans). */
export interface LaterSpan {
  make(): void;
}

/**
 * The spans a batch's handlers leave to be made when the batch ends: their starts and ends read as
 * they happen, the spans made together, one after another, after the transaction (ADR 240). Once
 * made, the list is closed: work still running then (a statement not awaited) makes its span itself.
 */
export class LaterSpans {
  private readonly pending: LaterSpan[] = [];
  private open = true;

  /** Keeps `s` for later; false once the list is closed (then the caller makes its span now). */
  add(s: LaterSpan): boolean {
    if (!this.open) return false;
    this.pending.push(s);
    return true;
  }

  /** Makes every span kept, and closes the list. */
  make(): void {
    this.open = false;
    for (let i = 0; i < this.pending.length; i++) this.pending[i].make();
    this.pending.length = 0;
  }
}

/**
 * The context a batch's own statements (its transaction, the inbox claim, the outbox rows) run in:
 * `parent`, the batch's span's, with the batch's list of spans to make when it ends (ADR 240).
 */
export function withLaterSpans(parent: Context, span: Span, later: LaterSpans): Context {
  return SPAN_KEY ? new HandlerContext(parent, SPAN_KEY, span, span, true, later) : parent;
}

/** The list a handler's recorded statements leave their spans on, when it runs in a batch that keeps one. */
export function laterSpansIn(ctx: Context): LaterSpans | undefined {
  return ctx instanceof HandlerContext ? ctx.later : undefined;
}
