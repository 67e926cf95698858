import { type ExecutionContext, type INestApplication, Injectable, type Type } from '@nestjs/common';
import { ExecutionContextHost } from '@nestjs/core/helpers/execution-context-host';
import { FASTIFY_ROUTE_CONFIG_METADATA } from '@nestjs/platform-fastify/constants';
import type { FastifyInstance, FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import type { Request } from './fastify-request';
import { AccessTokenGuard } from './access-token.guard';
import { controllerRoutes } from './controller-routes';
import { NoBodyInterceptor } from './no-body.interceptor';
import { RateLimitGuard } from './rate-limit.guard';

/** Where the controllers' routes are (the global prefix): none of them may go unchecked. */
const API_ROUTES = '/api/v1/';

/** The key, in a Fastify route's config, of the controller method that answers it. */
const ROUTE_TARGET = 'mt:route-target';

interface RouteTarget {
  controller: Type<unknown>;
  handler: (...args: unknown[]) => unknown;
}

/**
 * The checks every route passes before its handler, in a fixed order: the access token (and the
 * scope a personal access token needs), then the rate limit, then the refusal of a body on a route
 * that takes none. Idempotency (IdempotencyInterceptor) comes after, in the handler's chain, so a
 * refused, unauthenticated or limited request claims no Idempotency-Key.
 *
 * They run from one Fastify `preHandler` hook (installProtection), not as a Nest guard or
 * interceptor (ADR 219): Nest wraps a global guard in two async functions and awaits it on every
 * route, and an interceptor in an observable chain and async resources; either cost more of the
 * bare route than the checks themselves. A public route, and an authenticated one the token check
 * already counted (ADR 111), pass without a promise.
 */
@Injectable()
export class ProtectionGuard {
  constructor(
    private readonly accessToken: AccessTokenGuard,
    private readonly rateLimit: RateLimitGuard,
    private readonly noBody: NoBodyInterceptor,
  ) {}

  /** true when the request may go on (at once, or once the store answered); throws, or rejects, with the refusal. */
  check(ctx: ExecutionContext): true | Promise<true> {
    const req = ctx.switchToHttp().getRequest<Request>();
    const admitted = this.accessToken.canActivate(ctx);
    return admitted === true ? this.afterAccess(ctx, req) : admitted.then(() => this.afterAccess(ctx, req));
  }

  private afterAccess(ctx: ExecutionContext, req: Request): true | Promise<true> {
    const limited = this.rateLimit.limit(ctx, req);
    if (limited)
      return limited.then(() => {
        this.noBody.check(ctx, req);
        return true as const;
      });
    this.noBody.check(ctx, req);
    return true;
  }
}

/**
 * Tags every controller route with its controller and method (in the route's Fastify config, which
 * Nest's Fastify adapter passes on from `FASTIFY_ROUTE_CONFIG_METADATA`), so a Fastify hook can
 * read the route's metadata (@Public, AI and publish routes, its body) as a guard would. Call
 * before the routes are registered (before `init`).
 */
export function tagRouteTargets(app: INestApplication): void {
  for (const { controller, handler } of controllerRoutes(app)) {
    const config = (Reflect.getMetadata(FASTIFY_ROUTE_CONFIG_METADATA, handler) ?? {}) as Record<string, unknown>;
    const tagged = config[ROUTE_TARGET] as RouteTarget | undefined;
    if (tagged && tagged.controller !== controller)
      throw new Error(`${controller.name}.${handler.name} is a route of ${tagged.controller.name} too: give each controller its own method`);
    Reflect.defineMetadata(FASTIFY_ROUTE_CONFIG_METADATA, { ...config, [ROUTE_TARGET]: { controller, handler } }, handler);
  }
}

/**
 * Runs ProtectionGuard on every controller route, from a `preHandler` hook: after the body is read
 * and its shape checked (`preValidation`), before Nest's handler. A route Nest did not register
 * (the OpenAPI document, the web app's files) has no target and is not checked, as before; one
 * whose template is under /api/v1/ without a target is refused. A refusal goes to the app's error handler, which
 * answers it with the same problem.
 */
export function installProtection(app: INestApplication, server: FastifyInstance): void {
  tagRouteTargets(app);
  const guard = app.get(ProtectionGuard);
  server.addHook('preHandler', (req: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction) => {
    const target = (req.routeOptions.config as unknown as Record<string, unknown> | undefined)?.[ROUTE_TARGET] as RouteTarget | undefined;
    if (!target) {
      // Every route whose template is under the API prefix is a controller's: one without a target
      // escaped the tagging, and is refused (500) rather than served unchecked. Unmatched requests
      // go on to 404, and so does a wildcard route of a plugin (@fastify/cors's `OPTIONS *`, whose
      // handler answers 404 when CORS is off for the origin) that a request under the prefix met.
      const route = req.routeOptions.url;
      if (!req.is404 && route !== undefined && route.startsWith(API_ROUTES))
        return done(new Error(`${req.method} ${route} has no route target: not checked, not served`));
      return done();
    }
    const ctx = new ExecutionContextHost([req, reply, undefined], target.controller, target.handler);
    ctx.setType('http');
    let checked: true | Promise<true>;
    try {
      checked = guard.check(ctx);
    } catch (err) {
      return done(err as Error);
    }
    if (checked === true) done();
    else checked.then(() => done(), done);
  });
}
