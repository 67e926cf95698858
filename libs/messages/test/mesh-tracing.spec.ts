import { context, propagation, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { node, tracing } from '@opentelemetry/sdk-node';
import { createEvent, enableMeshTracing, endSpan, MESH_TRACER, presetSpanIdGenerator, startConsumerSpan } from '@mt/messages';
import { Client } from 'pg';
import { ownedSpanStarter } from '../../runtime/src/telemetry/owned-spans';
import { RecordedWorkPgInstrumentation } from '../../runtime/src/telemetry/sdk';
import { eventually, MeshHarness, TRANSPORTS } from './harness';

/**
 * The mesh's spans, recorded in memory by a real SDK: the trace an operator follows in Jaeger
 * when a message is retried and dead-lettered, and when a handler's event leaves by the outbox.
 */
const exporter = new tracing.InMemorySpanExporter();
let provider: InstanceType<typeof node.NodeTracerProvider>;
/** The trace ids the sampler was asked about: work for the SDK, whether or not it records. */
const asked: string[] = [];
const parentBased = new tracing.ParentBasedSampler({ root: new tracing.AlwaysOnSampler() });
const sampler: tracing.Sampler = {
  shouldSample: (...args: Parameters<tracing.Sampler['shouldSample']>) => {
    asked.push(args[1]);
    return parentBased.shouldSample(...args);
  },
  toString: () => 'counting',
};

beforeAll(() => {
  provider = new node.NodeTracerProvider({
    sampler,
    idGenerator: presetSpanIdGenerator(new tracing.RandomIdGenerator()),
    spanProcessors: [new tracing.SimpleSpanProcessor(exporter)],
  });
  provider.register();
  enableMeshTracing();
});
afterAll(async () => {
  enableMeshTracing(false);
  await provider.shutdown();
  trace.disable();
  context.disable();
  propagation.disable();
});

/** The SDK's tracer (the mesh's default), and the runtime's owned spans (what the apps use, ADR 233). */
const STARTERS = ['the SDK tracer', 'owned spans'] as const;

describe.each(TRANSPORTS.flatMap((t) => STARTERS.map((s) => [t, s] as const)))('mesh spans on the %s transport, made by %s', (kind, starter) => {
  let h: MeshHarness;

  beforeEach(async () => {
    exporter.reset();
    const owned = starter === 'owned spans' ? ownedSpanStarter(provider.getTracer(MESH_TRACER)) : undefined;
    if (starter === 'owned spans') expect(owned).toBeDefined();
    enableMeshTracing(true, { startSpan: owned });
    h = await MeshHarness.create(kind);
  });
  afterEach(async () => {
    await h.close();
  });

  const spansOf = (traceId: string) => exporter.getFinishedSpans().filter((s) => s.spanContext().traceId === traceId);

  it('shows each retry of a failing message, then its dead-lettering, as events on its consumer spans', async () => {
    const worker = await h.node('worker');
    worker.handlers.add({
      kind: 'task',
      type: 'test.explode',
      options: {},
      handle: async () => {
        throw new Error('the printer is on fire');
      },
    });
    await worker.start();
    const sender = await h.node('sender', { routes: { 'test.explode': 'worker' } });
    await sender.startSender();

    const sent = await sender.client.dispatch('test.explode', { n: 1 }, { maxRetries: 2 });
    await eventually(async () => (await worker.deadLetters.list()).length > 0, 'a dead letter');

    const spans = await eventually(() => {
      const t = spansOf(sent.trace_id).filter((s) => s.kind === SpanKind.CONSUMER);
      return t.length === 3 ? t : null;
    }, 'three consumer spans');
    const producer = spansOf(sent.trace_id).find((s) => s.kind === SpanKind.PRODUCER);
    expect(producer?.name).toBe('send test.explode');
    expect(producer?.spanContext().spanId).toBe(sent.span_id);
    const byAttempt = [...spans].sort((a, b) => Number(a.attributes['marketing_team.retry_count']) - Number(b.attributes['marketing_team.retry_count']));
    expect(byAttempt.map((s) => s.events.map((e) => e.name))).toEqual([['retry'], ['retry'], ['dead_letter']]);
    for (const s of byAttempt) {
      expect(s.name).toBe('process test.explode');
      expect(s.parentSpanContext?.spanId).toBe(sent.span_id);
      expect(s.status.code).toBe(SpanStatusCode.ERROR);
      expect(s.events[0].attributes).toMatchObject({ 'error.type': 'HANDLER_FAILED', 'exception.message': 'the printer is on fire' });
      expect(s.attributes).toMatchObject({
        'messaging.system': kind === 'amqp' ? 'rabbitmq' : 'in_process',
        'messaging.operation.type': 'process',
        'messaging.message.id': sent.message_id,
        'messaging.message.conversation_id': sent.correlation_id,
      });
    }
    expect(byAttempt[2].events[0].attributes?.['marketing_team.attempts']).toBe(3);
  });

  it('parents the outbox relay on the context the row was written in, and the next consumer on the envelope', async () => {
    const worker = await h.node('worker');
    worker.handlers.add({
      kind: 'task',
      type: 'test.work',
      options: {},
      handle: async () => {
        worker.uow.publishEvent('test.worked', { ok: true });
      },
    });
    await worker.start();
    const downstream = await h.node('listener');
    const heard: string[] = [];
    downstream.handlers.add({ kind: 'event', type: 'test.worked', options: {}, handle: async (env) => void heard.push(env.message_id) });
    await downstream.start();
    const sender = await h.node('sender', { routes: { 'test.work': 'worker' } });
    await sender.startSender();

    const sent = await sender.client.dispatch('test.work', {});
    await eventually(() => heard.length === 1, 'the event handled');
    const spans = await eventually(() => {
      const t = spansOf(sent.trace_id);
      return t.some((s) => s.name === 'process test.worked') ? t : null;
    }, 'the listener span');
    const named = (n: string) => spans.find((s) => s.name === n)!;
    const [work, send, listen] = ['process test.work', 'send test.worked', 'process test.worked'].map(named);
    expect(work.parentSpanContext?.spanId).toBe(sent.span_id);
    // The row's creation is an event on the handler's span, not a span (ADR 191)…
    expect(spans.some((s) => s.name === 'create test.worked')).toBe(false);
    expect(work.events.map((e) => [e.name, e.attributes?.['messaging.message.id']])).toEqual([['create test.worked', heard[0]]]);
    // …and the relay's send span, child of the span the row was written in, is the consumer's parent.
    expect(send.kind).toBe(SpanKind.PRODUCER);
    expect(send.attributes['marketing_team.outbox']).toBe(true);
    expect(send.parentSpanContext?.spanId).toBe(work.spanContext().spanId);
    expect(listen.parentSpanContext?.spanId).toBe(send.spanContext().spanId);
    expect(listen.attributes['messaging.message.id']).toBe(heard[0]);
  });

  it("records the handler's own SQL and none of the mesh's bookkeeping (inbox, outbox, relay), sampled or not", async () => {
    // The pg instrumentation the apps run, patching this process's pg client for this test.
    const pg = new RecordedWorkPgInstrumentation({ enabled: false, requireParentSpan: true, ignoreConnectSpans: true });
    pg.setTracerProvider(provider);
    const patches = pg as unknown as { _patchPgClient(c: typeof Client): void; _unpatchPgClient(c: typeof Client): void };
    patches._patchPgClient(Client);
    try {
      const worker = await h.node('worker');
      worker.handlers.add({
        kind: 'task',
        type: 'test.record',
        options: {},
        handle: async (env) => {
          await MeshHarness.recordEffect(worker, env);
          worker.uow.publishEvent('test.recorded', { ok: true });
        },
      });
      await worker.start();
      const downstream = await h.node('listener');
      const heard: string[] = [];
      downstream.handlers.add({ kind: 'event', type: 'test.recorded', options: {}, handle: async (env) => void heard.push(env.trace_id) });
      await downstream.start();
      const sender = await h.node('sender', { routes: { 'test.record': 'worker' } });
      await sender.startSender();

      const sampled = await sender.client.dispatch('test.record', {});
      const unsampledParent = trace.wrapSpanContext({ traceId: '5bf92f3577b34da6a3ce929d0e0e4737', spanId: '10f067aa0ba902b7', traceFlags: 0 });
      const unsampled = await context.with(trace.setSpan(context.active(), unsampledParent), () => sender.client.dispatch('test.record', {}));
      await eventually(() => heard.length === 2, 'both events handled');
      const spans = await eventually(() => {
        const t = spansOf(sampled.trace_id);
        return t.some((s) => s.name === 'process test.recorded') ? t : null;
      }, 'the sampled trace');
      // The handlers' transactions and the worker's INSERT, under their consumer spans; no inbox
      // claim, outbox row or relay mark.
      const statements = spans.filter((s) => s.kind === SpanKind.CLIENT).map((s) => [s.attributes['db.query.text'], s.parentSpanContext?.spanId]);
      const [work, listen] = ['process test.record', 'process test.recorded'].map((n) => spans.find((s) => s.name === n)?.spanContext().spanId);
      expect(statements).toEqual([
        ['START TRANSACTION', work],
        ['INSERT INTO "worker".effects (message_id, note) VALUES ($1, $2)', work],
        ['COMMIT', work],
        ['START TRANSACTION', listen],
        ['COMMIT', listen],
      ]);
      await new Promise((r) => setTimeout(r, 50));
      expect(spansOf(unsampled.trace_id)).toEqual([]);
    } finally {
      patches._unpatchPgClient(Client);
    }
  });

  it('carries an unsampled trace through handler, outbox and next consumer without recording a span', async () => {
    const worker = await h.node('worker');
    const seen: { traceId: string; active?: string; recording?: boolean }[] = [];
    worker.handlers.add({
      kind: 'task',
      type: 'test.quiet',
      options: {},
      handle: async (env) => {
        const active = trace.getSpan(context.active());
        seen.push({ traceId: env.trace_id, active: active?.spanContext().traceId, recording: active?.isRecording() });
        worker.uow.publishEvent('test.quieted', { ok: true });
      },
    });
    await worker.start();
    const downstream = await h.node('listener');
    const heard: { traceId: string; spanId: string }[] = [];
    downstream.handlers.add({
      kind: 'event',
      type: 'test.quieted',
      options: {},
      handle: async (env) => void heard.push({ traceId: env.trace_id, spanId: env.span_id }),
    });
    await downstream.start();
    const sender = await h.node('sender', { routes: { 'test.quiet': 'worker' } });
    await sender.startSender();

    // A request the sampler left out (traceparent flags 00) dispatches a task.
    const unsampled = trace.wrapSpanContext({ traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId: '00f067aa0ba902b7', traceFlags: 0 });
    const sent = await context.with(trace.setSpan(context.active(), unsampled), () => sender.client.dispatch('test.quiet', {}));
    await eventually(() => heard.length === 1, 'the event handled');

    // Every message and the handler's context keep the trace's ids, so logs and messages join up…
    expect(sent.trace_id).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    expect(seen).toEqual([{ traceId: sent.trace_id, active: sent.trace_id, recording: false }]);
    expect(heard[0].traceId).toBe(sent.trace_id);
    expect(heard[0].spanId).not.toBe(sent.span_id);
    // …and nothing is recorded for it anywhere.
    await new Promise((r) => setTimeout(r, 50));
    expect(spansOf(sent.trace_id)).toEqual([]);
    expect(asked.filter((t) => t === sent.trace_id)).toEqual([]);
  });
});

/**
 * Where a consumed message's span hangs: under the envelope's own ids, with the sampled flag of its
 * traceparent header when that header names those ids, and sampled when it does not (a copied
 * message, a missing or malformed header) — the envelope's ids win (ADR 091, ADR 232).
 */
describe('the CONSUMER span of a delivery and its traceparent header', () => {
  const env = createEvent({
    sender: 'test',
    eventType: 'test.parented',
    payload: {},
    parent: { trace_id: '4bf92f3577b34da6a3ce929d0e0e4736', span_id: '00f067aa0ba902b7', correlation_id: 'c-1' },
  });
  const consume = (traceparent: unknown) => {
    exporter.reset();
    const s = startConsumerSpan(env, 'worker', { traceparent }, 'rabbitmq', 'mt.worker');
    endSpan(s?.span);
    const [span] = exporter.getFinishedSpans();
    return { recording: !!span, traceId: s?.span.spanContext().traceId, parent: span?.parentSpanContext?.spanId, flags: span?.parentSpanContext?.traceFlags };
  };

  it('takes the sampled flag of a header naming the envelope', () => {
    expect(consume(`00-${env.trace_id}-${env.span_id}-01`)).toEqual({ recording: true, traceId: env.trace_id, parent: env.span_id, flags: 1 });
    expect(consume(`00-${env.trace_id}-${env.span_id}-00`)).toEqual({ recording: false, traceId: env.trace_id, parent: undefined, flags: undefined });
    expect(consume(`00-${env.trace_id}-${env.span_id}-03`)).toMatchObject({ recording: true, parent: env.span_id, flags: 3 });
  });

  it("records under the envelope's ids when the header names another message, or is missing or malformed", () => {
    const sampled = { recording: true, traceId: env.trace_id, parent: env.span_id, flags: 1 };
    expect(consume(`00-${env.trace_id}-b7ad6b7169203331-00`)).toEqual(sampled);
    expect(consume(`00-0af7651916cd43dd8448eb211c80319c-${env.span_id}-00`)).toEqual(sampled);
    expect(consume(undefined)).toEqual(sampled);
    expect(consume(`01-${env.trace_id}-${env.span_id}-00`)).toEqual(sampled);
    expect(consume(`00-${env.trace_id}-${env.span_id}-zz`)).toEqual(sampled);
    expect(consume(`00-${env.trace_id}-${env.span_id}-00-`)).toEqual(sampled);
  });
});
