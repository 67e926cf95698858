import {
  ROOT_CONTEXT,
  type Attributes,
  type Context,
  createContextKey,
  INVALID_SPANID,
  INVALID_TRACEID,
  type Link,
  type Span,
  type SpanContext,
  SpanKind,
  SpanStatusCode,
  trace,
  TraceFlags,
} from '@opentelemetry/api';
import { type Envelope, type InboundEnvelope, newSpanId, type TraceParent } from '../envelope/envelope';
import { activeContext, withContext } from './active-context';
import { HandlerContext, type LaterSpan, type LaterSpans, laterSpansIn, recordsIn, withLaterSpans, withSpan } from './child-context';
export { LaterSpans, type LaterSpan, laterSpansIn } from './child-context';
import { currentTraceScope, keepTraceScopeInOtelContext, outsideTraceScope, runInTraceScope, TRACE_SCOPE_KEY, type TraceScope } from './trace-scope';

/**
 * OpenTelemetry spans of the mesh, after the messaging semantic conventions: a PRODUCER span where
 * a message is created (its ids become the envelope's trace_id/span_id and the AMQP traceparent),
 * a PRODUCER span where the outbox relay sends it (parented on the traceparent stored with the
 * row), and a CONSUMER span per handled message, parented by the envelope's traceparent. Retries
 * and dead-lettering are events on the consumer span. Off (no work at all) until a process that
 * started an SDK calls enableMeshTracing(); see docs/adr/091-mesh-spans-and-trace-context.md.
 */
export const MESH_TRACER = '@mt/messages';
const tracer = trace.getTracer(MESH_TRACER);

/** Which app the work belongs to; the same key as APP_KEY of the runtime's telemetry module. */
export const APP_CONTEXT_KEY = createContextKey('marketing-team.app');

let enabled = false;

/**
 * The root context with an app recorded, one per app: the consumer and the relay start each span
 * from it instead of copying the active context's map for it on every message.
 */
const appContexts = new Map<string, Context>();

function appContext(app: string): Context {
  let ctx = appContexts.get(app);
  if (!ctx) {
    ctx = ROOT_CONTEXT.setValue(APP_CONTEXT_KEY, app);
    appContexts.set(app, ctx);
  }
  return ctx;
}

/**
 * Starts a recorded mesh span: its attributes object is built for it alone, as one literal. The
 * SDK's tracer by default; the runtime passes its owned-span starter, which makes the same span
 * without re-checking attributes the mesh built itself (ADR 233).
 */
export type MeshSpanStart = (name: string, kind: SpanKind, attributes: Attributes, parent: Context, links?: readonly Link[], spanId?: string) => Span;

function sdkSpanStart(name: string, kind: SpanKind, attributes: Attributes, parent: Context, links?: readonly Link[], spanId?: string): Span {
  presetSpanId = spanId;
  try {
    return tracer.startSpan(name, { kind, attributes, links: links as Link[] | undefined }, parent);
  } finally {
    presetSpanId = undefined;
  }
}

let startSpan: MeshSpanStart = sdkSpanStart;

export function enableMeshTracing(on = true, opts: { startSpan?: MeshSpanStart } = {}): void {
  enabled = on;
  startSpan = (on && opts.startSpan) || sdkSpanStart;
  keepTraceScopeInOtelContext(on);
}

export function meshTracingEnabled(): boolean {
  return enabled;
}

/** The message system attribute: RabbitMQ, or the in-process transport of the embedded mode. */
export type MessagingSystem = 'rabbitmq' | 'in_process';

export function messagingSystemOf(brokerKind: string): MessagingSystem {
  return brokerKind === 'amqp' ? 'rabbitmq' : 'in_process';
}

/**
 * A span or event name, `<operation> <message type>`, the same string each time: the exporter
 * encodes each distinct name once and finds it again by the string, which a name built afresh
 * per message would make it hash anew (ADR 233). Bounded: beyond 1,024 types, names are built.
 */
const names = { create: new Map<string, string>(), send: new Map<string, string>(), process: new Map<string, string>() };

function spanName(operation: 'create' | 'send' | 'process', type: string): string {
  const known = names[operation];
  let name = known.get(type);
  if (name === undefined) {
    name = `${operation} ${type}`;
    if (known.size < 1_024) known.set(type, name);
  }
  return name;
}

function typeOf(env: Envelope): string {
  return env.message_type === 'task' ? env.task_type : env.message_type === 'event' ? env.event_type : 'response';
}

