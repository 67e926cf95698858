import { FastifyAdapter } from '@nestjs/platform-fastify';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { ProblemError } from './problem';

type ErrorHandler = Parameters<FastifyAdapter['setErrorHandler']>[0];

/** Fastify's own refusals of a request, as the errors Express's body parser gave (and the problem filter knows). */
export function asBodyParserError(err: unknown): unknown {
  const e = err as { name?: string; code?: string; statusCode?: number; message?: string } | null;
  if (!e || e.name !== 'FastifyError' || typeof e.code !== 'string') return err;
  const plain = (status: number, type: string) => Object.assign(new Error(e.message), { status, type });
  switch (e.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return plain(413, 'entity.too.large');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new ProblemError('UNSUPPORTED_MEDIA_TYPE', 'Send the body as application/json');
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return plain(400, 'request.size.invalid');
    default:
      return typeof e.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500 ? plain(e.statusCode, 'request.invalid') : err;
  }
}

/** Every header @fastify/cors sets on a reply (lower-case, as Fastify keeps them). */
const CORS_HEADERS = [
  'vary',
  'access-control-allow-origin',
  'access-control-allow-credentials',
  'access-control-expose-headers',
  'access-control-allow-methods',
  'access-control-allow-headers',
  'access-control-max-age',
  'access-control-allow-private-network',
];

/**
 * What Nest's `copyCorsHeadersToRaw` does after the CORS hook (the reply's CORS headers onto the
 * Node.js response, so an answer a middleware ends itself carries them), by name: Nest's own copy
 * builds `reply.getHeaders()`, a merged copy of every header, on every request, which was 15 % of
 * the bare route's CPU (ADR 219).
 */
export function copyCorsHeadersToRaw(reply: FastifyReply): void {
  const raw = reply.raw;
  if (raw.headersSent) return;
  for (const name of CORS_HEADERS) {
    const value = reply.getHeader(name);
    if (value !== undefined) raw.setHeader(name, value);
  }
}

/**
 * The gateway's HTTP adapter (ADR 165): Nest's Fastify adapter, whose error handler sees Fastify's
 * own body errors as the body-parser errors they replace, so they leave as the same problems.
 */
export class GatewayFastifyAdapter extends FastifyAdapter {
  /** Every route with one method, as registered (`/api/v1/brands/:id`): the route table the e2e suites walk. */
  readonly routes: { method: string; path: string }[] = [];

  constructor(options?: { trustProxy?: number | false; bodyLimit?: number }) {
    super(options);
    // A private method of Nest's adapter, replaced on the instance (ADR 219).
    Object.assign(this, { copyCorsHeadersToRaw });
    this.getInstance<FastifyInstance>().addHook('onRoute', (route) => {
      if (typeof route.method === 'string' && route.method !== 'HEAD' && route.method !== 'OPTIONS')
        this.routes.push({ method: route.method, path: route.url });
    });
  }

  override setErrorHandler(handler: ErrorHandler) {
    const wrapped = function (this: unknown, err: unknown, ...rest: unknown[]) {
      return (handler as (...a: unknown[]) => unknown).call(this, asBodyParserError(err), ...rest);
    };
    return super.setErrorHandler(wrapped as ErrorHandler);
  }
}
