import { randomUUID } from 'node:crypto';
import { trace as otelTrace } from '@opentelemetry/api';
import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import { activeSpanIds, currentTraceScope, newSpanId, newTraceId, runInTraceScope, type TraceScope } from '@mt/messages';

export type { RequestTrace } from './fastify-request';

const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-[0-9a-f]{2}$/;
const CLIENT_ID = /^[A-Za-z0-9._:-]{1,128}$/;
/** The OpenTelemetry attribute of a server span's route template. */
const ATTR_HTTP_ROUTE = 'http.route';

/**
 * Every answer carries X-Request-Id (the client's own when it sent a sane one) and the W3C
 * traceparent of the trace the request joined or started; both travel on into the mesh. With
 * tracing on, they are the ids of the request's OpenTelemetry server span, which is named after the
 * route template (`POST /api/v1/campaigns/:id/plan`); the rest of the request runs in a scope that
 * log lines and new messages (a job's task) take their trace from. An `onRequest` hook: the headers
 * go on the Node.js response, so a stream that takes the response over (SSE, MCP) keeps them.
 */
export function requestContext(req: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction): void {
  const given = req.headers['x-request-id'];
  const requestId = typeof given === 'string' && CLIENT_ID.test(given) ? given : randomUUID();
  req.headers['x-request-id'] = requestId;
  const span = activeSpanIds();
  const parent = span ? null : typeof req.headers.traceparent === 'string' ? TRACEPARENT.exec(req.headers.traceparent) : null;
  const trace = span ? { requestId, traceId: span.traceId, spanId: span.spanId } : { requestId, traceId: parent?.[1] ?? newTraceId(), spanId: newSpanId() };
  req.trace = trace;
  if (span) nameServerSpan(req);
  reply.raw.setHeader('X-Request-Id', requestId);
  reply.raw.setHeader('traceparent', `00-${trace.traceId}-${trace.spanId}-${span?.sampled === false ? '00' : '01'}`);
  const scope: TraceScope = { traceId: trace.traceId, spanId: trace.spanId, requestId, correlationId: requestId };
  req.logScope = scope;
  runInTraceScope(scope, done);
}

/** The server span takes the route template's name (what the Express instrumentation did). */
function nameServerSpan(req: FastifyRequest): void {
  const route = req.routeOptions.url;
  const active = otelTrace.getActiveSpan();
  if (!route || !active) return;
  active.setAttribute(ATTR_HTTP_ROUTE, route);
  active.updateName(`${req.method} ${route}`);
}

/**
 * Reading the body (a stream's events) leaves the request's scope behind: the handler runs in it
 * again, from a `preHandler` hook. A request without a body never left it (Fastify ran its hooks
 * on from `onRequest`'s `done`), and is not entered twice.
 */
export function reenterRequestScope(req: FastifyRequest, _reply: FastifyReply, done: HookHandlerDoneFunction): void {
  if (req.logScope && currentTraceScope() !== req.logScope) runInTraceScope(req.logScope, done);
  else done();
}
