import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Request } from './fastify-request';
import type { Actor, RequestOptions, TraceParent } from '@mt/messages';
import { actorOf, traceOf } from './actor';
import type { IdempotentRequest } from './idempotency.interceptor';

/**
 * Who is asking and the request's trace, in one parameter (ADR 134): a controller writes
 * `this.mesh.request(TYPE, { actor: caller.actor, … }, caller)` — the caller is also the request
 * options that carry the trace, so the agent's work joins the HTTP request's trace.
 */
export interface Caller extends RequestOptions {
  /** Read when used, as `actorOf(req)` was: an unauthenticated request fails there (UNAUTHENTICATED). */
  readonly actor: Actor;
  readonly parent?: TraceParent;
}

export function callerOf(req: Request): Caller {
  return {
    get actor() {
      return actorOf(req);
    },
    parent: traceOf(req),
    // A POST with an Idempotency-Key: its RPCs are recognised by the agents when sent again (ADR 150).
    ...((req as IdempotentRequest).meshIdempotencyKey ? { idempotencyKey: (req as IdempotentRequest).meshIdempotencyKey } : {}),
  };
}

/** `@Caller() caller: Caller` — the request's actor and trace (see `callerOf`). */
export const Caller = createParamDecorator((_data: unknown, ctx: ExecutionContext): Caller => callerOf(ctx.switchToHttp().getRequest<Request>()));
