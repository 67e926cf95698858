/**
 * Spans whose attributes the platform builds itself (the mesh's CONSUMER, PRODUCER and batch
 * spans, the one-step pg query span), made without the SDK's per-span checks but with its own
 * parts: its sampler, id generator, limits, resource, scope and span processors (ADR 233).
 *
 * The SDK's Tracer copies and checks a span's attributes three times (two sanitising copies, then
 * a key-by-key set with a type check each), tests both ids against regular expressions, reads two
 * clocks and builds the span through some thirty class fields. For attributes built as fresh
 * object literals of plain strings, numbers and booleans that work finds nothing to fix; in the
 * traced mesh it was about a third of the SDK's samples. An owned span keeps the object it is
 * given, reads one clock at each end, and is otherwise the SDK's span: the same sampling decision
 * and trace state, the same processors called at the same points (onStart, onEnding, onEnd), the
 * same limits on what is added later, and the same readable fields for the exporter.
 *
 * Used only where the caller owns the attributes object (never reused, never changed after) and
 * gives at most OWNED_ATTRIBUTE_MAX attributes of valid values; anything else takes the SDK's path.
 */
import {
  createNoopMeter,
  type Attributes,
  type AttributeValue,
  type Context,
  diag,
  type Exception,
  type HrTime,
  INVALID_SPAN_CONTEXT,
  INVALID_SPANID,
  INVALID_TRACEID,
  type Link,
  type Span,
  type SpanContext,
  type SpanKind,
  type SpanStatus,
  SpanStatusCode,
  type TimeInput,
  trace,
  TraceFlags,
} from '@opentelemetry/api';
import { core, type resources, tracing } from '@opentelemetry/sdk-node';
import { ATTR_EXCEPTION_MESSAGE, ATTR_EXCEPTION_STACKTRACE, ATTR_EXCEPTION_TYPE } from '@opentelemetry/semantic-conventions';

/** The most attributes an owned span is started with: well under the SDK's default count limit (128). */
export const OWNED_ATTRIBUTE_MAX = 16;

/**
 * Starts a span whose attributes object the caller built for it alone. `startMs` and `startedAt`,
 * both or neither: the wall clock (Date.now()) and the monotonic clock (performance.now()) read
 * when the work started, for a span made after its start (ADR 240). Under a parent span of this
 * process the start is placed on the parent's clock instead, and `startMs` is not read (ADR 241).
 */
export type OwnedSpanStart = (
  name: string,
  kind: SpanKind,
  attributes: Attributes,
  parent: Context,
  links?: readonly Link[],
  spanId?: string,
  startMs?: number,
  startedAt?: number,
) => Span;

type SpanLimits = Required<tracing.SpanLimits>;

interface ProcessorLike {
  onStart(span: tracing.Span, parent: Context): void;
  onEnding?(span: tracing.Span): void;
  onEnd(span: tracing.ReadableSpan): void;
}

/** The parts of the SDK's Tracer (sdk-trace 2.x) an owned span is made with. */
interface SdkTracerParts {
  _sampler: tracing.Sampler;
  _spanLimits: SpanLimits;
  _idGenerator: tracing.IdGenerator;
  instrumentationScope: tracing.ReadableSpan['instrumentationScope'];
  _resource: resources.Resource;
  _spanProcessor: ProcessorLike;
  _tracerMetrics: { startSpan(parent: SpanContext | undefined, decision: tracing.SamplingDecision): () => void; startedSpans?: unknown; liveSpans?: unknown };
}

const noopMeter = createNoopMeter();
const NOTHING_TO_RECORD = () => undefined;

/**
 * Whether the tracer's own span metrics go to the API's no-op meter (no SDK self-metrics, the
 * default): then recording them per span only builds attribute objects and a closure to discard.
 */
function metricsAreNoop(m: SdkTracerParts['_tracerMetrics']): boolean {
  return m.startedSpans === noopMeter.createCounter('') && m.liveSpans === noopMeter.createUpDownCounter('');
}

// Read once: sdk-node's `tracing` and `core` re-export their members through getters.
const { hrTimeDuration, isAttributeValue, isTimeInput, isTracingSuppressed, sanitizeAttributes, timeInputToHrTime } = core;
const { RECORD_AND_SAMPLED, NOT_RECORD } = tracing.SamplingDecision;

const UNSET: SpanStatus = Object.freeze({ code: SpanStatusCode.UNSET });
const NO_LINKS: Link[] = [];
const NO_EVENTS: tracing.TimedEvent[] = [];

