import { context, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, TraceFlags } from '@opentelemetry/api';
import { core, node, resources, tracing } from '@opentelemetry/sdk-node';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { createSpanSerializer, type SpanSerializer, useSpanSerializer } from './otlp-span-serializer';
import { OwnedSpan, ownedSpanStarter } from './owned-spans';

/**
 * The export body written in one pass (ADR 170) must be the very bytes the exporter's own
 * serializer writes for the same spans, whatever they carry.
 */
function upstreamSerializer(): SpanSerializer {
  const exporter = new OTLPTraceExporter();
  return (exporter as unknown as { _delegate: { _serializer: SpanSerializer } })._delegate._serializer;
}

function recordSpans(resourceAttributes: Record<string, string>, make: (p: InstanceType<typeof node.NodeTracerProvider>) => void): tracing.ReadableSpan[] {
  const exporter = new tracing.InMemorySpanExporter();
  const provider = new node.NodeTracerProvider({
    resource: resources.resourceFromAttributes(resourceAttributes),
    spanProcessors: [new tracing.SimpleSpanProcessor(exporter)],
  });
  make(provider);
  return exporter.getFinishedSpans();
}

const remoteParent = trace.setSpanContext(ROOT_CONTEXT, {
  traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
  spanId: '00f067aa0ba902b7',
  traceFlags: TraceFlags.SAMPLED,
  isRemote: true,
  traceState: new core.TraceState('vendor=abc,other=x1'),
});

function variedSpans(): tracing.ReadableSpan[] {
  const first = recordSpans({ 'service.name': 'creation-agent', 'deployment.environment.name': 'test' }, (provider) => {
    const mesh = provider.getTracer('@mt/messages');
    const pg = provider.getTracer('@opentelemetry/instrumentation-pg', '0.76.0', { schemaUrl: 'https://opentelemetry.io/schemas/1.27.0' });
    const consumer = mesh.startSpan(
      'process content.created',
      {
        kind: SpanKind.CONSUMER,
        attributes: {
          'messaging.system': 'rabbitmq',
          'messaging.message.id': '6f1c2d3e-4a5b-4c6d-8e9f-0a1b2c3d4e5f',
          'marketing_team.retry_count': 0,
          'marketing_team.outbox': true,
          'a.negative': -42,
          'a.large': 2 ** 40 + 7,
          'a.double': 0.125,
          'a.strings': ['one', 'twö', 'three'],
          'a.numbers': [1, 2.5, -3],
          'a.booleans': [true, false],
          'a.non_ascii': 'Grüße, ünïcødé ✓ 🚀',
          'a.empty': '',
        },
      },
      remoteParent,
    );
    consumer.addEvent('retry', { 'error.type': 'HANDLER_FAILED', 'exception.message': 'the printer is on fire', 'marketing_team.attempts': 2 });
    consumer.addEvent('dead_letter');
    consumer.setStatus({ code: SpanStatusCode.ERROR, message: 'HANDLER_FAILED' });
    const query = pg.startSpan(
      'INSERT marketing_team',
      { kind: SpanKind.CLIENT, attributes: { 'db.system.name': 'postgresql', 'db.query.text': 'INSERT INTO t (a) VALUES ($1)' } },
      trace.setSpan(context.active(), consumer),
    );
    query.end();
    consumer.end();
    const batch = mesh.startSpan('process batch', {
      kind: SpanKind.CONSUMER,
      links: [{ context: consumer.spanContext() }, { context: trace.getSpanContext(remoteParent)!, attributes: { 'link.kind': 'message' } }],
      attributes: { 'messaging.batch.message_count': 2 },
    });
    batch.setStatus({ code: SpanStatusCode.OK });
    batch.end();
    // Long enough that its length and its scope's need more bytes than reserved.
    const long = mesh.startSpan('send content.created', { kind: SpanKind.PRODUCER, attributes: { 'a.long': 'x'.repeat(20_000) } });
    long.end();
    for (let i = 0; i < 600; i++) {
      const s = mesh.startSpan(`create event.${i % 7}`, { kind: SpanKind.PRODUCER, attributes: { 'messaging.message.id': `id-${i}`, n: i } });
      s.end();
    }
    const internal = mesh.startSpan('internal');
    internal.end();
  });
  const second = recordSpans({ 'service.name': 'gateway' }, (provider) => {
    const s = provider.getTracer('@opentelemetry/instrumentation-http').startSpan('POST /api/v1/campaigns/:id/plan', { kind: SpanKind.SERVER });
    s.end();
  });
  return [...first.slice(0, 300), ...second, ...first.slice(300)];
}

