import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import fastifyMultipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import helmet from 'helmet';
import { type Runtime, startApp } from '@mt/runtime';
import { GatewayModule } from './gateway.module';
import { withValidationConstraints } from './http/dto-schema';
import { withZodSchemas } from './http/zod-dto';
import { installWeakETags } from './http/etag';
import { GatewayFastifyAdapter } from './http/fastify-adapter';
import { installJsonBodyParser, parseByteLimit } from './http/json-body';
import { withProblemResponses } from './http/openapi';
import { ProblemFilter } from './http/problem.filter';
import { reenterRequestScope, requestContext } from './http/request-context.middleware';
import { requestObservation } from './http/request-log.middleware';
import { strictValidationPipe } from './http/validation';
import { serveWebApp } from './http/web-static';
import { installBodyChecks } from './modules/protection.module';

export const API_PREFIX = 'api/v1';

/** Global HTTP behaviour: headers, limits, validation, problems, OpenAPI. */
export function configureGateway(app: INestApplication, runtime: Runtime): void {
  const http = runtime.config.http;
  const adapter = app.getHttpAdapter() as unknown as GatewayFastifyAdapter;
  const server = adapter.getInstance<FastifyInstance>();
  // blob: for images and video: the web app shows a medium's bytes, fetched with the bearer token, through an object URL.
  const securityHeaders = helmet({
    contentSecurityPolicy: { directives: { 'script-src': ["'self'"], 'img-src': ["'self'", 'data:', 'blob:'], 'media-src': ["'self'", 'blob:'] } },
  });
  // What ran as Express middleware runs as Fastify `onRequest` hooks, in the same order (ADR 165). These
  // three come first, before CORS answers a preflight: request id, trace, observation and security
  // headers on every answer. helmet only calls setHeader, on the Node.js response, so streams keep them.
  adapter.setOnRequestHook(
    chainHooks([
      requestContext,
      requestObservation(runtime.logger.child('gateway'), runtime.metrics),
      (req, reply, done) => securityHeaders(req.raw, reply.raw, (err?: unknown) => done(err as Error | undefined)),
    ]),
  );
  server.addHook('preHandler', reenterRequestScope);
  // Express's `cors` defaults, spelt out: @fastify/cors's differ (methods) or join lists with ", ".
  app.enableCors({
    origin: http.corsOrigins.length ? http.corsOrigins : false,
    credentials: true,
    methods: 'GET,HEAD,PUT,PATCH,POST,DELETE',
    exposedHeaders: ['X-Request-Id', 'traceparent', 'Location', 'Retry-After', 'RateLimit-Limit', 'RateLimit-Remaining', 'RateLimit-Reset'].join(','),
  });
  installBodyChecks(server);
  // The same weak ETags (and 304s) as Express's default, at half the hashing cost (ADR 156).
  installWeakETags(server);
  serveWebApp(app);
  installJsonBodyParser(server, parseByteLimit(http.bodyLimit));
  // The one upload route (media) reads its parts itself, with its own limits (MultipartInterceptor).
  void (app as NestFastifyApplication).register(fastifyMultipart);
  // A resumable upload's bytes (tus, ADR 188) stay unread: the tus server streams them to the media store.
  server.addContentTypeParser('application/offset+octet-stream', (_req, _payload, done) => done(null, undefined));
  app.setGlobalPrefix(API_PREFIX, { exclude: ['health/live', 'health/ready', 'metrics', 'mcp', 'l/:code'] });
  app.useGlobalPipes(strictValidationPipe());
  app.useGlobalFilters(new ProblemFilter());

  SwaggerModule.setup('api/docs', app, () => openApiDocument(app), { jsonDocumentUrl: 'api/docs-json' });
}

type OnRequest = (req: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction) => void;

/** Several `onRequest` hooks as one, run in order; the first error ends the chain. */
function chainHooks(hooks: OnRequest[]): OnRequest {
  return (req, reply, done) => {
    let i = 0;
    const step = (err?: Error) => {
      const hook = hooks[i++];
      if (err || !hook) return done(err);
      hook(req, reply, step as HookHandlerDoneFunction);
    };
    step();
  };
}

/** The OpenAPI document of an app's controllers, with the problem responses, the DTOs' own constraints (ADR 155) and the zod shapes (ADR 182). */
export function openApiDocument(app: INestApplication) {
  const doc = new DocumentBuilder()
    .setTitle('Marketing Team API')
    .setDescription('The HTTP contract of the gateway. Every error is an RFC 9457 problem (application/problem+json).')
    .setVersion('1')
    .setLicense('MIT', 'https://opensource.org/license/mit')
    .addServer('/', 'This gateway (the API is served under /api/v1)')
    .addBearerAuth()
    .build();
  return withZodSchemas(withValidationConstraints(withProblemResponses(SwaggerModule.createDocument(app, doc))));
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