/**
 * A mesh span's attributes, as one object literal per kind of span: spreading a shared object into
 * each (what this did before) was a third of the mesh's own tracing CPU in the profile (ADR 158).
 * Only what the messaging conventions and an operator need: the message type is the span's name
 * and the routing key, so it is not repeated as an attribute of its own (ADR 166); every attribute
 * is made, checked and serialised once per span. `messaging.operation.name` (implied by the
 * operation type), the consumer's routing key (its span name) and consumer group (the
 * service.name) are not written (ADR 191).
 */
function producerAttributes(env: Envelope, system: MessagingSystem, exchange: string, routingKey: string, operation: 'create' | 'send'): Attributes {
  return {
    'messaging.system': system,
    'messaging.destination.name': exchange,
    'messaging.rabbitmq.destination.routing_key': routingKey,
    'messaging.message.id': env.message_id,
    'messaging.message.conversation_id': env.correlation_id,
    'messaging.operation.type': operation,
  };
}

function relayAttributes(env: Envelope, system: MessagingSystem, exchange: string, routingKey: string): Attributes {
  return {
    'messaging.system': system,
    'messaging.destination.name': exchange,
    'messaging.rabbitmq.destination.routing_key': routingKey,
    'messaging.message.id': env.message_id,
    'messaging.message.conversation_id': env.correlation_id,
    'messaging.operation.type': 'send',
    'marketing_team.outbox': true,
  };
}

function consumerAttributes(env: InboundEnvelope, system: MessagingSystem, queue: string): Attributes {
  return {
    'messaging.system': system,
    'messaging.destination.name': queue,
    'messaging.message.id': env.message_id,
    'messaging.message.conversation_id': env.correlation_id,
    'messaging.operation.type': 'process',
    'marketing_team.retry_count': env.retry_count,
  };
}

/** Whether a context's span (a local one, or a remote parent) was sampled: an unsampled parent makes non-recording children. */
function sampledIn(ctx: Context): boolean {
  const sc = trace.getSpanContext(ctx);
  return !sc || (sc.traceFlags & TraceFlags.SAMPLED) === TraceFlags.SAMPLED;
}

/**
 * The span of work in an unsampled trace: fresh ids under the parent's trace id, made without the
 * SDK (no sampler, no processors, no clock reads). The messages and log lines of the work still
 * carry its ids, and instrumentations see a non-recording parent and record nothing (ADR 094).
 */
function unsampledChild(parent: Context): Span {
  const sc = trace.getSpanContext(parent);
  return trace.wrapSpanContext({ traceId: sc?.traceId ?? '', spanId: newSpanId(), traceFlags: TraceFlags.NONE });
}

/**
 * Whether a span has ids (the API's no-op span has the all-zero ones). The SDK and this module only
 * make well-formed ids, so the API's hex check of both (two regular expressions per message) is not
 * repeated here.
 */
function hasIds(sc: SpanContext): boolean {
  return sc.traceId !== INVALID_TRACEID && sc.spanId !== INVALID_SPANID;
}

/** A parent for a new message: the active span, else the message or request being handled. */
function parentContext(parent: TraceParent | undefined): Context {
  const active = activeContext();
  const span = trace.getSpan(active);
  if (span && hasIds(span.spanContext())) return active;
  const logical = parent ?? scopeParent();
  if (!logical) return active;
  return trace.setSpanContext(active, {
    traceId: logical.trace_id,
    spanId: logical.span_id,
    traceFlags: TraceFlags.SAMPLED,
    isRemote: true,
  });
}

function scopeParent(): TraceParent | undefined {
  const s = currentTraceScope();
  return s ? { trace_id: s.traceId, span_id: s.spanId, correlation_id: s.correlationId ?? s.requestId ?? s.traceId } : undefined;
}

/** The parent a new envelope takes when tracing is off: the message, else the request being handled. */
export function logicalParent(message: InboundEnvelope | undefined): TraceParent | undefined {
  if (message) return { trace_id: message.trace_id, span_id: message.span_id, correlation_id: message.correlation_id };
  return scopeParent();
}

/**
 * Starts the PRODUCER span of a new message and writes its ids into the envelope, so the consumer
 * span becomes its child. Answers undefined when tracing is off (the envelope keeps its own ids).
 */
