import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { activeSpanIds, newSpanId, newTraceId, runInTraceScope, type TraceScope } from '@mt/messages';

const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-[0-9a-f]{2}$/;
const CLIENT_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export interface RequestTrace {
  requestId: string;
  traceId: string;
  spanId: string;
}

declare module 'express' {
  interface Request {
    trace?: RequestTrace;
    /** What the log lines written during this request carry (the user once the token is checked). */
    logScope?: TraceScope;
  }
}

/**
 * Every answer carries X-Request-Id (the client's own when it sent a sane one) and the W3C
 * traceparent of the trace the request joined or started; both travel on into the mesh. With
 * tracing on, they are the ids of the request's OpenTelemetry server span; the rest of the request
 * runs in a scope that log lines and new messages (a job's task) take their trace from.
 */
export function requestContext(req: Request, res: Response, next: NextFunction): void {
  const given = req.headers['x-request-id'];
  const requestId = typeof given === 'string' && CLIENT_ID.test(given) ? given : randomUUID();
  req.headers['x-request-id'] = requestId;
  const span = activeSpanIds();
  const parent = span ? null : typeof req.headers.traceparent === 'string' ? TRACEPARENT.exec(req.headers.traceparent) : null;
  const trace = span ? { requestId, traceId: span.traceId, spanId: span.spanId } : { requestId, traceId: parent?.[1] ?? newTraceId(), spanId: newSpanId() };
  req.trace = trace;
  res.setHeader('X-Request-Id', requestId);
  res.setHeader('traceparent', `00-${trace.traceId}-${trace.spanId}-${span?.sampled === false ? '00' : '01'}`);
  const scope: TraceScope = { traceId: trace.traceId, spanId: trace.spanId, requestId, correlationId: requestId };
  req.logScope = scope;
  runInTraceScope(scope, next);
}
