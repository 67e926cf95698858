import { type MiddlewareConsumer, Module, type NestModule, RequestMethod } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import type { NextFunction, Request, Response } from 'express';
import { requireSaneBody } from '../http/body-shape';
import { IdempotencyInterceptor } from '../http/idempotency.interceptor';
import { NoBodyInterceptor } from '../http/no-body.interceptor';
import { ProblemError } from '../http/problem';
import { RateLimitGuard } from '../http/rate-limit.guard';

const JSON_TYPE = /^application\/(json|[\w.+-]+\+json)\s*(;|$)/i;
/** The one route that takes a file: a media upload, read by multer (ADR 159). */
const UPLOAD_ROUTE = /^\/api\/v1\/brands\/[^/]+\/media\/?$/;
const MULTIPART_TYPE = /^multipart\/form-data\s*;/i;

/**
 * A body the JSON parser skipped (another content type) would reach the routes as no body at
 * all: refuse it with 415 instead of acting on a request the client did not mean.
 */
export function requireJsonBody(req: Request, _res: Response, next: NextFunction): void {
  const hasBody = Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;
  const type = req.headers['content-type'] ?? '';
  const upload = req.method === 'POST' && UPLOAD_ROUTE.test(req.path) && MULTIPART_TYPE.test(type);
  if (hasBody && ['POST', 'PUT', 'PATCH'].includes(req.method) && !JSON_TYPE.test(type) && !upload) {
    return next(new ProblemError('UNSUPPORTED_MEDIA_TYPE', 'Send the body as application/json'));
  }
  next();
}

/**
 * Cross-cutting protection of every route. Order matters and is fixed here: the access-token
 * guard (a global guard, AuthHttpModule) runs first because Nest runs all guards before any
 * interceptor; then the rate limit; then the refusal of a body on a route that takes none; then
 * idempotency (a limited or refused request claims no key).
 */
@Module({
  providers: [
    { provide: APP_INTERCEPTOR, useClass: RateLimitGuard },
    { provide: APP_INTERCEPTOR, useClass: NoBodyInterceptor },
    { provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor },
  ],
})
export class ProtectionHttpModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(requireJsonBody, requireSaneBody).forRoutes({ path: '{*path}', method: RequestMethod.ALL });
  }
}