export function startProducerSpan(
  env: Envelope,
  operation: 'create' | 'send',
  where: { system: MessagingSystem; exchange: string; routingKey: string },
  parent?: TraceParent,
): Span | undefined {
  if (!enabled) return undefined;
  const ctx = parentContext(parent);
  // Under an unsampled parent the span records nothing: no SDK work for it at all.
  let span: Span;
  if (sampledIn(ctx)) {
    const type = typeOf(env);
    span = startSpan(spanName(operation, type), SpanKind.PRODUCER, producerAttributes(env, where.system, where.exchange, where.routingKey, operation), ctx);
  } else span = unsampledChild(ctx);
  const sc = span.spanContext();
  env.trace_id = sc.traceId;
  env.span_id = sc.spanId;
  return span;
}

/** The W3C traceparent for the AMQP headers: the envelope's ids with the span's sampled flag. */
export function traceparentHeader(env: Envelope, span: Span | undefined): string {
  const flags = span ? span.spanContext().traceFlags & TraceFlags.SAMPLED : TraceFlags.SAMPLED;
  return `00-${env.trace_id}-${env.span_id}-0${flags}`;
}

/** A lowercase hex digit's value, or -1: the W3C traceparent allows lowercase hex only. */
function hexValue(c: number): number {
  return c >= 48 && c <= 57 ? c - 48 : c >= 97 && c <= 102 ? c - 87 : -1;
}

function isLowerHex(s: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (hexValue(s.charCodeAt(i)) < 0) return false;
  return true;
}

/**
 * A version-00 W3C traceparent (`00-<32 hex>-<16 hex>-<2 hex>`) as a remote span context, read by
 * position and character code: the regular expression and its three capture strings it replaces
 * ran for every consumed and relayed message, sampled or not (ADR 170).
 */
export function parseTraceparent(traceparent: unknown): SpanContext | undefined {
  if (typeof traceparent !== 'string' || traceparent.length !== 55) return undefined;
  const t = traceparent;
  if (t.charCodeAt(0) !== 48 || t.charCodeAt(1) !== 48 || t.charCodeAt(2) !== 45 || t.charCodeAt(35) !== 45 || t.charCodeAt(52) !== 45) return undefined;
  if (!isLowerHex(t, 3, 35) || !isLowerHex(t, 36, 52)) return undefined;
  const hi = hexValue(t.charCodeAt(53));
  const lo = hexValue(t.charCodeAt(54));
  if (hi < 0 || lo < 0) return undefined;
  return { traceId: t.slice(3, 35), spanId: t.slice(36, 52), traceFlags: hi * 16 + lo, isRemote: true };
}

/**
 * The trace flags of a message's traceparent header when it names the envelope's own ids (what
 * every mesh message carries), else undefined. The ids are compared in place rather than parsed
 * out: the envelope's were checked as lowercase hex when it was parsed, so a header that matches
 * them is well formed.
 */
function headerFlagsFor(header: unknown, env: { trace_id: string; span_id: string }): number | undefined {
  if (typeof header !== 'string' || header.length !== 55 || !header.startsWith('00-') || header.charCodeAt(35) !== 45 || header.charCodeAt(52) !== 45) {
    return undefined;
  }
  if (env.trace_id.length !== 32 || env.span_id.length !== 16 || !header.startsWith(env.trace_id, 3) || !header.startsWith(env.span_id, 36)) return undefined;
  const hi = hexValue(header.charCodeAt(53));
  const lo = hexValue(header.charCodeAt(54));
  return hi < 0 || lo < 0 ? undefined : hi * 16 + lo;
}

/**
 * The row header naming the span the row was written in (its parent), when the row's own
 * traceparent already names the relay's future send span (ADR 191). Never published.
 */
export const OUTBOX_PARENT_HEADER = 'x-mt-parent-span-id';

/**
 * A span id the next span started by the SDK takes (see presetSpanIdGenerator): the relay's send
 * span gets the id written into the envelope when the row was created, so the consumer span is its
 * child without a `create` span in between.
 */
let presetSpanId: string | undefined;

/** The SDK's span-id source consults this first (see presetSpanIdGenerator). */
export function takePresetSpanId(): string | undefined {
  const id = presetSpanId;
  presetSpanId = undefined;
  return id;
}

interface IdSource {
  generateTraceId(): string;
  generateSpanId(): string;
}

/**
 * The SDK's id generator for a process that runs the mesh: the given (random) ids, except the span
 * id the outbox relay gives its send span. The runtime's telemetry module passes it to the SDK.
 */
