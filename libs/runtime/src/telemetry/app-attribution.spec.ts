import { ROOT_CONTEXT, SpanKind, trace } from '@opentelemetry/api';
import { resources, tracing } from '@opentelemetry/sdk-node';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { createSpanSerializer, type SpanSerializer } from './otlp-span-serializer';
import { APP_ATTRIBUTE, APP_KEY, AppAttributionProcessor } from './app-attribution';

/** The exporter's own serializer, which the one-pass one must match byte for byte (ADR 170). */
const upstream = (new OTLPTraceExporter() as unknown as { _delegate: { _serializer: SpanSerializer } })._delegate._serializer;

/** `npm start`: six apps in one process, each span exported under its own app's service.name (ADR 090, 217). */
describe('AppAttributionProcessor', () => {
  const exporter = new tracing.InMemorySpanExporter();
  const provider = new tracing.BasicTracerProvider({
    resource: resources.resourceFromAttributes({ 'service.name': 'marketing-team', 'host.name': 'box' }),
    spanProcessors: [new AppAttributionProcessor('gateway'), new tracing.SimpleSpanProcessor(exporter)],
  });
  const tracer = provider.getTracer('test');
  afterEach(() => exporter.reset());
  afterAll(() => provider.shutdown());

  const serviceOf = (s: tracing.ReadableSpan) => [s.resource.attributes['service.name'], s.resource.attributes['service.namespace']];

  it('puts a span on the resource of the app in its context, of its parent, or of the HTTP app for a server span', () => {
    const server = tracer.startSpan('GET /api/v1/brands', { kind: SpanKind.SERVER }, ROOT_CONTEXT);
    const underServer = tracer.startSpan('evalsha', {}, trace.setSpan(ROOT_CONTEXT, server));
    const consumer = tracer.startSpan('process brand.list', { kind: SpanKind.CONSUMER }, ROOT_CONTEXT.setValue(APP_KEY, 'brand-agent'));
    const query = tracer.startSpan('pg.query', {}, trace.setSpan(ROOT_CONTEXT, consumer));
    const orphan = tracer.startSpan('housekeeping', {}, ROOT_CONTEXT);
    for (const s of [query, consumer, underServer, server, orphan]) s.end();

    const byName = new Map(exporter.getFinishedSpans().map((s) => [s.name, s]));
    expect(serviceOf(byName.get('GET /api/v1/brands')!)).toEqual(['gateway', 'marketing-team']);
    expect(serviceOf(byName.get('evalsha')!)).toEqual(['gateway', 'marketing-team']);
    expect(serviceOf(byName.get('process brand.list')!)).toEqual(['brand-agent', 'marketing-team']);
    expect(serviceOf(byName.get('pg.query')!)).toEqual(['brand-agent', 'marketing-team']);
    expect(byName.get('pg.query')!.attributes[APP_ATTRIBUTE]).toBe('brand-agent');
    expect(serviceOf(byName.get('housekeeping')!)).toEqual(['marketing-team', undefined]);
    expect(byName.get('housekeeping')!.attributes[APP_ATTRIBUTE]).toBeUndefined();
    // The process's other attributes stay on every app's resource.
    expect(byName.get('pg.query')!.resource.attributes['host.name']).toBe('box');
  });

  it('gives all spans of one app the same resource, so an export groups them under it', () => {
    const a = tracer.startSpan('one', {}, ROOT_CONTEXT.setValue(APP_KEY, 'creation-agent'));
    const b = tracer.startSpan('two', {}, ROOT_CONTEXT.setValue(APP_KEY, 'creation-agent'));
    a.end();
    b.end();
    const [x, y] = exporter.getFinishedSpans();
    expect(x.resource).toBe(y.resource);
    // The export body: one ResourceSpans per app, byte for byte what the upstream serializer writes.
    const spans = exporter.getFinishedSpans();
    const ours = createSpanSerializer(upstream).serializeRequest(spans)!;
    expect(Buffer.from(ours).equals(Buffer.from(upstream.serializeRequest(spans)!))).toBe(true);
  });
});