describe('the one-pass OTLP/protobuf span serializer', () => {
  afterAll(() => {
    trace.disable();
    context.disable();
    propagation.disable();
  });

  it('writes the same bytes as the exporter’s own serializer, for every kind of attribute, event, link and status', () => {
    const upstream = upstreamSerializer();
    const ours = createSpanSerializer(upstream);
    const spans = variedSpans();
    const expected = Buffer.from(upstream.serializeRequest(spans)!);
    expect(expected.length).toBeGreaterThan(20_000);
    expect(Buffer.from(ours.serializeRequest(spans)!).equals(expected)).toBe(true);
    // Again with its buffer and cached strings in use, and for a single span.
    expect(Buffer.from(ours.serializeRequest(spans)!).equals(expected)).toBe(true);
    const one = spans.slice(0, 1);
    expect(Buffer.from(ours.serializeRequest(one)!).equals(Buffer.from(upstream.serializeRequest(one)!))).toBe(true);
    expect(ours.serializeRequest([])!.length).toBe(upstream.serializeRequest([])!.length);
  });

  it('writes the same bytes for our own spans, whose times it reads without their arrays', () => {
    const spans = recordSpans({ 'service.name': 'creation-agent' }, (provider) => {
      const start = ownedSpanStarter(provider.getTracer('@mt/messages'))!;
      const consumer = start('process content.entry.generate', SpanKind.CONSUMER, { 'messaging.system': 'rabbitmq' }, remoteParent);
      // Children on their parent's clock start at a fraction of a millisecond (ADR 241); one is
      // given its readings, one its end.
      const at = performance.now();
      const parentCtx = trace.setSpan(ROOT_CONTEXT, consumer);
      const query = start('pg.query:INSERT mt', SpanKind.CLIENT, { 'db.system.name': 'postgresql' }, parentCtx, undefined, undefined, Date.now(), at);
      query.end(at + 0.3333337);
      // Started half a millisecond before a second's end, ended in the next second.
      const late = start('pg.query:SELECT mt', SpanKind.CLIENT, {}, ROOT_CONTEXT, undefined, undefined, 1_796_643_655_999.5, at - 5);
      late.end();
      const given = start('send content.created', SpanKind.PRODUCER, {}, parentCtx);
      given.end([1_796_643_700, 999_999_999]);
      consumer.end();
    });
    expect(spans.length).toBe(4);
    expect(spans.every((s) => s instanceof OwnedSpan)).toBe(true);
    const upstream = upstreamSerializer();
    const expected = Buffer.from(upstream.serializeRequest(spans)!);
    expect(Buffer.from(createSpanSerializer(upstream).serializeRequest(spans)!).equals(expected)).toBe(true);
  });

  it('keeps a body it answered intact while it writes the next one', () => {
    const upstream = upstreamSerializer();
    const ours = createSpanSerializer(upstream);
    const spans = variedSpans();
    const first = ours.serializeRequest(spans.slice(0, 10))!;
    const copy = Buffer.from(first);
    ours.serializeRequest(spans.slice(10, 400));
    expect(Buffer.from(first).equals(copy)).toBe(true);
  });

  it('goes into the SDK’s OTLP exporter, which keeps its own way of reading responses', () => {
    const exporter = new OTLPTraceExporter();
    const delegate = (exporter as unknown as { _delegate: { _serializer: SpanSerializer } })._delegate;
    const upstream = delegate._serializer;
    expect(useSpanSerializer(exporter)).toBe(true);
    expect(delegate._serializer).not.toBe(upstream);
    const spans = variedSpans();
    expect(Buffer.from(delegate._serializer.serializeRequest(spans)!).equals(Buffer.from(upstream.serializeRequest(spans)!))).toBe(true);
    expect(useSpanSerializer({})).toBe(false);
  });
});
