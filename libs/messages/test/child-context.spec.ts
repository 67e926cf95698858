import { context, createContextKey, propagation, ROOT_CONTEXT, trace, TraceFlags } from '@opentelemetry/api';
import { node } from '@opentelemetry/sdk-node';
import { ChildContext, withSpan } from '../src/tracing/child-context';

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
