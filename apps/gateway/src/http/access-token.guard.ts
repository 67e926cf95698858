import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { APP_CONFIG, type RuntimeConfig } from '@mt/runtime';
import type { Request } from './fastify-request';
import { AccessTokenVerifier } from '../services/access-token.verifier';
import { AI_ROUTE, IS_PUBLIC, PUBLISH_ROUTE } from './current-user';
import { rateLimitsFor, RATE_WINDOW_MS, rateCounterKey, routeFlag } from './rate-limit.guard';
import { checkTokenScope } from './token-scope';

/**
 * Run first by ProtectionGuard, from the gateway's protection hook (ADR 219): every HTTP route needs a valid
 * access token unless it is marked @Public().
 * Secure by default — a new route cannot be forgotten. A personal access token must also carry
 * the scope the route needs (ADR 117). Mesh handlers of the gateway are not HTTP
 * and pass through. The revocation check of the token's session and the request's rate-limit
 * counts are one round trip to the key-value store (ADR 111); RateLimitGuard reads the counts from
 * the request.
 */
@Injectable()
export class AccessTokenGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly verifier: AccessTokenVerifier,
    @Inject(APP_CONFIG) private readonly config: RuntimeConfig,
  ) {}

  /** true at once for a route that needs no token (no promise); otherwise once the token is checked. */
  canActivate(ctx: ExecutionContext): true | Promise<boolean> {
    if (ctx.getType() !== 'http') return true;
    if (routeFlag(this.reflector, IS_PUBLIC, ctx)) return true;
    return this.admit(ctx);
  }

  private async admit(ctx: ExecutionContext): Promise<boolean> {
    const req = ctx.switchToHttp().getRequest<Request>();
    let limits: ReturnType<typeof rateLimitsFor> = [];
    const { user, counts } = await this.verifier.admit(
      req.headers.authorization,
      (u) => {
        limits = rateLimitsFor(this.reflector, this.config, ctx, req, u);
        return limits.map(rateCounterKey);
      },
      RATE_WINDOW_MS,
    );
    req.user = user;
    // No counts: the store did not answer, the session was checked in the database, and the
    // request is served without its rate limits (they fail open, ADR 031 and 161).
    req.rateCounts = counts ? limits.map((l, i) => ({ ...l, count: counts[i].count, resetMs: counts[i].ttlMs })) : [];
    if (req.logScope && req.user) {
      req.logScope.userId = req.user.id;
      const brandId = brandIdOf(req);
      if (brandId) req.logScope.brandId = brandId;
    }
    if (req.user.token) {
      checkTokenScope(req, req.user.token, { ai: routeFlag(this.reflector, AI_ROUTE, ctx), publish: routeFlag(this.reflector, PUBLISH_ROUTE, ctx) });
    }
    return true;
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The brand a request names, for its log lines (`brand_id`): `/brands/:id…`, a `brandId` path
 * parameter, query or body field. Only a well-formed id; whether the caller may act on it is the
 * brand check's business, not the log's.
 */
function brandIdOf(req: Request): string | undefined {
  const route = req.routeOptions.url ?? '';
  const params = (req.params ?? {}) as Record<string, unknown>;
  const body = req.body && typeof req.body === 'object' ? (req.body as Record<string, unknown>) : {};
  const query = (req.query ?? {}) as Record<string, unknown>;
  const candidates = [params.brandId, /^\/api\/v1\/brands\/:id(\/|$)/.test(route) ? params.id : undefined, query.brandId, body.brandId];
  return candidates.find((c): c is string => typeof c === 'string' && UUID.test(c));
}
