import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { FastifyInstance } from 'fastify';
import { type Runtime, startApp } from '@mt/runtime';
import { GatewayModule } from './gateway.module';
import { withZodSchemas } from './http/zod-dto';
import { installWeakETags } from './http/etag';
import { GatewayFastifyAdapter } from './http/fastify-adapter';
import { installJsonBodyParser, parseByteLimit } from './http/json-body';
import { installMultipart } from './http/multipart';
import { withProblemResponses } from './http/openapi';
import { ProblemFilter } from './http/problem.filter';
import { reenterRequestScope, requestContext } from './http/request-context.middleware';
import { requestObservation } from './http/request-log.middleware';
import { fixedSecurityHeaders } from './http/security-headers';
import { strictValidationPipe } from './http/validation';
import { serveWebApp } from './http/web-static';
import { installBodyChecks } from './modules/protection.module';
import { installProtection } from './http/protection.guard';
import { attachIdempotency } from './http/idempotency.interceptor';

export const API_PREFIX = 'api/v1';

/** Global HTTP behaviour: headers, limits, validation, problems, OpenAPI. */
export function configureGateway(app: INestApplication, runtime: Runtime): void {
  const http = runtime.config.http;
  const adapter = app.getHttpAdapter() as unknown as GatewayFastifyAdapter;
  const server = adapter.getInstance<FastifyInstance>();
  // blob: for images and video: the web app shows a medium's bytes, fetched with the bearer token, through an object URL.
  // helmet's headers do not change from one answer to the next: worked out once, set from a list (ADR 178).
  // The gateway's own fields of a request (fastify-request.ts), declared once: every request object
  // then has them from its constructor, one shape, instead of gaining them one by one (ADR 222).
  for (const field of ['trace', 'logScope', 'traceContext', 'user', 'rateCounts', 'rawBody', 'uploadedFile'] as const) server.decorateRequest(field, undefined);
  const securityHeaders = fixedSecurityHeaders({
    contentSecurityPolicy: { directives: { 'script-src': ["'self'"], 'img-src': ["'self'", 'data:', 'blob:'], 'media-src': ["'self'", 'blob:'] } },
  });
  // What ran as Express middleware runs as Fastify hooks (ADR 165). This one comes first, before CORS
  // answers a preflight, and does in one call what chained hooks did (ADR 178): security headers,
  // then the request's id, trace and scope — last, because it hands the rest of the request to
  // Fastify inside that scope. Everything goes on the Node.js response, so streams that take the
  // response over keep it.
  adapter.setOnRequestHook((req, reply, done) => {
    const res = reply.raw;
    for (const [name, value] of securityHeaders) res.setHeader(name, value);
    requestContext(req, reply, done);
  });
  // The request's log line and metrics, once it is answered (ADR 222).
  server.addHook('onResponse', requestObservation(runtime.logger.child('gateway'), runtime.metrics));
  server.addHook('preHandler', reenterRequestScope);
  // The access token, rate limit and body checks of every controller route, in the request's scope;
  // idempotency on the POST routes only (ADR 219).
  installProtection(app, server);
  attachIdempotency(app, server);
  // Express's `cors` defaults, spelt out: @fastify/cors's differ (methods) or join lists with ", ".
  // With no CORS_ORIGINS (the default: the web app is served from this origin) @fastify/cors would
  // answer every request with no header and every preflight with the 404 of an unknown route, after
  // a hook's work per request; not registering it answers the same (ADR 222).
  if (http.corsOrigins.length) {
    app.enableCors({
      origin: http.corsOrigins,
      credentials: true,
      methods: 'GET,HEAD,PUT,PATCH,POST,DELETE',
      // Express's `cors` answers any OPTIONS as a preflight; @fastify/cors's strict default answered
      // one without Origin or Access-Control-Request-Method with a plain-text 400, no problem body.
      strictPreflight: false,
      exposedHeaders: ['X-Request-Id', 'traceparent', 'Location', 'Retry-After', 'RateLimit-Limit', 'RateLimit-Remaining', 'RateLimit-Reset'].join(','),
    });
  }
  installBodyChecks(server);
  // The same weak ETags (and 304s) as Express's default, at half the hashing cost (ADR 156).
  installWeakETags(server);
  serveWebApp(app);
  installJsonBodyParser(server, parseByteLimit(http.bodyLimit));
  // The one upload route (media) reads its parts itself, with its own limits (MultipartInterceptor).
  installMultipart(server);
  // A resumable upload's bytes (tus, ADR 188) stay unread: the tus server streams them to the media store.
  server.addContentTypeParser('application/offset+octet-stream', (_req, _payload, done) => done(null, undefined));
  app.setGlobalPrefix(API_PREFIX, { exclude: ['health/live', 'health/ready', 'metrics', 'mcp', 'l/:code'] });
  app.useGlobalPipes(strictValidationPipe());
  app.useGlobalFilters(new ProblemFilter());

  SwaggerModule.setup('api/docs', app, () => openApiDocument(app), { jsonDocumentUrl: 'api/docs-json' });
}

/** The OpenAPI document of an app's controllers, with the problem responses and the DTOs' zod shapes, constraints included (ADR 155, ADR 182). */
export function openApiDocument(app: INestApplication) {
  const doc = new DocumentBuilder()
    .setTitle('Marketing Team API')
    .setDescription('The HTTP contract of the gateway. Every error is an RFC 9457 problem (application/problem+json).')
    .setVersion('1')
    .setLicense('MIT', 'https://opensource.org/license/mit')
    .addServer('/', 'This gateway (the API is served under /api/v1)')
    .addBearerAuth()
    .build();
  return withZodSchemas(withProblemResponses(SwaggerModule.createDocument(app, doc)));
}

/** The gateway's HTTP stack: Fastify (ADR 165). Behind a load balancer the client's address (per-IP rate limits) comes from X-Forwarded-For. */
export function gatewayHttpAdapter(runtime: Runtime): GatewayFastifyAdapter {
  const hops = runtime.config.http.trustProxyHops;
  return new GatewayFastifyAdapter({ trustProxy: hops > 0 ? hops : false, bodyLimit: parseByteLimit(runtime.config.http.bodyLimit) });
}

export async function startGateway(runtime: Runtime, listen: boolean): Promise<INestApplication> {
  return startApp(GatewayModule.register(runtime), runtime, {
    name: 'gateway',
    httpAdapter: gatewayHttpAdapter(runtime),
    ownExceptionFilter: true,
    // The gateway's own JSON parser keeps the raw bytes: inbound webhooks verify signatures over the exact bytes a sender signed.
    bodyParser: false,
    configure: (app) => configureGateway(app, runtime),
    listen: listen ? runtime.config.http : undefined,
  });
}
