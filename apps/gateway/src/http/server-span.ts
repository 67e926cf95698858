import {
  type Attributes,
  type Context,
  isSpanContextValid,
  propagation,
  ROOT_CONTEXT,
  type Span,
  SpanKind,
  SpanStatusCode,
  trace,
  TraceFlags,
} from '@opentelemetry/api';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { meshTracingEnabled, newSpanId } from '@mt/messages';
import { pathOf } from './fastify-request';

const tracer = trace.getTracer('@mt/gateway');

/** Health probes and scrapes are not traced: they would drown the traces an operator looks for. */
const UNTRACED_ROUTES = new Set(['/health/live', '/health/ready', '/metrics']);

/**
 * The request's OpenTelemetry SERVER span, made by the gateway itself (ADR 212): named
 * `METHOD /route/template` from the route Fastify matched, child of the incoming `traceparent`
 * (the registered propagator, W3C by default), with the stable HTTP attributes, ended when the
 * response closes. The HTTP instrumentation made it before, per request: a URL parse, query
 * redaction, socket reads, a start hook, two emitters bound to its context and a duration for the
 * no-op meter, and then the hook renamed it. Answers the context the rest of the request runs
 * in (the span active in it), or undefined when tracing is off or the route is a probe.
 */
export function startServerSpan(req: FastifyRequest, reply: FastifyReply): Context | undefined {
  if (!meshTracingEnabled()) return undefined;
  const route = req.routeOptions.url;
  if (route !== undefined && UNTRACED_ROUTES.has(route)) return undefined;
  const parent = propagation.extract(ROOT_CONTEXT, req.headers);
  const remote = trace.getSpanContext(parent);
  // Under an unsampled parent the span records nothing: no SDK work for it at all, as the mesh's
  // consumer spans (ADR 094). Its ids still answer in the traceparent and the log lines.
  if (remote && isSpanContextValid(remote) && (remote.traceFlags & TraceFlags.SAMPLED) !== TraceFlags.SAMPLED) {
    const unsampled = trace.wrapSpanContext({ traceId: remote.traceId, spanId: newSpanId(), traceFlags: TraceFlags.NONE });
    return trace.setSpan(parent, unsampled);
  }
  const span = tracer.startSpan(route ? `${req.method} ${route}` : req.method, { kind: SpanKind.SERVER, attributes: requestAttributes(req, route) }, parent);
  if (span.isRecording()) endWithResponse(span, reply);
  return trace.setSpan(parent, span);
}

/**
 * The stable HTTP server conventions a span needs at its start (the sampler sees them): method,
 * route, scheme, path (never the query: it may carry tokens), the server's host and port from the
 * Host header, the user agent.
 */
function requestAttributes(req: FastifyRequest, route: string | undefined): Attributes {
  const scheme = req.protocol ?? 'http';
  const attributes: Attributes = { 'http.request.method': req.method, 'url.scheme': scheme, 'url.path': pathOf(req) };
  if (route) attributes['http.route'] = route;
  const host = req.host;
  if (host) {
    // `name:port`, `[v6]:port`, or either without a port (the scheme's default).
    const colon = host.lastIndexOf(':');
    const hasPort = colon > host.lastIndexOf(']');
    attributes['server.address'] = hasPort ? host.slice(0, colon) : host;
    const port = hasPort ? Number(host.slice(colon + 1)) : scheme === 'https' ? 443 : 80;
    if (Number.isInteger(port)) attributes['server.port'] = port;
  }
  const agent = req.headers['user-agent'];
  if (agent) attributes['user_agent.original'] = agent;
  return attributes;
}

/**
 * Ends the span when the response closes: after its last byte, or when the client went away (a
 * closed stream, an aborted request), so no span is left open. A 5xx answer is an error; a 4xx is
 * the client's, not the server's (the HTTP conventions for SERVER spans).
 */
function endWithResponse(span: Span, reply: FastifyReply): void {
  const res = reply.raw;
  res.once('close', () => {
    if (res.headersSent) {
      const status = res.statusCode;
      if (status >= 500) {
        span.setAttributes({ 'http.response.status_code': status, 'error.type': String(status) });
        span.setStatus({ code: SpanStatusCode.ERROR });
      } else span.setAttribute('http.response.status_code', status);
    }
    span.end();
  });
}
