import { ParseUUIDPipe } from '@nestjs/common';
import type { Request } from './fastify-request';
import type { Actor, TraceParent } from '@mt/messages';
import { ProblemError } from './problem';

/** Who is asking, for the task the gateway sends on the caller's behalf. */
export function actorOf(req: Request): Actor {
  if (!req.user) throw new ProblemError('UNAUTHENTICATED', 'Sign in first.');
  const brandIds = req.user.token?.brandIds;
  return { userId: req.user.id, requestId: req.trace?.requestId, ...(brandIds ? { brandIds } : {}) };
}

/** The request's trace, so the agent's work joins it. */
export function traceOf(req: Request): TraceParent | undefined {
  const t = req.trace;
  return t ? { trace_id: t.traceId, span_id: t.spanId, correlation_id: t.requestId } : undefined;
}

/** A path parameter that must be a UUID: anything else is a 400 problem naming the parameter. */
export const uuidParam = (name = 'id') =>
  new ParseUUIDPipe({
    exceptionFactory: () => new ProblemError('VALIDATION_FAILED', `${name} must be a UUID`, { errors: [{ field: name, message: 'must be a UUID' }] }),
  });