export function presetSpanIdGenerator(random: IdSource): IdSource {
  return {
    generateTraceId: () => random.generateTraceId(),
    generateSpanId: () => takePresetSpanId() ?? random.generateSpanId(),
  };
}

/**
 * A new outbox row's trace context, without a span of its own (ADR 191): the row's creation is an
 * event on the span writing it (the handler's CONSUMER span, the request's SERVER span), and the
 * envelope's own span id, drawn fresh by createTask or createEvent and not yet read by anything,
 * is the one the relay's PRODUCER `send` span will carry (ADR 236). Answers the
 * headers to store with the row: its traceparent (the send span's ids, what is published) and,
 * when sampled, the span the row was written in (the send span's parent).
 *
 * `messageSpan` is the span of the message being handled, when the row is written by its handler.
 * An unsampled one settles the row's trace: its trace id, and flags 00, as the mesh keeps an
 * unsampled message's work unsampled (its consumer span asks no sampler). Under a parent-based
 * sampler (the default) nothing the handler starts under it records either, so the active span
 * would say the same, at the cost of a lookup of the active context, cold after the handler's last
 * wait, for nine rows in ten at a 10 % ratio (ADR 238).
 */
export function outboxRowTrace(env: Envelope, messageSpan?: Span): Record<string, string> | undefined {
  if (!enabled) return undefined;
  if (messageSpan) {
    const handled = messageSpan.spanContext();
    if ((handled.traceFlags & TraceFlags.SAMPLED) !== TraceFlags.SAMPLED && hasIds(handled)) {
      env.trace_id = handled.traceId;
      return { traceparent: `00-${env.trace_id}-${env.span_id}-00` };
    }
  }
  // The span writing the row, else the request or message being handled (its trace, sampled).
  const active = activeContext();
  let writer = trace.getSpan(active);
  let sc = writer?.spanContext();
  if (!sc || !hasIds(sc)) {
    const logical = scopeParent();
    if (!logical) return undefined;
    writer = undefined;
    sc = { traceId: logical.trace_id, spanId: logical.span_id, traceFlags: TraceFlags.SAMPLED, isRemote: true };
    if (!hasIds(sc)) return undefined;
  }
  env.trace_id = sc.traceId;
  if ((sc.traceFlags & TraceFlags.SAMPLED) !== TraceFlags.SAMPLED) return { traceparent: `00-${env.trace_id}-${env.span_id}-00` };
  // The event names the message; where it goes is on the relay's send span, the event's child (ADR 233).
  if (writer?.isRecording()) {
    // In a batch's handler the event waits for the batch's end with the spans of its statements (ADR 240).
    const event = new CreateEvent(writer, env);
    if (!laterSpansIn(active)?.add(event)) event.make();
  }
  return { traceparent: `00-${env.trace_id}-${env.span_id}-01`, [OUTBOX_PARENT_HEADER]: sc.spanId };
}

/** The `create` event a row's writer records, at the time the row was written. */
class CreateEvent implements LaterSpan {
  private readonly at = performance.now();

  constructor(
    private readonly span: Span,
    private readonly env: Envelope,
  ) {}

  make(): void {
    this.span.addEvent(spanName('create', typeOf(this.env)), { 'messaging.message.id': this.env.message_id }, this.at);
  }
}

/** The headers the relay publishes a row with: its traceparent, never the stored parent. */
export function publishedHeaders(headers: Record<string, string>): Record<string, string> {
  return OUTBOX_PARENT_HEADER in headers ? { traceparent: headers.traceparent } : headers;
}

/**
 * The outbox relay's PRODUCER span for one row: parented on the context stored with the row (the
 * span it was written in), not on whatever runs when the relay publishes it. A row made with
 * outboxRowTrace gets the span id its envelope already carries; an older row (written with a
 * `create` span) gets a child of that span.
 */
