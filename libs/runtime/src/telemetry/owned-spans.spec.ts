import { type Attributes, type Context, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, TraceFlags } from '@opentelemetry/api';
import { core, tracing } from '@opentelemetry/sdk-node';
import { LocalClockProcessor, OWNED_ATTRIBUTE_MAX, OwnedSpan, ownedSpanStarter } from './owned-spans';

const TRACE = '0af7651916cd43dd8448eb211c80319c';
const PARENT = 'b7ad6b7169203331';

function providerWith(opts: { sampler?: tracing.Sampler; spanLimits?: tracing.SpanLimits } = {}) {
  const exporter = new tracing.InMemorySpanExporter();
  // As the apps list them (sdk.ts): the SDK's spans put on their local parent's clock first (ADR 241).
  const provider = new tracing.BasicTracerProvider({ ...opts, spanProcessors: [new LocalClockProcessor(), new tracing.SimpleSpanProcessor(exporter)] });
  return { exporter, provider, tracer: provider.getTracer('owned-spans-spec', '1.0.0') };
}

function remoteParent(flags: TraceFlags): Context {
  return trace.setSpanContext(ROOT_CONTEXT, { traceId: TRACE, spanId: PARENT, traceFlags: flags, isRemote: true });
}

const consumerAttributes = (): Attributes => ({
  'messaging.system': 'rabbitmq',
  'messaging.destination.name': 'strategy-agent.tasks',
  'messaging.message.id': '6f1c3a52-6d0e-4b8f-9a3e-1a2b3c4d5e6f',
  'messaging.operation.type': 'process',
  'marketing_team.retry_count': 0,
});

/** What an exporter reads of a span, without its own id and its times. */
function readable(s: tracing.ReadableSpan) {
  return {
    name: s.name,
    kind: s.kind,
    traceId: s.spanContext().traceId,
    traceFlags: s.spanContext().traceFlags,
    traceState: s.spanContext().traceState?.serialize(),
    parent: s.parentSpanContext,
    attributes: s.attributes,
    links: s.links,
    events: s.events.map((e) => [e.name, e.attributes, e.droppedAttributesCount]),
    status: s.status,
    resource: s.resource.attributes,
    scope: s.instrumentationScope,
    dropped: [s.droppedAttributesCount, s.droppedEventsCount, s.droppedLinksCount],
    ended: s.ended,
  };
}

