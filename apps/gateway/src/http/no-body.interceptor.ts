import { type ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import type { Request } from './fastify-request';
import { ProblemError } from './problem';

const READS_RAW_BODY = 'mt:reads-raw-body';
/** The route reads the request's raw bytes itself (a signed inbound webhook) rather than a @Body() DTO. */
export const ReadsRawBody = () => SetMetadata(READS_RAW_BODY, true);

/**
 * Unknown body fields are refused (ADR 102), and on a route that takes no body every field is
 * unknown: `POST /notifications/read-all {"all": false}` must not quietly mark everything read.
 * An empty body (`{}`, or none) is accepted. Run by ProtectionGuard (ADR 219).
 */
@Injectable()
export class NoBodyInterceptor {
  private readonly takesBody = new WeakMap<object, boolean>();

  /** Throws 400 VALIDATION_FAILED for a non-empty body on a route that takes none. */
  check(ctx: ExecutionContext, req: Request): void {
    if (!WITH_BODY.has(req.method) || isEmpty(req.body) || this.routeTakesBody(ctx)) return;
    throw new ProblemError('VALIDATION_FAILED', 'This route takes no body', { errors: [{ field: 'body', message: 'must be empty' }] });
  }

  private routeTakesBody(ctx: ExecutionContext): boolean {
    const handler = ctx.getHandler();
    let known = this.takesBody.get(handler);
    if (known === undefined) {
      const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, ctx.getClass(), handler.name) ?? {}) as Record<string, unknown>;
      known = Reflect.getMetadata(READS_RAW_BODY, handler) === true || Object.keys(args).some((k) => k.split(':')[0] === String(RouteParamtypes.BODY));
      this.takesBody.set(handler, known);
    }
    return known;
  }
}

const WITH_BODY = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

function isEmpty(body: unknown): boolean {
  if (body === undefined || body === null) return true;
  if (typeof body === 'object' && !Array.isArray(body)) return Object.keys(body).length === 0;
  return false;
}