export function startRelaySpan(
  row: { envelope: string; exchange: string; routingKey: string; headers: Record<string, string>; source?: Envelope },
  system: MessagingSystem,
  app: string | undefined,
): Span | undefined {
  if (!enabled) return undefined;
  const parentSpanId = row.headers[OUTBOX_PARENT_HEADER];
  const traceparent = row.headers.traceparent;
  const source = row.source;
  let own: SpanContext | undefined;
  let parentIds: SpanContext | undefined;
  if (source && typeof traceparent === 'string' && traceparent.charCodeAt(traceparent.length - 1) === 48) {
    // A row this process made in an unsampled trace (flags 00), relayed from memory: no span.
    return undefined;
  }
  if (source && parentSpanId !== undefined && typeof traceparent === 'string') {
    // A row this process made (outboxRowTrace) and relays from memory: its ids are the envelope's,
    // and only the sampled flag is read from the stored traceparent.
    if (traceparent.charCodeAt(traceparent.length - 1) !== 49) return undefined;
    own = { traceId: source.trace_id, spanId: source.span_id, traceFlags: TraceFlags.SAMPLED, isRemote: true };
    parentIds = { traceId: source.trace_id, spanId: parentSpanId, traceFlags: TraceFlags.SAMPLED, isRemote: true };
  } else {
    own = parseTraceparent(traceparent);
    // A row written in an unsampled trace gets no send span: nothing would record it, and the
    // message carries the stored traceparent either way.
    if (own && (own.traceFlags & TraceFlags.SAMPLED) !== TraceFlags.SAMPLED) return undefined;
  }
  // The app's own root context: the relay's span belongs to the app whose outbox this is, and its
  // parent is the stored context, whatever runs when the row is published.
  const base = app ? appContext(app) : activeContext();
  parentIds ??= own && parentSpanId ? { ...own, spanId: parentSpanId } : own;
  const parent = parentIds ? withSpan(base, trace.wrapSpanContext(parentIds)) : base;
  if (!sampledIn(parent)) return undefined;
  let env = source;
  if (!env) {
    try {
      env = JSON.parse(row.envelope) as Envelope;
    } catch {
      env = undefined;
    }
  }
  const type = env ? typeOf(env) : row.routingKey;
  const attributes = env
    ? relayAttributes(env, system, row.exchange, row.routingKey)
    : { 'messaging.system': system, 'messaging.operation.type': 'send', 'marketing_team.outbox': true };
  return startSpan(spanName('send', type), SpanKind.PRODUCER, attributes, parent, undefined, own && parentSpanId ? own.spanId : undefined);
}

export interface ConsumerSpan {
  span: Span;
  /** The context handler code runs in: the span, and the app it belongs to. */
  context: Context;
  /** False for an unsampled message's span, which never records: nothing need ask it. */
  recorded: boolean;
  /** Where the handler's statements leave their spans until its batch ends (ADR 240); only a recorded span's. */
  later?: LaterSpans;
}

/**
 * The trace flags of a delivered message, or undefined when tracing is off: the sampled flag of
 * its traceparent header when that header names the envelope's ids, else sampled (the envelope's
 * ids win if the two disagree: a copied message). Read when the message arrives, while its
 * header and ids are still in the CPU's caches; its span is made when its batch runs, after it
 * waited behind the prefetched others (ADR 238).
 */
export function deliveryTraceFlags(env: InboundEnvelope, headers: Record<string, unknown>): number | undefined {
  if (!enabled) return undefined;
  return headerFlagsFor(headers.traceparent, env) ?? TraceFlags.SAMPLED;
}

/**
 * The CONSUMER span of one handled message, child of the envelope's traceparent. `traceFlags`,
 * when given, are the delivery's (deliveryTraceFlags), read when it arrived.
 */
export function startConsumerSpan(
  env: InboundEnvelope,
  agent: string,
  headers: Record<string, unknown>,
  system: MessagingSystem,
  queue: string,
  traceFlags = deliveryTraceFlags(env, headers),
): ConsumerSpan | undefined {
  if (!enabled || traceFlags === undefined) return undefined;
  // The agent's root context: a consumed message starts from nothing but its own traceparent.
  const base = appContext(agent);
  if ((traceFlags & TraceFlags.SAMPLED) !== TraceFlags.SAMPLED) {
    // Unsampled: a non-recording span with fresh ids, made without the SDK and without a context
    // for the remote parent that nothing would read.
    const span = trace.wrapSpanContext({ traceId: env.trace_id, spanId: newSpanId(), traceFlags: TraceFlags.NONE });
    return { span, context: withSpan(base, span), recorded: false };
  }
  const remote: SpanContext = { traceId: env.trace_id, spanId: env.span_id, traceFlags, isRemote: true };
  const type = typeOf(env);
  const span = startSpan(spanName('process', type), SpanKind.CONSUMER, consumerAttributes(env, system, queue), withSpan(base, trace.wrapSpanContext(remote)));
  return { span, context: withSpan(base, span), recorded: true };
}

