import { Module } from '@nestjs/common';
import type { FastifyInstance, FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import { requireSaneBody } from '../http/body-shape';
import { pathOf } from '../http/fastify-request';
import { IdempotencyInterceptor } from '../http/idempotency.interceptor';
import { NoBodyInterceptor } from '../http/no-body.interceptor';
import { ProblemError } from '../http/problem';
import { ProtectionGuard } from '../http/protection.guard';
import { RateLimitGuard } from '../http/rate-limit.guard';
import { AuthHttpModule } from './auth.module';

const JSON_TYPE = /^application\/(json|[\w.+-]+\+json)\s*(;|$)/i;
/** The routes that take a file: a media upload (the brand in the path, or in the form or query), read by @fastify/multipart (ADR 159, 165). */
const UPLOAD_ROUTE = /^\/api\/v1\/(brands\/[^/]+\/)?media\/?$/;
const MULTIPART_TYPE = /^multipart\/form-data\s*;/i;
/** The resumable upload's bytes (tus 1.0, ADR 188): a PATCH of application/offset+octet-stream. */
const TUS_ROUTE = /^\/api\/v1\/(media\/uploads|uploads\/[^/]+)\/?$/;
const TUS_TYPE = /^application\/offset\+octet-stream\s*(;|$)/i;

/**
 * A body the JSON parser skipped (another content type) would reach the routes as no body at
 * all: refuse it with 415 instead of acting on a request the client did not mean.
 */
export function requireJsonBody(req: FastifyRequest, _reply: FastifyReply, done: HookHandlerDoneFunction): void {
  const hasBody = Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;
  const type = req.headers['content-type'] ?? '';
  const upload =
    (req.method === 'POST' && UPLOAD_ROUTE.test(pathOf(req)) && MULTIPART_TYPE.test(type)) ||
    (['POST', 'PATCH'].includes(req.method) && TUS_ROUTE.test(pathOf(req)) && TUS_TYPE.test(type));
  if (hasBody && ['POST', 'PUT', 'PATCH'].includes(req.method) && !JSON_TYPE.test(type) && !upload) {
    return done(new ProblemError('UNSUPPORTED_MEDIA_TYPE', 'Send the body as application/json'));
  }
  done();
}

/**
 * The body checks of every route, as Fastify hooks (they ran as Nest middleware on Express): the
 * content type before the body is read, its shape once it is parsed — both before any guard.
 */
export function installBodyChecks(server: FastifyInstance): void {
  server.addHook('onRequest', requireJsonBody);
  server.addHook('preValidation', requireSaneBody);
}

/**
 * Cross-cutting protection of every route. Order matters and is fixed in ProtectionGuard, run on
 * every controller route from one Fastify hook (installProtection, ADR 219): the access token
 * (AuthHttpModule's AccessTokenGuard), then the rate limit, then the refusal of a body on a route
 * that takes none. Idempotency, the first interceptor of every POST route (attachIdempotency),
 * runs after (a refused or limited request claims no key), and only on a POST with an
 * Idempotency-Key.
 */
@Module({
  imports: [AuthHttpModule],
  providers: [RateLimitGuard, NoBodyInterceptor, ProtectionGuard, IdempotencyInterceptor],
})
export class ProtectionHttpModule {}