/**
 * A starter for spans of the given SDK tracer, or undefined when owned spans would not match what
 * the SDK makes: a tracer without the parts above (another SDK version), or limits that would cut
 * an attribute's value or count below what an owned span may carry.
 */
export function ownedSpanStarter(tracer: unknown): OwnedSpanStart | undefined {
  // The API's ProxyTracer (an instrumentation's `tracer` before the SDK hands it its own) delegates to the SDK's.
  const delegate = (tracer as { _getTracer?(): unknown } | undefined)?._getTracer?.() ?? tracer;
  const t = delegate as Partial<SdkTracerParts> | undefined;
  if (!t || !t._sampler || !t._spanLimits || !t._idGenerator || !t._spanProcessor || !t._tracerMetrics || !t._resource || !t.instrumentationScope) {
    return undefined;
  }
  const limits = t._spanLimits;
  const valueLimit = limits.attributeValueLengthLimit;
  if ((valueLimit !== undefined && valueLimit !== Infinity) || !(limits.attributeCountLimit >= OWNED_ATTRIBUTE_MAX)) return undefined;
  const {
    _sampler: sampler,
    _idGenerator: ids,
    _spanProcessor: processor,
    _tracerMetrics: metrics,
    _resource: resource,
    instrumentationScope: scope,
  } = t as SdkTracerParts;
  const noMetrics = metricsAreNoop(metrics);

  return function startOwnedSpan(name, kind, attributes, parent, links, spanId, startMs, startedAt) {
    if (isTracingSuppressed(parent)) return trace.wrapSpanContext(INVALID_SPAN_CONTEXT);
    const parentSpan = trace.getSpan(parent);
    const parentSpanContext = parentSpan?.spanContext();
    const validParent =
      parentSpanContext && parentSpanContext.traceId !== INVALID_TRACEID && parentSpanContext.spanId !== INVALID_SPANID ? parentSpanContext : undefined;
    const traceId = validParent ? validParent.traceId : ids.generateTraceId();
    const ownLinks = links && links.length > 0 ? links.map((l) => ({ context: l.context })) : NO_LINKS;
    const result = sampler.shouldSample(parent, traceId, name, kind, attributes, ownLinks);
    const recordEnd = noMetrics ? NOTHING_TO_RECORD : metrics.startSpan(parentSpanContext, result.decision);
    const spanContext: SpanContext = {
      traceId,
      spanId: spanId ?? ids.generateSpanId(),
      traceFlags: result.decision === RECORD_AND_SAMPLED ? TraceFlags.SAMPLED : TraceFlags.NONE,
      traceState: result.traceState ?? validParent?.traceState,
    };
    if (result.decision === NOT_RECORD) return trace.wrapSpanContext(spanContext);
    if (result.attributes) Object.assign(attributes, sanitizeAttributes(result.attributes));
    const at = startedAt ?? performance.now();
    const wall = onLocalParentsClock(parentSpan, at) ?? startMs ?? Date.now();
    const span = new OwnedSpan(name, kind, spanContext, validParent, attributes, ownLinks, resource, scope, limits, processor, recordEnd, wall, at);
    processor.onStart(span as unknown as tracing.Span, parent);
    return span;
  };
}

/** The clock parts of the SDK's span (sdk-trace 2.x SpanImpl) that place its times. */
interface SdkSpanClock {
  startTime: HrTime;
  _performanceStartTime: number;
  _performanceOffset: number;
  _startTimeProvided: boolean;
}

function isSdkSpanClock(span: unknown): span is SdkSpanClock {
  const s = span as Partial<SdkSpanClock> | undefined;
  return (
    s !== undefined &&
    s._startTimeProvided === false &&
    typeof s._performanceStartTime === 'number' &&
    typeof s._performanceOffset === 'number' &&
    Array.isArray(s.startTime)
  );
}

/**
 * Puts the SDK's own spans (the instrumentations': outbound HTTP, Redis, a query upstream's path
 * makes) on their local parent's clock, as owned spans are put when started (ADR 241). Listed
 * before the other processors: the SDK calls onStart right after making the span, before anything
 * is timed on it.
 */
export class LocalClockProcessor implements tracing.SpanProcessor {
  onStart(span: tracing.Span, parent: Context): void {
    if (!isSdkSpanClock(span)) return;
    const wall = onLocalParentsClock(trace.getSpan(parent), span._performanceStartTime);
    if (wall === undefined) return;
    span.startTime = millisToHrTime(wall);
    // What the SDK adds to a performance.now() reading given as a time (an event's, the end's).
    span._performanceOffset = wall - (span._performanceStartTime + performance.timeOrigin);
  }
  onEnd(): void {}
  forceFlush(): Promise<void> {
    return Promise.resolve();
  }
  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}

