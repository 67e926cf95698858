import { context, type Context, type Link, propagation, ROOT_CONTEXT, type Span, type SpanKind, trace, TraceFlags, type Attributes } from '@opentelemetry/api';
import { core, node, tracing } from '@opentelemetry/sdk-node';
import { LaterSpans, withSpanAndScope, withSpanContext } from '@mt/messages';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { Client, Pool } from 'pg';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/pg';
import { loadTelemetrySettings } from './config/telemetry.config';
import { QueueingBatchSpanProcessor, RecordedWorkPgInstrumentation, redisStatement, skipUnexportedPgMetrics, skipUnrecordedOutgoingRequest } from './sdk';

/** The sampler the SDK would use, counting the spans it is asked about. */
class CountingSampler implements tracing.Sampler {
  readonly asked: string[] = [];
  private readonly inner = new tracing.ParentBasedSampler({ root: new tracing.AlwaysOnSampler() });
  shouldSample(ctx: Context, traceId: string, name: string, kind: SpanKind, attributes: Attributes, links: Link[]) {
    this.asked.push(name);
    return this.inner.shouldSample(ctx, traceId, name, kind, attributes, links);
  }
  toString() {
    return 'CountingSampler';
  }
}

const exporter = new tracing.InMemorySpanExporter();
const sampler = new CountingSampler();
const provider = new node.NodeTracerProvider({ sampler, spanProcessors: [new tracing.SimpleSpanProcessor(exporter)] });
const tracer = provider.getTracer('test');
beforeAll(() => provider.register());
afterAll(async () => {
  await provider.shutdown();
  trace.disable();
  context.disable();
  propagation.disable();
});

/** What the SDK does when `pg` is loaded: patch its Client (this test's own copy of the module). */
function patchClient(instrumentation: PgInstrumentation): void {
  (instrumentation as unknown as { _patchPgClient(c: typeof Client): void })._patchPgClient(Client);
}

function unpatchClient(instrumentation: PgInstrumentation): void {
  (instrumentation as unknown as { _unpatchPgClient(c: typeof Client): void })._unpatchPgClient(Client);
}

