/**
 * The SDK itself, loaded only when telemetry is on: a process with no OTLP endpoint never loads it.
 */
import { type Attributes, type Context, INVALID_TRACEID, type Span, SpanKind, SpanStatusCode, trace, TraceFlags } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { NodeSDK, resources, tracing } from '@opentelemetry/sdk-node';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { getQuerySpanName, getSemanticAttributesFromConnection, sanitizedErrorMessage } from '@opentelemetry/instrumentation-pg/build/src/utils';
import { IORedisInstrumentation } from '@opentelemetry/instrumentation-ioredis';
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';
import { ATTR_DB_QUERY_TEXT, ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';
import { activeContext, inRecordedWork, type LaterSpan, laterSpansIn, presetSpanIdGenerator, recordedWorkContext, useContextManager } from '@mt/messages';
import { AppAttributionProcessor } from './app-attribution';
import { LocalClockProcessor, type OwnedSpanStart, ownedSpanStarter } from './owned-spans';
import { useSpanSerializer } from './otlp-span-serializer';
import type { TelemetrySettings } from './config/telemetry.config';
import type { TelemetryOptions } from './index';

/** Statements whose span name and attributes are kept per connection (an app's distinct statements number in the hundreds). */
const MAX_STATEMENTS = 1_024;

type QueryPatch = (original: (...args: unknown[]) => unknown) => (...args: unknown[]) => unknown;

interface PgClientLike {
  connectionParameters: { database?: string; host?: string; port?: number };
}

/**
 * The pg instrumentation, recording only inside recorded work. Upstream, a query under an unsampled
 * (non-recording) parent still builds the span's attributes, parses the statement, asks the
 * sampler, wraps the callback and records a duration, all for a span nobody keeps; here such a
 * query goes straight to the driver (ADR 094).
 *
 * Inside recorded work, the common call, `client.query(text, values?)` answering a promise (every
 * TypeORM statement), gets the same span upstream makes, built in one step (ADR 232): its name and
 * attributes from upstream's own helpers, in upstream's order, the span ended in one `then`
 * instead of upstream's three chained promises and its second attribute object. Every other call
 * (callbacks, query objects, streams), and every call when a hook, SQL commenter, trace context
 * propagation, value reporting or an OTLP metrics exporter is configured, takes upstream's path
 * unchanged.
 */
export class RecordedWorkPgInstrumentation extends PgInstrumentation {
  /** Set when the query-duration histogram is not exported (skipUnexportedPgMetrics). */
  durationsSkipped = false;
  /** The owned-span starter (ADR 233) of the tracer it was made for: the tracer changes if the provider does. */
  private ownedFor: unknown;
  private owned: OwnedSpanStart | undefined;
  /** Each connection's statements, by text: their span name and attributes (statementOf). */
  private readonly statements = new WeakMap<object, Map<string, { name: string; attributes: Attributes }>>();

  /** Whether upstream's path does nothing the lean one leaves out. */
  leanQueriesFit(): boolean {
    const c = this.getConfig();
    return (
      this.durationsSkipped &&
      !c.requestHook &&
      !c.responseHook &&
      !c.addSqlCommenterCommentToQueries &&
      !c.enableTraceContextPropagation &&
      !c.enhancedDatabaseReporting
    );
  }

  /**
   * The span upstream's handleConfigQuery makes for a text query, with the same name and attributes,
   * under `parent`; `startMs` and `startedAt` (both clocks' readings) for a span made after its query
   * started (ADR 240).
   */
  startQuerySpan(client: PgClientLike, text: string, parent: Context, startMs?: number, startedAt?: number): Span {
    const { name, attributes: template } = this.statementOf(client.connectionParameters, text);
    // A copy of the statement's attributes, this span's alone: an owned span keeps it as it is (ADR 233).
    const attributes = { ...template };
    const tracer = this.tracer;
    if (this.ownedFor !== tracer) {
      this.ownedFor = tracer;
      this.owned = ownedSpanStarter(tracer);
    }
    return this.owned
      ? this.owned(name, SpanKind.CLIENT, attributes, parent, undefined, undefined, startMs, startedAt)
      : tracer.startSpan(name, { kind: SpanKind.CLIENT, attributes, startTime: startedAt }, parent);
  }

  /**
   * A statement's span name and attributes, as upstream's helpers build them, built once per
   * connection and statement text (at most MAX_STATEMENTS each): the name parsed from the SQL and
   * the attribute object are otherwise made anew for every query (ADR 233).
   */
  private statementOf(params: PgClientLike['connectionParameters'], text: string): { name: string; attributes: Attributes } {
    let byText = this.statements.get(params);
    if (!byText) this.statements.set(params, (byText = new Map()));
    let known = byText.get(text);
    if (!known) {
      const upstream = getSemanticAttributesFromConnection(params as Parameters<typeof getSemanticAttributesFromConnection>[0]) as Attributes;
      upstream[ATTR_DB_QUERY_TEXT] = text;
      // Copied key by key into a plain object (upstream's has computed keys), unset values left out as the SDK would.
      const attributes: Attributes = {};
      for (const key of Object.keys(upstream)) if (upstream[key] !== undefined) attributes[key] = upstream[key];
      known = { name: getQuerySpanName(params.database, { text }), attributes };
      if (byText.size < MAX_STATEMENTS) byText.set(text, known);
    }
    return known;
  }
}

const upstreamQueryPatch = (PgInstrumentation.prototype as unknown as { _getClientQueryPatch(): QueryPatch })._getClientQueryPatch;
if (typeof upstreamQueryPatch === 'function') {
  Object.defineProperty(RecordedWorkPgInstrumentation.prototype, '_getClientQueryPatch', {
    value(this: RecordedWorkPgInstrumentation): QueryPatch {
      const patch = upstreamQueryPatch.call(this);
      const fit = () => this.leanQueriesFit();
      const instrumentation = this as RecordedWorkPgInstrumentation;
      return (original) => {
        const patched = patch(original);
        return function query(this: PgClientLike, ...args: unknown[]) {
          const parent = recordedWorkContext();
          if (!parent) return original.apply(this, args);
          const text = args[0];
          if (typeof text !== 'string' || args.length > 2 || typeof args[1] === 'function' || !fit()) return patched.apply(this, args);
          // In a batch's handler the span waits for the batch's end (ADR 240); elsewhere it starts now.
          const q = new QuerySpan(instrumentation, this, text, parent);
          if (!laterSpansIn(parent)?.add(q)) q.make();
          let pending: unknown;
          try {
            pending = original.apply(this, args);
          } catch (err) {
            q.settled(err);
            throw err;
          }
          return q.follow(pending);
        };
      };
    },
  });
}

/** What upstream records on a failed query: the sanitised exception, the error status, the end (at `endedAt`, a monotonic reading, if given). */
function failQuerySpan(span: Span, err: unknown, endedAt?: number): void {
  if (err instanceof Error) span.recordException(sanitizedErrorMessage(err), endedAt);
  span.setStatus({ code: SpanStatusCode.ERROR, message: (err as { message?: string } | null)?.message });
  span.end(endedAt);
}

const NO_ERROR = Symbol('no error');

/**
 * A text query's span on the lean path. Made at once, it ends when the query settles. In a batch's
 * handler it is kept as the clocks' readings at the query's start and end (and its error) and made
 * when the batch ends (LaterSpans, ADR 240); a query still running then gets its span at once,
 * ended when it settles.
 */
class QuerySpan implements LaterSpan {
  private readonly startMs = Date.now();
  private readonly startedAt = performance.now();
  private endedAt = -1;
  private error: unknown = NO_ERROR;
  private span: Span | undefined;

  constructor(
    private readonly instrumentation: RecordedWorkPgInstrumentation,
    private readonly client: PgClientLike,
    private readonly text: string,
    private readonly parent: Context,
  ) {}

  /** The driver's answer, settled through this query's readings. */
  follow(result: unknown): unknown {
    if (!(result instanceof Promise)) {
      this.settled(NO_ERROR);
      return result;
    }
    return result.then(
      (res: unknown) => {
        this.settled(NO_ERROR);
        return res;
      },
      (err: unknown) => {
        this.settled(err);
        throw err;
      },
    );
  }

  make(): void {
    const span = (this.span = this.instrumentation.startQuerySpan(this.client, this.text, this.parent, this.startMs, this.startedAt));
    if (this.endedAt < 0) return;
    if (this.error === NO_ERROR) span.end(this.endedAt);
    else failQuerySpan(span, this.error, this.endedAt);
  }

  /** The query's end: its span's, if made, else its readings'. */
  settled(err: unknown): void {
    if (this.span) {
      if (err === NO_ERROR) this.span.end();
      else failQuerySpan(this.span, err);
      return;
    }
    this.endedAt = performance.now();
    this.error = err;
  }
}

type CommandPatch = (original: (...args: unknown[]) => unknown, moduleVersion?: string) => (...args: unknown[]) => unknown;

/**
 * The ioredis instrumentation, recording only inside recorded work, as the pg one above: upstream
 * builds the command's attributes and serialises its arguments before the sampler says the span
 * under an unsampled parent records nothing (ADR 191).
 */
export class RecordedWorkIORedisInstrumentation extends IORedisInstrumentation {}
for (const method of ['_traceSendCommand', '_traceConnection'] as const) {
  const upstream = (IORedisInstrumentation.prototype as unknown as Record<string, CommandPatch>)[method];
  if (typeof upstream !== 'function') continue;
  Object.defineProperty(RecordedWorkIORedisInstrumentation.prototype, method, {
    value(this: IORedisInstrumentation, original: (...args: unknown[]) => unknown, moduleVersion?: string) {
      const patched = upstream.call(this, original, moduleVersion);
      return function traced(this: unknown, ...args: unknown[]) {
        return inRecordedWork() ? patched.apply(this, args) : original.apply(this, args);
      };
    },
  });
}

/**
 * A Redis command's `db.query.text`: its name and how many arguments it had, and for EVALSHA the
 * script's digest (which says which script ran). Upstream's default writes every argument of GET,
 * EVAL(SHA), DEL, INCR and the like, which here are keys holding session and user ids (the rate
 * limit and revocation script's four keys on every gateway request), and tests a list of regular
 * expressions per command to decide (ADR 212).
 */
export function redisStatement(cmdName: string, cmdArgs: readonly unknown[]): string {
  const n = cmdArgs.length;
  if (n === 0) return cmdName;
  const first = cmdArgs[0];
  if ((cmdName === 'evalsha' || cmdName === 'evalsha_ro') && typeof first === 'string') {
    return n === 1 ? `${cmdName} ${first}` : `${cmdName} ${first} [${n - 1} other ${n === 2 ? 'argument' : 'arguments'}]`;
  }
  return `${cmdName} [${n} ${n === 1 ? 'argument' : 'arguments'}]`;
}

interface UndiciRequest {
  addHeader?(name: string, value: string): unknown;
}

/**
 * Outbound requests (undici) outside recorded work make no span: upstream parses the URL, builds
 * the attributes and reads the headers before asking the sampler. A request inside an unsampled
 * trace still carries its traceparent (flags 00), so the callee does not sample it either; that
 * header is all the context it gets (ADR 191).
 */
export function skipUnrecordedRequest(request: UndiciRequest): boolean {
  const span = trace.getSpan(activeContext());
  if (span?.isRecording()) return false;
  const sc = span?.spanContext();
  if (sc && sc.traceId !== INVALID_TRACEID && typeof request.addHeader === 'function') request.addHeader('traceparent', `00-${sc.traceId}-${sc.spanId}-00`);
  return true;
}

interface OutgoingRequestOptions {
  headers?: unknown;
}

/**
 * The same for outbound requests through node:http(s) (the S3 client's): outside recorded work no
 * span, no attributes, no URL parsing; inside an unsampled trace the request still carries its
 * traceparent with flags 00. The OTLP exporter's own requests run with no span, and go straight
 * through (ADR 212).
 */
export function skipUnrecordedOutgoingRequest(options: OutgoingRequestOptions): boolean {
  const span = trace.getSpan(activeContext());
  if (span?.isRecording()) return false;
  const sc = span?.spanContext();
  const headers = options.headers;
  if (sc && sc.traceId !== INVALID_TRACEID && (headers === undefined || (typeof headers === 'object' && headers !== null && !Array.isArray(headers)))) {
    // A copy: the caller may keep the object it passed.
    options.headers = { ...(headers as Record<string, unknown> | undefined), traceparent: `00-${sc.traceId}-${sc.spanId}-00` };
  }
  return true;
}

/**
 * The pg instrumentation also times every query for the `db.client.operation.duration` histogram
 * (an object of attributes and two clock reads per query), and counts each pool's connections
 * (`db.client.connection.count`: from the pool's first checkout inside recorded work, three
 * attribute objects on every checkout and release, so twice per transaction, traced or not). With
 * no OTLP metrics exporter (the default: Prometheus on /metrics has its own figures) both go to
 * the API's no-op meter, so the work is skipped: no timing, and no listeners on the pool (ADR 166,
 * ADR 235).
 */
export function skipUnexportedPgMetrics(instrumentation: PgInstrumentation, settings: TelemetrySettings): void {
  if (settings.metricsExporter) return;
  Object.defineProperty(instrumentation, 'recordOperationDuration', { value: () => undefined });
  if (typeof (instrumentation as unknown as Record<string, unknown>)._setPoolConnectEventListeners === 'function') {
    Object.defineProperty(instrumentation, '_setPoolConnectEventListeners', { value: () => undefined });
  }
  if (instrumentation instanceof RecordedWorkPgInstrumentation) instrumentation.durationsSkipped = true;
}

/** What QueueingBatchSpanProcessor reads of the SDK's batch processor (sdk-trace 2.x BatchSpanProcessorBase). */
interface BatchQueue {
  _finishedSpans: tracing.ReadableSpan[];
  _maxExportBatchSize: number;
  _maxQueueSize: number;
  _isExporting: boolean;
  _timer: unknown;
  _droppedSpansCount: number;
  _shutdownOnce: { isCalled: boolean };
  _addToBuffer(span: tracing.ReadableSpan): void;
}

function isBatchQueue(p: unknown): p is BatchQueue {
  const q = p as Partial<BatchQueue>;
  return (
    Array.isArray(q._finishedSpans) &&
    typeof q._maxExportBatchSize === 'number' &&
    typeof q._maxQueueSize === 'number' &&
    typeof q._isExporting === 'boolean' &&
    typeof q._droppedSpansCount === 'number' &&
    typeof q._shutdownOnce?.isCalled === 'boolean' &&
    typeof q._addToBuffer === 'function'
  );
}

/**
 * The SDK's batch processor, with an ended span queued directly while an export runs or its timer
 * is set and the batch is not full. The SDK's `onEnd` makes its flush closure on every span's end
 * before finding that a timer is set (sdk-trace 2.x `_maybeStartTimer`): about a hundred bytes a
 * span. Every other case (the first span of a batch, a full batch, a full queue) goes the SDK's own
 * way into the queue. On an SDK without these fields it is the SDK's processor unchanged (ADR 243).
 */
export class QueueingBatchSpanProcessor extends tracing.BatchSpanProcessor {
  private readonly queue: BatchQueue | undefined = isBatchQueue(this) ? this : undefined;

  override onEnd(span: tracing.ReadableSpan): void {
    const q = this.queue;
    if (q === undefined) return super.onEnd(span);
    // The SDK's checks, then its queue, or its own way in (which may start the timer or an export).
    if (q._shutdownOnce.isCalled || (span.spanContext().traceFlags & TraceFlags.SAMPLED) === 0) return;
    if (
      q._droppedSpansCount === 0 &&
      q._finishedSpans.length < q._maxQueueSize &&
      (q._isExporting || (q._timer !== undefined && q._finishedSpans.length + 1 < q._maxExportBatchSize))
    ) {
      q._finishedSpans.push(span);
      return;
    }
    q._addToBuffer(span);
  }
}

/**
 * Starts the SDK with a context manager of its own making, and hands that manager to the mesh and
 * the hooks above, which then ask it for the active context directly instead of through the API's
 * global lookup (ADR 236).
 */
export function startSdk(opts: TelemetryOptions, settings: TelemetrySettings): NodeSDK {
  const contextManager = new AsyncLocalStorageContextManager();
  const sdk = createSdk(opts, settings, contextManager);
  sdk.start();
  useContextManager(contextManager);
  return sdk;
}

export function createSdk(opts: TelemetryOptions, settings: TelemetrySettings, contextManager = new AsyncLocalStorageContextManager()): NodeSDK {
  const exporter = new OTLPTraceExporter();
  // The same exporter, transport and OTEL_* settings; the protobuf body written in one pass (ADR 170).
  useSpanSerializer(exporter);
  // Queries outside any span (pollers, housekeeping) would each start a trace of their own.
  // Connection spans (pool checkout, connect) tell nothing per query and cost a span per transaction.
  const pg = new RecordedWorkPgInstrumentation({ requireParentSpan: true, ignoreConnectSpans: true });
  skipUnexportedPgMetrics(pg, settings);
  // Our batch sizes unless OTEL_BSP_* set them (ADR 233); a copy, as the processor fills in what the variables say.
  const batching = new QueueingBatchSpanProcessor(exporter, { ...settings.spanBatching });
  return new NodeSDK({
    // The SDK's default manager, made here so that startSdk can hand it over (ADR 236).
    contextManager,
    // Random ids, except the span id the outbox relay gives its send span (ADR 191).
    idGenerator: presetSpanIdGenerator(new tracing.RandomIdGenerator()),
    resource: resources.defaultResource().merge(resources.resourceFromAttributes({ [ATTR_SERVICE_NAME]: opts.service })),
    // One app per process: its service.name says which app a span belongs to, so spans are not
    // stamped with it (an attribute per span, ADR 166). Several apps in one process (`npm start`):
    // each span carries its app and is exported under that app's service.name. First of all, the
    // SDK's spans are put on their local parent's clock (ADR 241).
    spanProcessors: opts.apps ? [new LocalClockProcessor(), new AppAttributionProcessor(opts.apps.httpApp), batching] : [new LocalClockProcessor(), batching],
    // Prometheus (/metrics) and the JSON lines on stdout stay the default paths for metrics and logs.
    ...(settings.metricsExporter ? {} : { metricReaders: [] }),
    ...(settings.logsExporter ? {} : { logRecordProcessors: [] }),
    instrumentations: [
      // Outbound requests only (the S3 client's): the gateway makes its SERVER span itself in its
      // Fastify onRequest hook (ADR 212), and the agents serve only probes and scrapes, which are
      // not traced. No Express or Nest instrumentation: the gateway runs on Fastify (ADR 191).
      new HttpInstrumentation({
        disableIncomingRequestInstrumentation: true,
        ignoreOutgoingRequestHook: skipUnrecordedOutgoingRequest,
      }),
      pg,
      new RecordedWorkIORedisInstrumentation({ requireParentSpan: true, dbStatementSerializer: redisStatement }),
      new UndiciInstrumentation({ ignoreRequestHook: skipUnrecordedRequest }),
    ],
  });
}
