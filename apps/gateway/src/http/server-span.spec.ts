import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { context, propagation, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { node, tracing } from '@opentelemetry/sdk-node';
import fastify, { type FastifyInstance } from 'fastify';
import { currentTraceScope, enableMeshTracing } from '@mt/messages';
import { reenterRequestScope, requestContext } from './request-context.middleware';

/**
 * The gateway's own SERVER span (ADR 212), on a real Fastify server with the SDK's tracer provider:
 * what Jaeger shows for a request, and what the client reads in the answer's traceparent.
 */
const exporter = new tracing.InMemorySpanExporter();
const provider = new node.NodeTracerProvider({ spanProcessors: [new tracing.SimpleSpanProcessor(exporter)] });
const PARENT_TRACE = '0af7651916cd43dd8448eb211c80319c';
const PARENT_SPAN = 'b7ad6b7169203331';

let app: FastifyInstance;
let base: string;

/** What a handler sees of its context: the active span's ids and the log scope's. */
function seen() {
  const sc = trace.getActiveSpan()?.spanContext();
  const child = trace.getTracer('test').startSpan('child');
  child.end();
  return { active: sc?.spanId, scope: currentTraceScope()?.spanId, child: child.spanContext().spanId };
}

beforeAll(async () => {
  provider.register();
  enableMeshTracing(true);
  app = fastify();
  app.addHook('onRequest', requestContext);
  app.addHook('preHandler', reenterRequestScope);
  app.get('/api/v1/items/:id', async () => seen());
  app.post('/api/v1/items', async (req) => ({ ...seen(), body: req.body }));
  app.get('/api/v1/fail', async (_req, reply) => reply.code(503).send({ code: 'AGENT_UNAVAILABLE' }));
  app.get('/api/v1/missing', async (_req, reply) => reply.code(404).send({ code: 'NOT_FOUND' }));
  app.get('/health/live', async () => ({ status: 'ok' }));
  await app.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await app?.close();
  enableMeshTracing(false);
  await provider.shutdown();
  trace.disable();
  context.disable();
  propagation.disable();
});
beforeEach(() => exporter.reset());

/** A POST whose body arrives after a pause, on events of its own (not with the request's head). */
function slowPost(url: string, json: string): Promise<{ traceparent: string; body: unknown }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(json) } }, (res) => {
      let text = '';
      res.on('data', (d: Buffer) => (text += d));
      res.on('end', () => resolve({ traceparent: String(res.headers.traceparent), body: JSON.parse(text) }));
    });
    req.on('error', reject);
    req.flushHeaders();
    setTimeout(() => req.end(json), 100);
  });
}

/** The finished spans once the response's close has ended the server span. */
async function spans(count: number) {
  for (let i = 0; i < 50 && exporter.getFinishedSpans().length < count; i++) await new Promise((r) => setTimeout(r, 10));
  return exporter.getFinishedSpans();
}

const server = (all: tracing.ReadableSpan[]) => all.filter((s) => s.kind === SpanKind.SERVER);

describe("the gateway's SERVER span", () => {
  it('is named by the route template, child of the incoming traceparent, with the HTTP attributes', async () => {
    const res = await fetch(`${base}/api/v1/items/42?token=secret`, {
      headers: { traceparent: `00-${PARENT_TRACE}-${PARENT_SPAN}-01`, 'user-agent': 'spec-agent/1' },
    });
    const body = (await res.json()) as { active: string; scope: string; child: string };
    const all = await spans(2);
    const [span] = server(all);
    expect(span.name).toBe('GET /api/v1/items/:id');
    expect(span.spanContext().traceId).toBe(PARENT_TRACE);
    expect(span.parentSpanContext?.spanId).toBe(PARENT_SPAN);
    expect(span.attributes).toEqual({
      'http.request.method': 'GET',
      'http.route': '/api/v1/items/:id',
      'url.scheme': 'http',
      'url.path': '/api/v1/items/42',
      'server.address': '127.0.0.1',
      'server.port': Number(new URL(base).port),
      'user_agent.original': 'spec-agent/1',
      'http.response.status_code': 200,
    });
    expect(span.status.code).toBe(SpanStatusCode.UNSET);
    // The answer names the server span; the handler runs in it and its log scope; a span it starts is its child.
    const id = span.spanContext().spanId;
    expect(res.headers.get('traceparent')).toBe(`00-${PARENT_TRACE}-${id}-01`);
    expect(body.active).toBe(id);
    expect(body.scope).toBe(id);
    expect(all.find((s) => s.name === 'child')?.parentSpanContext?.spanId).toBe(id);
  });

  it('starts a trace of its own without a traceparent, and keeps the context after a body is read', async () => {
    const res = await slowPost(`${base}/api/v1/items`, '{"name":"beans"}');
    const body = res.body;
    const all = await spans(2);
    const [span] = server(all);
    expect(span.name).toBe('POST /api/v1/items');
    expect(span.parentSpanContext).toBeUndefined();
    expect(body).toMatchObject({ active: span.spanContext().spanId, scope: span.spanContext().spanId, body: { name: 'beans' } });
    expect(all.find((s) => s.name === 'child')?.parentSpanContext?.spanId).toBe(span.spanContext().spanId);
    expect(res.traceparent).toBe(`00-${span.spanContext().traceId}-${span.spanContext().spanId}-01`);
  });

  it('marks a 5xx answer as an error, and a 4xx not', async () => {
    expect((await fetch(`${base}/api/v1/fail`)).status).toBe(503);
    expect((await fetch(`${base}/api/v1/missing`)).status).toBe(404);
    const all = await spans(2);
    const fail = all.find((s) => s.name === 'GET /api/v1/fail');
    expect(fail?.status.code).toBe(SpanStatusCode.ERROR);
    expect(fail?.attributes).toMatchObject({ 'http.response.status_code': 503, 'error.type': '503' });
    const missing = all.find((s) => s.name === 'GET /api/v1/missing');
    expect(missing?.status.code).toBe(SpanStatusCode.UNSET);
    expect(missing?.attributes['http.response.status_code']).toBe(404);
  });

  it('records nothing under an unsampled parent, and answers the trace with flags 00', async () => {
    const res = await fetch(`${base}/api/v1/items/7`, { headers: { traceparent: `00-${PARENT_TRACE}-${PARENT_SPAN}-00` } });
    const body = (await res.json()) as { active: string; scope: string };
    await new Promise((r) => setTimeout(r, 50));
    expect(exporter.getFinishedSpans()).toEqual([]);
    const m = /^00-([0-9a-f]{32})-([0-9a-f]{16})-00$/.exec(res.headers.get('traceparent') ?? '');
    expect(m?.[1]).toBe(PARENT_TRACE);
    expect(m?.[2]).not.toBe(PARENT_SPAN);
    expect(body).toMatchObject({ active: m?.[2], scope: m?.[2] });
  });

  it('does not trace probes, which still answer a traceparent', async () => {
    const res = await fetch(`${base}/health/live`);
    expect(res.status).toBe(200);
    await new Promise((r) => setTimeout(r, 50));
    expect(exporter.getFinishedSpans()).toEqual([]);
    expect(res.headers.get('traceparent')).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
  });
});