/**
 * The wall-clock milliseconds of the monotonic reading `at` on the clock of a parent span made in
 * this process: its wall-clock start plus the monotonic time since. Undefined for a remote or
 * non-recording parent, or an SDK span started at a given time; the span then reads the wall
 * clock itself.
 *
 * Each span reading the wall clock at its start, as the SDK's do, places a child up to a
 * millisecond (the wall clock's resolution) outside its parent, and by the whole step when the
 * wall clock is adjusted between their starts. On the parent's clock a child started and ended
 * within its parent shows within it (ADR 241).
 */
function onLocalParentsClock(parent: Span | undefined, at: number): number | undefined {
  if (parent instanceof OwnedSpan) return parent.wallClockAt(at);
  if (!isSdkSpanClock(parent)) return undefined;
  return parent.startTime[0] * 1000 + parent.startTime[1] / 1e6 + (at - parent._performanceStartTime);
}

/**
 * An event's or a link's attributes as the SDK keeps them, in one pass instead of its two: invalid
 * keys and values left out (with the SDK's warning), arrays copied, at most `limit` kept.
 */
function limitedCopy(attrs: Attributes | undefined, limit: number): { attributes: Attributes; kept: number; dropped: number } {
  const attributes: Attributes = {};
  let kept = 0;
  let dropped = 0;
  for (const key in attrs) {
    if (!Object.prototype.hasOwnProperty.call(attrs, key)) continue;
    const value = attrs[key];
    if (key.length === 0) {
      diag.warn(`Invalid attribute key: ${key}`);
      continue;
    }
    if (!isAttributeValue(value)) {
      diag.warn(`Invalid attribute value set for key: ${key}`);
      continue;
    }
    if (kept >= limit) {
      dropped++;
      continue;
    }
    attributes[key] = Array.isArray(value) ? (value.slice() as AttributeValue) : value;
    kept++;
  }
  return { attributes, kept, dropped };
}

/** Milliseconds since the epoch as HrTime, as the SDK's millisToHrTime, carrying a fraction that rounds up to a whole second. */
function millisToHrTime(ms: number): HrTime {
  const seconds = Math.trunc(ms / 1000);
  const n = Math.round((ms % 1000) * 1e6);
  return n < 1e9 ? [seconds, n] : [seconds + 1, n - 1e9];
}

/** `ms` (a monotonic duration, never negative) after the wall-clock milliseconds `startMs`, to the nanosecond. */
function afterMillis(startMs: number, ms: number): HrTime {
  const t: HrTime = [0, 0];
  afterMillisInto(startMs, ms, t, 0);
  return t;
}

/** afterMillis's seconds and nanoseconds, written into `into` at `at` and `at + 1`. */
function afterMillisInto(startMs: number, ms: number, into: { [i: number]: number }, at: number): void {
  const seconds = Math.trunc(startMs / 1000);
  const n = Math.round((startMs % 1000) * 1e6) + Math.round(ms * 1e6);
  into[at] = n < 1e9 ? seconds : seconds + Math.floor(n / 1e9);
  into[at + 1] = n < 1e9 ? n : n % 1e9;
}

/**
 * The SDK's span (sdk-trace's SpanImpl) for an attributes object the caller owns: the same fields
 * for the exporter and the same behaviour for everything added after the start. Its start time
 * is the wall clock (a child's, its local parent's clock: ADR 241), its end the start plus the
 * monotonic time elapsed, as the SDK's.
 *
 * It keeps its times as the clocks' readings and answers `startTime` and `endTime` from them when
 * read (the exporter reads each once). A span waits in the batch processor's queue until its
 * export, and two arrays a span were about a fifth of what a queued span kept: a full queue keeps
 * about 1.3 MB less. The bench's CPU did not move either way (ADR 239).
 */
export class OwnedSpan implements Span, tracing.ReadableSpan {
  /** Shared and empty until the first event (most spans have none). */
  events: tracing.TimedEvent[] = NO_EVENTS;
  status: SpanStatus = UNSET;
  droppedAttributesCount = 0;
  droppedEventsCount = 0;
  droppedLinksCount = 0;
  private ended_ = false;
  private attributeCount = -1;
  private readonly startedAt: number;
  private readonly startMs: number;
  /** The monotonic clock at the end (performance.now()), or -1 before it. */
  private endedAt = -1;
  /** An end time given to end() (or the start, for an end given before it); undefined when the clock's. */
  private endGiven: HrTime | undefined;