/** One span over a batch transaction, linked to each message's own context. */
export function startBatchSpan(agent: string, spans: (ConsumerSpan | undefined)[], system: MessagingSystem): ConsumerSpan | undefined {
  if (!enabled) return undefined;
  // Linked to the messages whose traces are recorded; a batch of unsampled messages has none,
  // and its statements run outside any span (the pg instrumentation then records nothing).
  const links: Link[] = spans.flatMap((s) => (s?.recorded && s.span.isRecording() ? [{ context: s.span.spanContext() }] : []));
  if (links.length === 0) return undefined;
  const base = appContext(agent);
  const span = startSpan(
    `process batch`,
    SpanKind.CONSUMER,
    { 'messaging.system': system, 'messaging.operation.type': 'process', 'messaging.batch.message_count': links.length },
    base,
    links,
  );
  return { span, context: withSpan(base, span), recorded: true };
}

/** Runs fn inside the span's context (or as is when tracing is off), with its batch's list of later spans if it has one. */
export function withSpanContext<T>(s: ConsumerSpan | undefined, fn: () => T): T {
  if (!s) return fn();
  return withContext(s.later ? withLaterSpans(s.context, s.span, s.later) : s.context, fn);
}

/**
 * Runs a message's handler code in its span's context and its log scope: one context entered, the
 * scope a value of the span's context (ADR 170), or the scope alone when tracing is off. The
 * context keeps the span at hand for the checks the handler's statements make (ADR 238).
 */
export function withSpanAndScope<T>(s: ConsumerSpan | undefined, scope: TraceScope, fn: () => T): T {
  return s ? withContext(new HandlerContext(s.context, TRACE_SCOPE_KEY, scope, s.span, s.recorded, s.later), fn) : runInTraceScope(scope, fn);
}

/**
 * Runs the consumer's work on a delivery from a clean context: in the in-process transport a
 * delivery runs in its publisher's context, whose span and log scope are not this message's.
 */
export function detached<T>(fn: () => T): T {
  // With tracing on the scope is a value of the context: the root context has none.
  return enabled ? withContext(ROOT_CONTEXT, fn) : outsideTraceScope(fn);
}

/**
 * Runs the mesh's own bookkeeping SQL (inbox claims, outbox rows, the relay's claims and marks)
 * outside any span: the pg instrumentation records only under a recording span, so these
 * statements make no spans. They are the mesh's plumbing, the same in every trace; the handler's
 * own statements stay traced (ADR 191). Under no span or a non-recording one (an unsampled
 * message) nothing would be recorded anyway, so no context is entered (ADR 235).
 */
export function untraced<T>(fn: () => T): T {
  if (!enabled) return fn();
  const active = activeContext();
  return recordsIn(active) ? withContext(trace.deleteSpan(active), fn) : fn();
}

/**
 * Whether the active span records: the question the pg and ioredis hooks ask before each statement
 * or command. A handler's context answers it from its own fields (ADR 238).
 */
export function inRecordedWork(): boolean {
  return recordsIn(activeContext());
}

/** The active context when it records (inRecordedWork), else undefined. */
export function recordedWorkContext(): Context | undefined {
  const ctx = activeContext();
  return recordsIn(ctx) ? ctx : undefined;
}

/** Runs fn with the app of the work it starts (timers, consumers) recorded in its context. */
export function withApp<T>(app: string, fn: () => T): T {
  return enabled ? withContext(activeContext().setValue(APP_CONTEXT_KEY, app), fn) : fn();
}

/** Records a failure on a span: an event (retry, dead_letter) with the error, and the error status. */
export function recordFailure(
  span: Span | undefined,
  event: 'retry' | 'dead_letter' | 'error',
  error: { code: string; message: string },
  extra: Attributes = {},
): void {
  if (!span) return;
  span.addEvent(event, { 'error.type': error.code, 'exception.message': error.message.slice(0, 500), ...extra });
  span.setAttribute('error.type', error.code);
  span.setStatus({ code: SpanStatusCode.ERROR, message: error.code });
}

export function endSpan(span: Span | undefined): void {
  span?.end();
}

/** The ids of the active span when tracing is on (e.g. an inbound request's server span). */
export function activeSpanIds(): { traceId: string; spanId: string; sampled: boolean } | undefined {
  if (!enabled) return undefined;
  const sc = trace.getSpan(activeContext())?.spanContext();
  if (!sc || !hasIds(sc)) return undefined;
  return { traceId: sc.traceId, spanId: sc.spanId, sampled: (sc.traceFlags & TraceFlags.SAMPLED) === TraceFlags.SAMPLED };
}
