import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import type { Observable } from 'rxjs';
import type { Request } from './fastify-request';
import { IdempotencyInterceptor } from './idempotency.interceptor';
import { NoBodyInterceptor } from './no-body.interceptor';
import { RateLimitGuard } from './rate-limit.guard';

/**
 * The cross-cutting protection of every route, as one global interceptor (ADR 178): the rate
 * limit, then the refusal of a body on a route that takes none, then idempotency — in that order,
 * so a limited or refused request claims no Idempotency-Key. They were three global interceptors;
 * Nest wraps each one in its own observable and async resource per request, and two of the three
 * had nothing to do on most requests. Idempotency is entered only for a POST that carries an
 * Idempotency-Key (the only requests it acts on).
 *
 * Nest runs every guard before any interceptor, so the access-token guard (a global guard,
 * AuthHttpModule) has set `req.user` and counted the request by the time this runs.
 */
@Injectable()
export class ProtectionGuard implements NestInterceptor {
  constructor(
    private readonly rateLimit: RateLimitGuard,
    private readonly noBody: NoBodyInterceptor,
    private readonly idempotency: IdempotencyInterceptor,
  ) {}

  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> | Promise<Observable<unknown>> {
    if (ctx.getType() !== 'http') return next.handle();
    const req = ctx.switchToHttp().getRequest<Request>();
    const limited = this.rateLimit.limit(ctx, req);
    return limited ? limited.then(() => this.afterLimit(ctx, req, next)) : this.afterLimit(ctx, req, next);
  }

  private afterLimit(ctx: ExecutionContext, req: Request, next: CallHandler): Observable<unknown> | Promise<Observable<unknown>> {
    this.noBody.check(ctx, req);
    if (req.method === 'POST' && req.headers['idempotency-key'] !== undefined) return this.idempotency.intercept(ctx, next);
    return next.handle();
  }
}