/** ADR 233: a span whose attributes the caller built for it alone, made without the SDK's re-checks. */
describe('owned spans', () => {
  it("make the SDK's span: same fields, events, status, links, resource and scope", async () => {
    const { exporter, provider, tracer } = providerWith();
    const start = ownedSpanStarter(tracer)!;
    expect(start).toBeDefined();
    const link = { context: { traceId: '1'.repeat(32), spanId: '2'.repeat(16), traceFlags: TraceFlags.SAMPLED } };
    const made = [
      tracer.startSpan('process plan.campaign', { kind: SpanKind.CONSUMER, attributes: consumerAttributes(), links: [link] }, remoteParent(TraceFlags.SAMPLED)),
      start('process plan.campaign', SpanKind.CONSUMER, consumerAttributes(), remoteParent(TraceFlags.SAMPLED), [link]),
    ];
    for (const span of made) {
      span.addEvent('create campaign.planned', { 'messaging.message.id': 'm-1', 'messaging.destination.name': 'mt.events', bad: { nested: true } as never });
      span.setAttribute('error.type', 'TIMEOUT');
      span.setAttribute('ignored', undefined as never);
      span.recordException(Object.assign(new Error('the model took too long'), { code: 'TIMEOUT' }));
      span.setStatus({ code: SpanStatusCode.ERROR, message: 'TIMEOUT' });
      span.end();
      span.end(); // a second end is refused, as the SDK refuses it
    }
    const [sdk, owned] = exporter.getFinishedSpans();
    expect(owned).toBeInstanceOf(OwnedSpan);
    expect(readable(owned)).toEqual(readable(sdk));
    expect(owned.parentSpanContext?.spanId).toBe(PARENT);
    expect(owned.events[0].attributes).toEqual({ 'messaging.message.id': 'm-1', 'messaging.destination.name': 'mt.events' });
    expect(owned.events[1].attributes?.['exception.type']).toBe('TIMEOUT');
    await provider.shutdown();
  });

  it('time the span from the wall clock at its start and the monotonic clock after', async () => {
    const { exporter, provider, tracer } = providerWith();
    const before = Date.now();
    const span = ownedSpanStarter(tracer)!('send content.created', SpanKind.PRODUCER, {}, ROOT_CONTEXT);
    await new Promise((r) => setTimeout(r, 20));
    span.addEvent('retry');
    span.end();
    const [s] = exporter.getFinishedSpans();
    const ms = (t: [number, number]) => core.hrTimeToMilliseconds(t);
    expect(ms(s.startTime)).toBeGreaterThanOrEqual(before);
    expect(ms(s.endTime) - ms(s.startTime)).toBeGreaterThanOrEqual(19);
    expect(ms(s.endTime) - ms(s.startTime)).toBeLessThan(1000);
    expect(ms(s.events[0].time)).toBeGreaterThanOrEqual(ms(s.startTime));
    expect(ms(s.events[0].time)).toBeLessThanOrEqual(ms(s.endTime));
    expect(core.hrTimeToMilliseconds(s.duration)).toBeCloseTo(ms(s.endTime) - ms(s.startTime), 3);
    expect(s.endTime[1]).toBeLessThan(1e9);
    await provider.shutdown();
  });

  it("keep an end time given to end(), and the SDK's answer to one before the start", async () => {
    const { exporter, provider, tracer } = providerWith();
    const start = ownedSpanStarter(tracer)!;
    const open = start('process plan.campaign', SpanKind.CONSUMER, {}, ROOT_CONTEXT);
    // Not ended: no end time yet.
    expect((open as unknown as tracing.ReadableSpan).endTime).toEqual([0, 0]);
    const later = Date.now() + 5_000;
    open.end(later);
    const early = start('send campaign.planned', SpanKind.PRODUCER, {}, ROOT_CONTEXT);
    early.end([1, 0]);
    const [given, before] = exporter.getFinishedSpans();
    expect(given.endTime).toEqual([Math.trunc(later / 1000), (later % 1000) * 1e6]);
    // An end before the start is the start (the SDK's rule): a duration of zero.
    expect(before.endTime).toEqual(before.startTime);
    expect(before.duration).toEqual([0, 0]);
    await provider.shutdown();
  });

  it('start at the clock readings given and end at a monotonic reading, for a span made after its work (ADR 240)', async () => {
    const { exporter, provider, tracer } = providerWith();
    const startMs = Date.now();
    const startedAt = performance.now();
    await new Promise((r) => setTimeout(r, 20));
    const endedAt = performance.now();
    await new Promise((r) => setTimeout(r, 20));
    const madeAt = performance.now();
    const span = ownedSpanStarter(tracer)!('pg.query:INSERT app', SpanKind.CLIENT, {}, ROOT_CONTEXT, undefined, undefined, startMs, startedAt);
    span.end(endedAt);
    const [s] = exporter.getFinishedSpans();
    const ms = (t: [number, number]) => core.hrTimeToMilliseconds(t);
    expect(ms(s.startTime)).toBe(startMs);
    // The query's own time, not the time until the span was made and ended (a second timer later).
    // Both are read from the clock, not assumed from the timers: a loaded machine runs them late.
    expect(ms(s.endTime) - ms(s.startTime)).toBeCloseTo(endedAt - startedAt, 3);
    expect(ms(s.endTime) - ms(s.startTime)).toBeLessThan(madeAt - startedAt);
    await provider.shutdown();
  });

  describe("on a local parent's clock (ADR 241)", () => {
    const ns = (t: [number, number]) => BigInt(t[0]) * 1_000_000_000n + BigInt(t[1]);
    /**
     * Runs `fn` with the wall clock a second ahead of where it was, as a time daemon's step would
     * leave it: far more than the parent can last on a busy machine (a 7 ms step was outlasted by
     * a 12 ms pause under a full suite), so the unrelated span's start is after the parent's end.
     */
    function withWallClockStepped<T>(fn: () => T): T {
      const realNow = Date.now;
      Date.now = () => realNow.call(Date) + 1_000;
      try {
        return fn();
      } finally {
        Date.now = realNow;
      }
    }

    it.each([
      [
        'a span of ours',
        (start: ReturnType<typeof ownedSpanStarter>) =>
          start!('process content.entry.generate', SpanKind.CONSUMER, consumerAttributes(), remoteParent(TraceFlags.SAMPLED)),
      ],
      [
        "the SDK's span",
        (_: unknown, tracer: ReturnType<tracing.BasicTracerProvider['getTracer']>) =>
          tracer.startSpan('POST /api/v1/campaigns/:id/plan', { kind: SpanKind.SERVER }),
      ],
    ])('a child started and ended within %s shows within it, though the wall clock stepped between their starts', async (_, parentOf) => {
      const { exporter, provider, tracer } = providerWith();
      const start = ownedSpanStarter(tracer)!;
      const parent = parentOf(start, tracer);
      const under = trace.setSpan(ROOT_CONTEXT, parent);
      withWallClockStepped(() => {
        const child = start('pg.query:INSERT app', SpanKind.CLIENT, {}, under);
        // The SDK's own span (an instrumentation's), put on the parent's clock by LocalClockProcessor;
        // an event timed by a performance.now() reading lands on the same clock.
        const sdkChild = tracer.startSpan('GET', { kind: SpanKind.CLIENT }, under);
        sdkChild.addEvent('retry', performance.now());
        sdkChild.end(performance.now());
        // Kept as readings and made later (ADR 240): the start read on the stepped wall clock is not used.
        const deferred = start('pg.query:SELECT app', SpanKind.CLIENT, {}, under, undefined, undefined, Date.now(), performance.now());
        // A span of its own trace, started at the same moment, reads the stepped wall clock.
        const unrelated = start('process brand.voice.learn', SpanKind.CONSUMER, consumerAttributes(), remoteParent(TraceFlags.SAMPLED));
        child.end();
        deferred.end(performance.now());
        parent.end();
        unrelated.end();
      });
      const byName = new Map(exporter.getFinishedSpans().map((s) => [s.name, s]));
      const p = byName.get(parent instanceof OwnedSpan ? 'process content.entry.generate' : 'POST /api/v1/campaigns/:id/plan')!;
      for (const name of ['pg.query:INSERT app', 'pg.query:SELECT app', 'GET']) {
        const c = byName.get(name)!;
        expect(c.parentSpanContext?.spanId).toBe(p.spanContext().spanId);
        expect(ns(c.startTime)).toBeGreaterThanOrEqual(ns(p.startTime));
        expect(ns(c.endTime)).toBeLessThanOrEqual(ns(p.endTime));
      }
      const event = byName.get('GET')!.events[0];
      expect(ns(event.time)).toBeGreaterThanOrEqual(ns(byName.get('GET')!.startTime));
      expect(ns(event.time)).toBeLessThanOrEqual(ns(byName.get('GET')!.endTime));
      // Reading the wall clock itself, the child would have started after its parent ended.
      expect(ns(byName.get('process brand.voice.learn')!.startTime)).toBeGreaterThan(ns(p.endTime));
      await provider.shutdown();
    });

    it('a span under a remote parent reads the wall clock, to the millisecond, as before', async () => {
      const { exporter, provider, tracer } = providerWith();
      const before = Date.now();
      const span = ownedSpanStarter(tracer)!('process plan.campaign', SpanKind.CONSUMER, consumerAttributes(), remoteParent(TraceFlags.SAMPLED));
      const after = Date.now();
      span.end();
      const [s] = exporter.getFinishedSpans();
      expect(s.startTime[1] % 1_000_000).toBe(0);
      expect(core.hrTimeToMilliseconds(s.startTime)).toBeGreaterThanOrEqual(before);
      expect(core.hrTimeToMilliseconds(s.startTime)).toBeLessThanOrEqual(after);
      await provider.shutdown();
    });
  });

  it('follow the sampler: an unsampled parent gives a non-recording span of its trace, exported nowhere', async () => {
    const { exporter, provider, tracer } = providerWith({ sampler: new tracing.ParentBasedSampler({ root: new tracing.AlwaysOnSampler() }) });
    const span = ownedSpanStarter(tracer)!('process plan.campaign', SpanKind.CONSUMER, consumerAttributes(), remoteParent(TraceFlags.NONE));
    expect(span.isRecording()).toBe(false);
    expect(span.spanContext()).toMatchObject({ traceId: TRACE, traceFlags: TraceFlags.NONE });
    span.end();
    const root = ownedSpanStarter(tracer)!('process batch', SpanKind.CONSUMER, {}, ROOT_CONTEXT);
    expect(root.spanContext().traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(root.spanContext().traceId).not.toBe(TRACE);
    root.end();
    expect(exporter.getFinishedSpans().map((s) => s.name)).toEqual(['process batch']);
    await provider.shutdown();
  });

  it('take the span id given (the relay names its send span before it exists)', async () => {
    const { exporter, provider, tracer } = providerWith();
    ownedSpanStarter(tracer)!('send campaign.planned', SpanKind.PRODUCER, {}, remoteParent(TraceFlags.SAMPLED), undefined, 'a1b2c3d4e5f60718').end();
    expect(exporter.getFinishedSpans()[0].spanContext()).toMatchObject({ traceId: TRACE, spanId: 'a1b2c3d4e5f60718' });
    await provider.shutdown();
  });

  it("keep the SDK's limits on what is added after the start", async () => {
    const { exporter, provider, tracer } = providerWith({ spanLimits: { attributeCountLimit: OWNED_ATTRIBUTE_MAX, eventCountLimit: 1 } });
    const span = ownedSpanStarter(tracer)!('process plan.campaign', SpanKind.CONSUMER, consumerAttributes(), ROOT_CONTEXT);
    for (let i = 0; i < OWNED_ATTRIBUTE_MAX; i++) span.setAttribute(`extra.${i}`, i);
    span.addEvent('retry');
    span.addEvent('dead_letter');
    span.end();
    const [s] = exporter.getFinishedSpans();
    expect(Object.keys(s.attributes)).toHaveLength(OWNED_ATTRIBUTE_MAX);
    expect(s.droppedAttributesCount).toBe(Object.keys(consumerAttributes()).length);
    expect(s.events.map((e) => e.name)).toEqual(['dead_letter']);
    expect(s.droppedEventsCount).toBe(1);
    await provider.shutdown();
  });

  it("are not offered where the SDK would cut an attribute's value or count, nor for a tracer that is not the SDK's", async () => {
    expect(ownedSpanStarter(providerWith({ spanLimits: { attributeValueLengthLimit: 64 } }).tracer)).toBeUndefined();
    expect(ownedSpanStarter(providerWith({ spanLimits: { attributeCountLimit: 8 } }).tracer)).toBeUndefined();
    expect(ownedSpanStarter(trace.getTracer('no sdk registered'))).toBeUndefined();
    expect(ownedSpanStarter(undefined)).toBeUndefined();
  });
});
