import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import type { Request } from './fastify-request';
import { AccessTokenGuard } from './access-token.guard';
import { NoBodyInterceptor } from './no-body.interceptor';
import { RateLimitGuard } from './rate-limit.guard';

/**
 * The checks every route passes before its handler, as the one global guard (ADR 219), in a fixed
 * order: the access token (and the scope a personal access token needs), then the rate limit, then
 * the refusal of a body on a route that takes none. Idempotency (IdempotencyInterceptor) comes
 * after every guard, so a refused, unauthenticated or limited request claims no Idempotency-Key.
 *
 * They ran as one global interceptor (ADR 178), and Nest then built an observable, a deferred chain
 * and an async resource around every request, idempotent or not: the largest single cost of the
 * bare route. A guard that answers at once for a request the access-token guard already counted
 * (every authenticated route, ADR 111) adds no promise at all.
 */
@Injectable()
export class ProtectionGuard implements CanActivate {
  constructor(
    private readonly accessToken: AccessTokenGuard,
    private readonly rateLimit: RateLimitGuard,
    private readonly noBody: NoBodyInterceptor,
  ) {}

  canActivate(ctx: ExecutionContext): boolean | Promise<boolean> {
    if (ctx.getType() !== 'http') return true;
    const req = ctx.switchToHttp().getRequest<Request>();
    const admitted = this.accessToken.canActivate(ctx);
    return admitted === true ? this.afterAccess(ctx, req) : admitted.then(() => this.afterAccess(ctx, req));
  }

  private afterAccess(ctx: ExecutionContext, req: Request): boolean | Promise<boolean> {
    const limited = this.rateLimit.limit(ctx, req);
    if (limited)
      return limited.then(() => {
        this.noBody.check(ctx, req);
        return true;
      });
    this.noBody.check(ctx, req);
    return true;
  }
}