  constructor(
    public name: string,
    readonly kind: SpanKind,
    private readonly context_: SpanContext,
    readonly parentSpanContext: SpanContext | undefined,
    readonly attributes: Attributes,
    readonly links: Link[],
    public resource: resources.Resource,
    readonly instrumentationScope: tracing.ReadableSpan['instrumentationScope'],
    private readonly limits: SpanLimits,
    private readonly processor: ProcessorLike,
    private readonly recordEnd: () => void,
    startMs?: number,
    startedAt?: number,
  ) {
    this.startMs = startMs ?? Date.now();
    this.startedAt = startedAt ?? performance.now();
  }

  /** The wall-clock milliseconds of a monotonic reading, on this span's clock (its children's start, ADR 241). */
  wallClockAt(reading: number): number {
    return this.startMs + (reading - this.startedAt);
  }

  /** The wall clock at the start (a local parent's clock at the start, for a child: ADR 241). */
  get startTime(): HrTime {
    return millisToHrTime(this.startMs);
  }

  /** The start plus the monotonic time elapsed until the end (or the end given); zero before the end. */
  get endTime(): HrTime {
    if (this.endGiven) return this.endGiven;
    return this.endedAt < 0 ? [0, 0] : afterMillis(this.startMs, this.endedAt - this.startedAt);
  }

  /**
   * The start's and end's seconds and nanoseconds, as `startTime` and `endTime` would give them,
   * written into `into` (start seconds, start nanoseconds, end seconds, end nanoseconds) without
   * making their two arrays: what the serializer reads of an ended span.
   */
  timesInto(into: Float64Array): void {
    // The start is no time after itself: the same seconds and nanoseconds as millisToHrTime's.
    afterMillisInto(this.startMs, 0, into, 0);
    if (this.endGiven) {
      into[2] = this.endGiven[0];
      into[3] = this.endGiven[1];
    } else if (this.endedAt < 0) {
      into[2] = 0;
      into[3] = 0;
    } else {
      afterMillisInto(this.startMs, this.endedAt - this.startedAt, into, 2);
    }
  }

  /** Computed when read: the exporter reads the start and end times, not this. */
  get duration(): HrTime {
    return this.ended_ ? hrTimeDuration(this.startTime, this.endTime) : [-1, -1];
  }

  get ended(): boolean {
    return this.ended_;
  }

  spanContext(): SpanContext {
    return this.context_;
  }

  isRecording(): boolean {
    return !this.ended_;
  }

  setAttribute(key: string, value: AttributeValue | undefined): this {
    if (value == null || this.warnIfEnded()) return this;
    if (key.length === 0) {
      diag.warn(`Invalid attribute key: ${key}`);
      return this;
    }
    if (!isAttributeValue(value)) {
      diag.warn(`Invalid attribute value set for key: ${key}`);
      return this;
    }
    const isNew = !Object.prototype.hasOwnProperty.call(this.attributes, key);
    if (isNew) {
      if (this.attributeCount < 0) this.attributeCount = Object.keys(this.attributes).length;
      if (this.attributeCount >= this.limits.attributeCountLimit) {
        this.droppedAttributesCount++;
        return this;
      }
      this.attributeCount++;
    }
    (this.attributes as Record<string, AttributeValue>)[key] = value;
    return this;
  }

  setAttributes(attributes: Attributes): this {
    for (const key in attributes) if (Object.prototype.hasOwnProperty.call(attributes, key)) this.setAttribute(key, attributes[key]);
    return this;
  }

  addEvent(name: string, attributesOrTime?: Attributes | TimeInput, time?: TimeInput): this {
    if (this.warnIfEnded()) return this;
    const { eventCountLimit, attributePerEventCountLimit } = this.limits;
    if (eventCountLimit === 0) {
      diag.warn('No events allowed.');
      this.droppedEventsCount++;
      return this;
    }
    if (this.events.length >= eventCountLimit) {
      if (this.droppedEventsCount === 0) diag.debug('Dropping extra events.');
      this.events.shift();
      this.droppedEventsCount++;
    }
    let attrs: Attributes | undefined;
    if (isTimeInput(attributesOrTime)) {
      if (!isTimeInput(time)) time = attributesOrTime;
    } else attrs = attributesOrTime;
    const { attributes, dropped } = limitedCopy(attrs, attributePerEventCountLimit);
    const event: tracing.TimedEvent = { name, attributes, time: this.timeOf(time), droppedAttributesCount: dropped };
    // The first event in an array of its own size: an empty array's first push reserves 17 slots.
    if (this.events === NO_EVENTS) this.events = [event];
    else this.events.push(event);
    return this;
  }

