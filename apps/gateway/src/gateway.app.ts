import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Express } from 'express';
import helmet from 'helmet';
import { type Runtime, startApp } from '@mt/runtime';
import { GatewayModule } from './gateway.module';
import { withValidationConstraints } from './http/dto-schema';
import { withProblemResponses } from './http/openapi';
import { ProblemFilter } from './http/problem.filter';
import { requestContext } from './http/request-context.middleware';
import { requestObservation } from './http/request-log.middleware';
import { weakETag } from './http/etag';
import { strictValidationPipe } from './http/validation';
import { serveWebApp } from './http/web-static';

export const API_PREFIX = 'api/v1';

/** Global HTTP behaviour: headers, limits, validation, problems, OpenAPI. */
export function configureGateway(app: INestApplication, runtime: Runtime): void {
  const http = runtime.config.http;
  app.use(requestContext);
  app.use(requestObservation(runtime.logger.child('gateway'), runtime.metrics));
  // blob: for images and video: the web app shows a medium's bytes, fetched with the bearer token, through an object URL.
  app.use(
    helmet({ contentSecurityPolicy: { directives: { 'script-src': ["'self'"], 'img-src': ["'self'", 'data:', 'blob:'], 'media-src': ["'self'", 'blob:'] } } }),
  );
  app.enableCors({
    origin: http.corsOrigins.length ? http.corsOrigins : false,
    credentials: true,
    exposedHeaders: ['X-Request-Id', 'traceparent', 'Location', 'Retry-After', 'RateLimit-Limit', 'RateLimit-Remaining', 'RateLimit-Reset'],
  });
  const server = app.getHttpAdapter().getInstance() as Express;
  server.disable('x-powered-by');
  // The same weak ETags as Express's default, at half the hashing cost (ADR 156).
  server.set('etag', weakETag);
  // Behind a load balancer the client's address (per-IP rate limits) comes from X-Forwarded-For.
  if (http.trustProxyHops > 0) server.set('trust proxy', http.trustProxyHops);
  serveWebApp(app);
  (app as NestExpressApplication).useBodyParser('json', { limit: http.bodyLimit, type: ['application/json', 'application/*+json'] });
  app.setGlobalPrefix(API_PREFIX, { exclude: ['health/live', 'health/ready', 'metrics', 'mcp', 'l/:code'] });
  app.useGlobalPipes(strictValidationPipe());
  app.useGlobalFilters(new ProblemFilter());

  SwaggerModule.setup('api/docs', app, () => openApiDocument(app), { jsonDocumentUrl: 'api/docs-json' });
}

/** The OpenAPI document of an app's controllers, with the problem responses and the DTOs' own constraints (ADR 155). */
export function openApiDocument(app: INestApplication) {
  const doc = new DocumentBuilder()
    .setTitle('Marketing Team API')
    .setDescription('The HTTP contract of the gateway. Every error is an RFC 9457 problem (application/problem+json).')
    .setVersion('1')
    .setLicense('MIT', 'https://opensource.org/license/mit')
    .addServer('/', 'This gateway (the API is served under /api/v1)')
    .addBearerAuth()
    .build();
  return withValidationConstraints(withProblemResponses(SwaggerModule.createDocument(app, doc)));
}

export async function startGateway(runtime: Runtime, listen: boolean): Promise<INestApplication> {
  return startApp(GatewayModule.register(runtime), runtime, {
    name: 'gateway',
    ownExceptionFilter: true,
    bodyParser: false,
    // Inbound webhooks verify signatures over the exact bytes a sender signed.
    rawBody: true,
    configure: (app) => configureGateway(app, runtime),
    listen: listen ? runtime.config.http : undefined,
  });
}
