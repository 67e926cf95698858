import { context, createContextKey, propagation, ROOT_CONTEXT, trace, TraceFlags } from '@opentelemetry/api';
import { node } from '@opentelemetry/sdk-node';
import { ChildContext, HandlerContext, recordsIn, withSpan } from '../src/tracing/child-context';

const A = createContextKey('test.a');
const B = createContextKey('test.b');
const span = trace.wrapSpanContext({ traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId: '00f067aa0ba902b7', traceFlags: TraceFlags.SAMPLED });

/** ADR 233: a context one value longer than its parent, read like the API's own. */
describe('ChildContext', () => {
  it('holds a span that the API and a nested value read, over a parent it does not change', () => {
    const parent = ROOT_CONTEXT.setValue(A, 'app');
    const ctx = withSpan(parent, span);
    expect(ctx).toBeInstanceOf(ChildContext);
    expect(trace.getSpan(ctx)).toBe(span);
    expect(ctx.getValue(A)).toBe('app');
    expect(trace.getSpan(parent)).toBeUndefined();
    const nested = ctx.setValue(B, 'scope');
    expect([nested.getValue(A), nested.getValue(B), trace.getSpan(nested)]).toEqual(['app', 'scope', span]);
    expect(ctx.getValue(B)).toBeUndefined();
  });

  it('reads a value set again, and a deleted one, as the API context does', () => {
    const base = ROOT_CONTEXT.setValue(A, 1).setValue(B, 2);
    const ours = new ChildContext(base, A, 3).setValue(B, 4).deleteValue(A);
    const api = base.setValue(A, 3).setValue(B, 4).deleteValue(A);
    for (const key of [A, B]) expect(ours.getValue(key)).toBe(api.getValue(key));
    expect(trace.deleteSpan(withSpan(base, span)).getValue(A)).toBe(1);
    expect(trace.getSpan(trace.deleteSpan(withSpan(base, span)))).toBeUndefined();
  });

  it('copies itself into the API context past eight values, keeping every value', () => {
    const keys = Array.from({ length: 20 }, (_, i) => createContextKey(`test.k${i}`));
    let ctx = withSpan(ROOT_CONTEXT, span);
    keys.forEach((k, i) => (ctx = ctx.setValue(k, i)));
    ctx = ctx.deleteValue(keys[3]);
    expect(ctx).not.toBeInstanceOf(ChildContext);
    expect(keys.map((k) => ctx.getValue(k))).toEqual(keys.map((_, i) => (i === 3 ? undefined : i)));
    expect(trace.getSpan(ctx)).toBe(span);
  });

  it('is carried by the SDK context manager across an await', async () => {
    const provider = new node.NodeTracerProvider();
    provider.register();
    try {
      const seen = await context.with(withSpan(ROOT_CONTEXT, span).setValue(A, 'kept'), async () => {
        await new Promise((r) => setTimeout(r, 1));
        return [trace.getSpan(context.active()), context.active().getValue(A)];
      });
      expect(seen).toEqual([span, 'kept']);
    } finally {
      await provider.shutdown();
      trace.disable();
      context.disable();
      propagation.disable();
    }
  });
});

/** ADR 238: a handled message's context, its span kept at hand for the checks its statements make. */
describe('HandlerContext', () => {
  const unsampled = trace.wrapSpanContext({ traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId: '00f067aa0ba902b8', traceFlags: TraceFlags.NONE });

  it('reads its scope, its span and its parent values as the chain it stands for', () => {
    const parent = withSpan(ROOT_CONTEXT.setValue(A, 'app'), span);
    const ctx = new HandlerContext(parent, B, 'scope', span, true);
    const chain = parent.setValue(B, 'scope');
    for (const key of [A, B]) expect(ctx.getValue(key)).toBe(chain.getValue(key));
    expect(trace.getSpan(ctx)).toBe(span);
    // What the mesh's bookkeeping SQL runs in (untraced): no span, the rest kept.
    const withoutSpan = trace.deleteSpan(ctx);
    expect([trace.getSpan(withoutSpan), withoutSpan.getValue(A), withoutSpan.getValue(B)]).toEqual([undefined, 'app', 'scope']);
    expect(recordsIn(withoutSpan)).toBe(false);
  });

  it('answers whether its span records from its own field when the span never can, and asks the span otherwise', () => {
    // A span that says it records: only a context that asks it would answer true.
    const asked = { ...span, isRecording: () => true, spanContext: () => span.spanContext() } as unknown as typeof span;
    expect(recordsIn(new HandlerContext(withSpan(ROOT_CONTEXT, asked), B, 'scope', asked, false))).toBe(false);
    expect(recordsIn(new HandlerContext(withSpan(ROOT_CONTEXT, asked), B, 'scope', asked, true))).toBe(true);
    expect(recordsIn(new HandlerContext(withSpan(ROOT_CONTEXT, unsampled), B, 'scope', unsampled, true))).toBe(false);
    // Any other context: its span asked, through the API.
    expect(recordsIn(withSpan(ROOT_CONTEXT, asked).setValue(A, 1))).toBe(true);
    expect(recordsIn(ROOT_CONTEXT)).toBe(false);
  });

  it('keeps every value when a long chain over it is copied into the API context', () => {
    const keys = Array.from({ length: 12 }, (_, i) => createContextKey(`test.h${i}`));
    let ctx: ReturnType<typeof withSpan> = new HandlerContext(withSpan(ROOT_CONTEXT.setValue(A, 'app'), span), B, 'scope', span, true);
    keys.forEach((k, i) => (ctx = ctx.setValue(k, i)));
    expect(ctx).not.toBeInstanceOf(ChildContext);
    expect([ctx.getValue(A), ctx.getValue(B), trace.getSpan(ctx), ...keys.map((k) => ctx.getValue(k))]).toEqual([
      'app',
      'scope',
      span,
      ...keys.map((_, i) => i),
    ]);
  });
});