  addLink(link: Link): this {
    if (this.warnIfEnded()) return this;
    const { linkCountLimit, attributePerLinkCountLimit } = this.limits;
    if (linkCountLimit === 0) {
      this.droppedLinksCount++;
      return this;
    }
    if (this.links === NO_LINKS) (this as { links: Link[] }).links = [];
    if (this.links.length >= linkCountLimit) {
      if (this.droppedLinksCount === 0) diag.debug('Dropping extra links.');
      this.links.shift();
      this.droppedLinksCount++;
    }
    const { attributes, kept, dropped } = limitedCopy(link.attributes, attributePerLinkCountLimit);
    const added: Link & { droppedAttributesCount?: number } = { context: link.context };
    if (kept > 0) added.attributes = attributes;
    if (dropped > 0) added.droppedAttributesCount = dropped;
    this.links.push(added);
    return this;
  }

  addLinks(links: Link[]): this {
    for (const l of links) this.addLink(l);
    return this;
  }

  setStatus(status: SpanStatus): this {
    if (this.warnIfEnded() || status.code === SpanStatusCode.UNSET || this.status.code === SpanStatusCode.OK) return this;
    const next: SpanStatus = { code: status.code };
    if (status.code === SpanStatusCode.ERROR) {
      if (typeof status.message === 'string') next.message = status.message;
      else if (status.message != null) diag.warn(`Dropping invalid status.message of type '${typeof status.message}', expected 'string'`);
    }
    this.status = next;
    return this;
  }

  updateName(name: string): this {
    if (!this.warnIfEnded()) this.name = name;
    return this;
  }

  end(endTime?: TimeInput): void {
    if (this.ended_) {
      diag.error(`${this.name} ${this.context_.traceId}-${this.context_.spanId} - You can only call end() on a span once.`);
      return;
    }
    if (endTime === undefined) this.endedAt = performance.now();
    // A reading of the monotonic clock taken since the start (a span made after its work, ADR 240).
    else if (typeof endTime === 'number' && endTime >= this.startedAt && endTime <= performance.now()) this.endedAt = endTime;
    else {
      this.endGiven = this.timeOf(endTime);
      // Only a given end time can come before the start: the clock's never does.
      if (hrTimeDuration(this.startTime, this.endGiven)[0] < 0) {
        diag.warn('Inconsistent start and end time, startTime > endTime. Setting span duration to 0ms.', this.startTime, this.endGiven);
        this.endGiven = this.startTime;
      }
    }
    if (this.droppedEventsCount > 0) diag.warn(`Dropped ${this.droppedEventsCount} events because eventCountLimit reached`);
    if (this.droppedLinksCount > 0) diag.warn(`Dropped ${this.droppedLinksCount} links because linkCountLimit reached`);
    this.processor.onEnding?.(this as unknown as tracing.Span);
    this.recordEnd();
    this.ended_ = true;
    this.processor.onEnd(this);
  }

  recordException(exception: Exception, time?: TimeInput): void {
    const attributes: Attributes = {};
    if (typeof exception === 'string') attributes[ATTR_EXCEPTION_MESSAGE] = exception;
    else if (exception) {
      if (exception.code) attributes[ATTR_EXCEPTION_TYPE] = exception.code.toString();
      else if (exception.name) attributes[ATTR_EXCEPTION_TYPE] = exception.name;
      if (exception.message) attributes[ATTR_EXCEPTION_MESSAGE] = exception.message;
      if (exception.stack) attributes[ATTR_EXCEPTION_STACKTRACE] = exception.stack;
    }
    if (attributes[ATTR_EXCEPTION_TYPE] || attributes[ATTR_EXCEPTION_MESSAGE]) this.addEvent('exception', attributes, time);
    else diag.warn(`Failed to record an exception ${String(exception)}`);
  }

  /** An event's or the end's time: the one given, else the start plus the monotonic time since. */
  private timeOf(input: TimeInput | undefined): HrTime {
    if (input === undefined) return afterMillis(this.startMs, performance.now() - this.startedAt);
    // A performance.now() reading, placed on the wall clock the start was read from.
    if (typeof input === 'number') return millisToHrTime(input <= performance.now() ? this.startMs + (input - this.startedAt) : input);
    return timeInputToHrTime(input);
  }

  private warnIfEnded(): boolean {
    if (this.ended_) {
      const sc = this.context_;
      diag.warn(`Cannot execute the operation on ended Span {traceId: ${sc.traceId}, spanId: ${sc.spanId}}`);
    }
    return this.ended_;
  }
}
