import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { newSpanId, newTraceId } from '@mt/messages';

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
  }
}

/**
 * Every answer carries X-Request-Id (the client's own when it sent a sane one) and the W3C
 * traceparent of the trace the request joined or started; both travel on into the mesh.
 */
export function requestContext(req: Request, res: Response, next: NextFunction): void {
  const given = req.headers['x-request-id'];
  const requestId = typeof given === 'string' && CLIENT_ID.test(given) ? given : randomUUID();
  req.headers['x-request-id'] = requestId;
  const parent = typeof req.headers.traceparent === 'string' ? TRACEPARENT.exec(req.headers.traceparent) : null;
  const trace = { requestId, traceId: parent?.[1] ?? newTraceId(), spanId: newSpanId() };
  req.trace = trace;
  res.setHeader('X-Request-Id', requestId);
  res.setHeader('traceparent', `00-${trace.traceId}-${trace.spanId}-01`);
  next();
}