/** ADR 094: pg spans for recorded work only; a query in an unsampled trace goes straight to the driver. */
describe.each([
  ['RecordedWorkPgInstrumentation', RecordedWorkPgInstrumentation, 0],
  ['the upstream PgInstrumentation', PgInstrumentation, 1],
])('%s', (_name, Instrumentation, askedInUnsampled) => {
  let db: TestDatabase;
  let client: Client;
  let instrumentation: PgInstrumentation;

  beforeAll(async () => {
    db = await createTestDatabase('otel_pg');
    instrumentation = new Instrumentation({ enabled: false, requireParentSpan: true });
    instrumentation.setTracerProvider(provider);
    patchClient(instrumentation);
    client = new Client({ connectionString: db.url });
    await client.connect();
  });
  afterAll(async () => {
    await client?.end();
    unpatchClient(instrumentation);
    await db?.drop();
  });
  beforeEach(() => {
    exporter.reset();
    sampler.asked.length = 0;
  });

  it('records a span for a query inside recorded work', async () => {
    const parent = tracer.startSpan('process test.task');
    const rows = await context.with(trace.setSpan(ROOT_CONTEXT, parent), () => client.query('SELECT 1 AS one'));
    parent.end();
    expect(rows.rows).toEqual([{ one: 1 }]);
    const pg = exporter.getFinishedSpans().filter((s) => s.name.startsWith('pg.query'));
    expect(pg.map((s) => [s.name, s.parentSpanContext?.spanId])).toEqual([['pg.query:SELECT ' + db.name, parent.spanContext().spanId]]);
  });

  it(`asks the sampler about ${askedInUnsampled} span(s) for a query in an unsampled trace, and records none`, async () => {
    const unsampled = trace.wrapSpanContext({ traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331', traceFlags: TraceFlags.NONE });
    const rows = await context.with(trace.setSpan(ROOT_CONTEXT, unsampled), () => client.query('SELECT 2 AS two'));
    expect(rows.rows).toEqual([{ two: 2 }]);
    expect(exporter.getFinishedSpans()).toEqual([]);
    expect(sampler.asked.filter((n) => n.startsWith('pg.query'))).toHaveLength(askedInUnsampled);
  });

  it('times queries for the duration histogram only when an OTLP metrics exporter is named', async () => {
    const histogram = (instrumentation as unknown as { _operationDuration: { record: (...a: unknown[]) => void } })._operationDuration;
    const record = jest.spyOn(histogram, 'record');
    const query = async () => {
      const parent = tracer.startSpan('process test.task');
      await context.with(trace.setSpan(ROOT_CONTEXT, parent), () => client.query('SELECT 3 AS three'));
      parent.end();
    };
    skipUnexportedPgMetrics(instrumentation, loadTelemetrySettings({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318', OTEL_METRICS_EXPORTER: 'otlp' }));
    await query();
    expect(record).toHaveBeenCalledTimes(1);
    skipUnexportedPgMetrics(instrumentation, loadTelemetrySettings({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318' }));
    await query();
    expect(record).toHaveBeenCalledTimes(1);
    // the span is still recorded
    expect(exporter.getFinishedSpans().filter((s) => s.name.startsWith('pg.query'))).toHaveLength(2);
    record.mockRestore();
  });
});

/** ADR 235: the pool's connection gauges go to a no-op meter unless OTLP metrics are exported; then the pool has no listeners for them. */
describe('the pg pool connection gauges', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase('otel_pg_pool');
  });
  afterAll(async () => {
    await db?.drop();
  });

  it.each([
    ['an OTLP metrics exporter is named', { OTEL_METRICS_EXPORTER: 'otlp' }, 1],
    ['no metrics exporter is named', {}, 0],
  ])('listen to a pool’s checkouts only when %s', async (_when, metrics, listeners) => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const poolModule = require('pg-pool') as object;
    const instrumentation = new RecordedWorkPgInstrumentation({ enabled: false, requireParentSpan: true });
    instrumentation.setTracerProvider(provider);
    skipUnexportedPgMetrics(instrumentation, loadTelemetrySettings({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318', ...metrics }));
    const definition = instrumentation.getModuleDefinitions().find((d) => d.name === 'pg-pool');
    definition?.patch?.(poolModule);
    const pool = new Pool({ connectionString: db.url, max: 1 });
    try {
      // Inside recorded work: with requireParentSpan, upstream looks at the pool only there.
      const parent = tracer.startSpan('process test.task');
      const client = await context.with(trace.setSpan(ROOT_CONTEXT, parent), () => pool.connect());
      parent.end();
      expect((await client.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
      client.release();
      expect([pool.listenerCount('acquire'), pool.listenerCount('release')]).toEqual([listeners, listeners]);
    } finally {
      await pool.end();
      definition?.unpatch?.(poolModule);
    }
  });
});

/**
 * ADR 232: a text query answering a promise inside recorded work gets its span in one step; the
 * span is upstream's, name, kind, attributes, parent, status and exception event alike.
 */
describe('RecordedWorkPgInstrumentation, the one-step span of a text query', () => {
  let db: TestDatabase;
  let client: Client;
  let instrumentation: RecordedWorkPgInstrumentation;

  beforeAll(async () => {
    db = await createTestDatabase('otel_pg_lean');
    instrumentation = new RecordedWorkPgInstrumentation({ enabled: false, requireParentSpan: true });
    instrumentation.setTracerProvider(provider);
    patchClient(instrumentation);
    skipUnexportedPgMetrics(instrumentation, loadTelemetrySettings({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318' }));
    client = new Client({ connectionString: db.url });
    await client.connect();
    await client.query('CREATE TABLE effects (id int PRIMARY KEY)');
  });
  afterAll(async () => {
    await client?.end();
    unpatchClient(instrumentation);
    await db?.drop();
  });
  beforeEach(() => exporter.reset());

  /**
   * The query's span as the exporter gets it, without its ids and times. With `batch`, the query
   * runs in a batch handler's context, whose spans are made when the batch ends (ADR 240).
   */
  async function spanOf(lean: boolean, text: string, values: unknown[], batch?: LaterSpans) {
    instrumentation.durationsSkipped = lean;
    expect(instrumentation.leanQueriesFit()).toBe(lean);
    exporter.reset();
    const parent = tracer.startSpan('process test.task');
    const parentContext = trace.setSpan(ROOT_CONTEXT, parent);
    const run = () => client.query(text, values);
    const outcome = await (batch ? inBatchHandler(parent, parentContext, batch, run) : context.with(parentContext, run)).then(
      (r) => ({ rows: r.rowCount }),
      (e: Error) => ({ error: e.message }),
    );
    if (batch) {
      // Nothing recorded until the batch ends; then the span, timed as the query was.
      expect(pgSpans()).toEqual([]);
      const answered = Date.now();
      await new Promise((r) => setTimeout(r, 30));
      batch.make();
      const [made] = pgSpans();
      expect(core.hrTimeToMilliseconds(made.endTime)).toBeLessThanOrEqual(answered + 1);
    }
    parent.end();
    const [span] = pgSpans();
    return {
      outcome,
      name: span.name,
      kind: span.kind,
      parentIsTheHandler: span.parentSpanContext?.spanId === parent.spanContext().spanId,
      attributes: Object.entries(span.attributes),
      status: span.status,
      events: span.events.map((e) => [e.name, e.attributes]),
      ended: span.ended,
    };
  }

  const pgSpans = () => exporter.getFinishedSpans().filter((s) => s.name.startsWith('pg.query'));

  /** Runs fn as a message's handler in a batch that makes its statements' spans when it ends (ADR 240). */
  function inBatchHandler<T>(span: Span, spanContext: Context, later: LaterSpans, fn: () => T): T {
    const scope = { traceId: span.spanContext().traceId, spanId: span.spanContext().spanId };
    return withSpanAndScope({ span, context: spanContext, recorded: true, later }, scope, fn);
  }

  it('records what upstream records for a query that succeeds', async () => {
    const upstream = await spanOf(false, 'INSERT INTO effects (id) VALUES ($1)', [1]);
    const lean = await spanOf(true, 'INSERT INTO effects (id) VALUES ($1)', [2]);
    expect(lean).toEqual(upstream);
    expect(lean.outcome).toEqual({ rows: 1 });
    expect(lean.attributes.map(([k]) => k)).toEqual(['db.system.name', 'db.namespace', 'server.address', 'server.port', 'db.query.text']);
    expect(lean.name).toBe(`pg.query:INSERT ${db.name}`);
  });

  it('records what upstream records for a query that fails, and the caller gets the same error', async () => {
    const upstream = await spanOf(false, 'INSERT INTO effects (id) VALUES ($1)', [1]);
    const lean = await spanOf(true, 'INSERT INTO effects (id) VALUES ($1)', [1]);
    expect(lean).toEqual(upstream);
    expect(lean.outcome).toEqual({ error: expect.stringContaining('duplicate key') });
    expect(lean.status).toEqual({ code: 2, message: expect.stringContaining('duplicate key') });
    expect(lean.events).toEqual([['exception', expect.objectContaining({ 'exception.message': expect.stringContaining('code: 23505') })]]);
  });

  it("records a batch handler's query when the batch ends, as upstream would have, timed as the query ran (ADR 240)", async () => {
    const upstream = await spanOf(false, 'INSERT INTO effects (id) VALUES ($1)', [10]);
    const later = await spanOf(true, 'INSERT INTO effects (id) VALUES ($1)', [11], new LaterSpans());
    expect(later).toEqual(upstream);
    const upstreamFailure = await spanOf(false, 'INSERT INTO effects (id) VALUES ($1)', [10]);
    const laterFailure = await spanOf(true, 'INSERT INTO effects (id) VALUES ($1)', [10], new LaterSpans());
    expect(laterFailure).toEqual(upstreamFailure);
    expect(laterFailure.status).toEqual({ code: 2, message: expect.stringContaining('duplicate key') });
  });

  it("leaves the batch's own statements (its transaction, inbox, outbox) to its end as well", async () => {
    instrumentation.durationsSkipped = true;
    exporter.reset();
    const batchSpan = tracer.startSpan('process batch');
    const later = new LaterSpans();
    await withSpanContext({ span: batchSpan, context: trace.setSpan(ROOT_CONTEXT, batchSpan), recorded: true, later }, () => client.query('SELECT 3'));
    expect(pgSpans()).toEqual([]);
    later.make();
    batchSpan.end();
    expect(pgSpans().map((s) => [s.name, s.parentSpanContext?.spanId])).toEqual([[`pg.query:SELECT ${db.name}`, batchSpan.spanContext().spanId]]);
  });

  it('gives a query still running when its batch ends its span then, ended when the query settles; one started after, at once', async () => {
    instrumentation.durationsSkipped = true;
    exporter.reset();
    const parent = tracer.startSpan('process test.task');
    const batch = new LaterSpans();
    const slow = inBatchHandler(parent, trace.setSpan(ROOT_CONTEXT, parent), batch, () => client.query('SELECT pg_sleep(0.05)'));
    batch.make();
    expect(pgSpans()).toEqual([]);
    await slow;
    expect(pgSpans().map((s) => s.name)).toEqual([`pg.query:SELECT ${db.name}`]);
    // The batch has ended: a statement its handler still makes is recorded as it runs.
    await inBatchHandler(parent, trace.setSpan(ROOT_CONTEXT, parent), batch, () => client.query('SELECT 2'));
    parent.end();
    expect(pgSpans()).toHaveLength(2);
    expect(pgSpans().every((s) => s.parentSpanContext?.spanId === parent.spanContext().spanId)).toBe(true);
  });

  it('leaves a query with a callback to upstream, which still records it', async () => {
    instrumentation.durationsSkipped = true;
    const parent = tracer.startSpan('process test.task');
    const rows = await context.with(
      trace.setSpan(ROOT_CONTEXT, parent),
      () => new Promise<number | null>((resolve, reject) => client.query('SELECT 1', [], (err, r) => (err ? reject(err) : resolve(r.rowCount)))),
    );
    parent.end();
    expect(rows).toBe(1);
    expect(
      exporter
        .getFinishedSpans()
        .filter((s) => s.name.startsWith('pg.query'))
        .map((s) => s.name),
    ).toEqual([`pg.query:SELECT ${db.name}`]);
  });
});

/** ADR 212: outbound node:http requests (the S3 client's) make spans inside recorded work only. */
describe('skipUnrecordedOutgoingRequest', () => {
  const TRACE = '0af7651916cd43dd8448eb211c80319c';

  it('lets the instrumentation trace a request inside recorded work', () => {
    const parent = tracer.startSpan('GET /api/v1/media/:id');
    const options = { headers: { accept: 'application/xml' } };
    expect(context.with(trace.setSpan(ROOT_CONTEXT, parent), () => skipUnrecordedOutgoingRequest(options))).toBe(false);
    parent.end();
    expect(options.headers).toEqual({ accept: 'application/xml' });
  });

  it('skips a request in an unsampled trace, which still carries its traceparent with flags 00, on a copy of the headers', () => {
    const unsampled = trace.wrapSpanContext({ traceId: TRACE, spanId: 'b7ad6b7169203331', traceFlags: TraceFlags.NONE });
    const given = { accept: 'application/xml' };
    const options: { headers?: unknown } = { headers: given };
    expect(context.with(trace.setSpan(ROOT_CONTEXT, unsampled), () => skipUnrecordedOutgoingRequest(options))).toBe(true);
    expect(options.headers).toEqual({ accept: 'application/xml', traceparent: `00-${TRACE}-b7ad6b7169203331-00` });
    expect(given).toEqual({ accept: 'application/xml' });
  });

  it("skips a request outside any trace (the OTLP exporter's own) without touching it", () => {
    const options = { headers: { 'content-type': 'application/x-protobuf' } };
    expect(context.with(ROOT_CONTEXT, () => skipUnrecordedOutgoingRequest(options))).toBe(true);
    expect(options.headers).toEqual({ 'content-type': 'application/x-protobuf' });
  });
});

/** An exporter that answers each export when told, keeping the batches it was given. */
class SlowExporter implements tracing.SpanExporter {
  readonly batches: string[][] = [];
  private readonly waiting: (() => void)[] = [];
  export(spans: tracing.ReadableSpan[], done: (r: core.ExportResult) => void): void {
    this.batches.push(spans.map((s) => s.name));
    this.waiting.push(() => done({ code: core.ExportResultCode.SUCCESS }));
  }
  answer(): void {
    for (const w of this.waiting.splice(0)) w();
  }
  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}

describe('QueueingBatchSpanProcessor', () => {
  const settle = () => new Promise((r) => setImmediate(r));

  it.each([
    ['the SDK’s', tracing.BatchSpanProcessor],
    ['ours', QueueingBatchSpanProcessor],
  ])('%s exports every sampled span once, in order, in full batches, during an export and at shutdown', async (_, Processor) => {
    const exporter = new SlowExporter();
    const processor = new Processor(exporter, { maxExportBatchSize: 4, maxQueueSize: 10, scheduledDelayMillis: 60_000 });
    const made = new node.NodeTracerProvider({ spanProcessors: [processor] }).getTracer('queueing');
    const end = (from: number, to: number) => {
      for (let i = from; i < to; i++) made.startSpan(`s${i}`).end();
    };
    const unsampled = trace.setSpanContext(ROOT_CONTEXT, { traceId: '1'.repeat(32), spanId: '2'.repeat(16), traceFlags: TraceFlags.NONE });
    made.startSpan('unsampled', {}, unsampled).end();
    end(0, 6); // a full batch goes at the fourth; two wait behind its export
    await settle();
    end(6, 16); // during the export: queued up to the queue's size (10), the rest dropped
    exporter.answer();
    await settle();
    const shutdown = processor.shutdown();
    for (let i = 0; i < 5; i++) {
      exporter.answer();
      await settle();
    }
    await shutdown;
    expect(exporter.batches).toEqual([
      ['s0', 's1', 's2', 's3'],
      ['s4', 's5', 's6', 's7'],
      ['s8', 's9', 's10', 's11'],
      ['s12', 's13'],
    ]);
  });

  it('queues a span without the SDK’s timer check (and its closure) while the timer is set', async () => {
    const exporter = new SlowExporter();
    const processor = new QueueingBatchSpanProcessor(exporter, { maxExportBatchSize: 100, scheduledDelayMillis: 60_000 });
    const checks = jest.spyOn(processor as unknown as { _maybeStartTimer(): void }, '_maybeStartTimer');
    const made = new node.NodeTracerProvider({ spanProcessors: [processor] }).getTracer('queueing');
    for (let i = 0; i < 10; i++) made.startSpan(`q${i}`).end();
    expect(checks).toHaveBeenCalledTimes(1);
    const shutdown = processor.shutdown();
    await settle();
    expect(exporter.batches).toEqual([['q0', 'q1', 'q2', 'q3', 'q4', 'q5', 'q6', 'q7', 'q8', 'q9']]);
    exporter.answer();
    await shutdown;
  });

  it('exports a batch that never fills when its timer fires', async () => {
    const exporter = new SlowExporter();
    const processor = new QueueingBatchSpanProcessor(exporter, { maxExportBatchSize: 100, scheduledDelayMillis: 20 });
    const made = new node.NodeTracerProvider({ spanProcessors: [processor] }).getTracer('queueing');
    for (let i = 0; i < 3; i++) made.startSpan(`t${i}`).end();
    await new Promise((r) => setTimeout(r, 80));
    exporter.answer();
    expect(exporter.batches).toEqual([['t0', 't1', 't2']]);
    await processor.shutdown();
  });
});

/** ADR 212: a Redis span names the command, never the keys (they hold session and user ids). */
describe('redisStatement', () => {
  it('keeps the command, the argument count and the script digest, and no key or value', () => {
    const sha = '2713db36244df1556b59be6e407cffe57918688b';
    const keys = ['mt:auth:revoked-session:f903e8d6', 'mt:auth:revoked-sessions-loaded', 'mt:rl:user:7c6a9f9c'];
    expect(redisStatement('evalsha', [sha, 3, ...keys, 60000, 'required'])).toBe(`evalsha ${sha} [6 other arguments]`);
    expect(redisStatement('get', ['mt:auth:session:f903e8d6'])).toBe('get [1 argument]');
    expect(redisStatement('set', ['mt:k', 'secret value', 'PX', 1000])).toBe('set [4 arguments]');
    expect(redisStatement('ping', [])).toBe('ping');
  });
});
