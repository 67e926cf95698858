import { randomUUID } from 'node:crypto';
import { context, trace as otelTrace, TraceFlags } from '@opentelemetry/api';
import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import { currentTraceScope, newSpanId, newTraceId, runInTraceScope, TRACE_SCOPE_KEY, type TraceScope } from '@mt/messages';
import { startServerSpan } from './server-span';

export type { RequestTrace } from './fastify-request';

const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-[0-9a-f]{2}$/;
const CLIENT_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * Every answer carries X-Request-Id (the client's own when it sent a sane one) and the W3C
 * traceparent of the trace the request joined or started; both travel on into the mesh. With
 * tracing on, they are the ids of the request's OpenTelemetry SERVER span, which this hook starts
 * (named after the route template, `POST /api/v1/campaigns/:id/plan`, ADR 212); the rest of the
 * request runs in a context holding that span and the scope that log lines and new messages (a
 * job's task) take their trace from. An `onRequest` hook: the headers go on the Node.js response,
 * so a stream that takes the response over (SSE, MCP) keeps them.
 */
export function requestContext(req: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction): void {
  const given = req.headers['x-request-id'];
  const requestId = typeof given === 'string' && CLIENT_ID.test(given) ? given : randomUUID();
  req.headers['x-request-id'] = requestId;
  const traced = startServerSpan(req, reply);
  const span = traced && otelTrace.getSpanContext(traced);
  const parent = span ? null : typeof req.headers.traceparent === 'string' ? TRACEPARENT.exec(req.headers.traceparent) : null;
  const trace = span ? { requestId, traceId: span.traceId, spanId: span.spanId } : { requestId, traceId: parent?.[1] ?? newTraceId(), spanId: newSpanId() };
  req.trace = trace;
  reply.raw.setHeader('X-Request-Id', requestId);
  reply.raw.setHeader('traceparent', `00-${trace.traceId}-${trace.spanId}-${span && (span.traceFlags & TraceFlags.SAMPLED) === 0 ? '00' : '01'}`);
  const scope: TraceScope = { traceId: trace.traceId, spanId: trace.spanId, requestId, correlationId: requestId };
  req.logScope = scope;
  if (traced) {
    // One context for the span and the scope (the scope is a value of the OpenTelemetry context
    // while tracing is on, ADR 170).
    const ctx = traced.setValue(TRACE_SCOPE_KEY, scope);
    req.traceContext = ctx;
    context.with(ctx, done);
  } else runInTraceScope(scope, done);
}

/**
 * Reading the body (a stream's events) leaves the request's context behind: the handler runs in it
 * again, from a `preHandler` hook. A request without a body never left it (Fastify ran its hooks
 * on from `onRequest`'s `done`), and is not entered twice.
 */
export function reenterRequestScope(req: FastifyRequest, _reply: FastifyReply, done: HookHandlerDoneFunction): void {
  if (req.traceContext) {
    if (context.active() !== req.traceContext) context.with(req.traceContext, done);
    else done();
  } else if (req.logScope && currentTraceScope() !== req.logScope) runInTraceScope(req.logScope, done);
  else done();
}
