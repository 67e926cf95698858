/**
 * One arm of tools/bench/server-span.bench.ts: the gateway's request hooks (its id, trace, scope and
 * SERVER span, apps/gateway/src/http/request-context.middleware.ts) on a Fastify server whose one
 * route reads a key from Redis through ioredis, as the gateway's authenticated routes do. The code
 * comes from the checkout named by the first argument, so two commits can be measured side by side;
 * tracing is on (the runtime's telemetry module, as a started app) when OTEL_EXPORTER_OTLP_ENDPOINT
 * is set. Prints its port.
 *   node -r @swc-node/register tools/bench/server-span-server.ts <checkout>   (cwd: that checkout)
 */
import type { AddressInfo } from 'node:net';
import path from 'node:path';

type Telemetry = typeof import('../../libs/runtime/src/telemetry');
type Messages = typeof import('../../libs/messages/src');
type Hooks = typeof import('../../apps/gateway/src/http/request-context.middleware');
type Fastify = typeof import('fastify');
type IORedis = typeof import('ioredis');

/* eslint-disable @typescript-eslint/no-require-imports -- the modules of another checkout, loaded in order: the SDK before http and ioredis */
async function main(root: string): Promise<void> {
  const telemetry = require(path.join(root, 'libs/runtime/src/telemetry')) as Telemetry;
  const traced = telemetry.startTelemetry({ service: 'gateway' });
  const messages = require(path.join(root, 'libs/messages/src')) as Messages;
  if (traced) messages.enableMeshTracing();
  const hooks = require(path.join(root, 'apps/gateway/src/http/request-context.middleware')) as Hooks;
  const fastify = require('fastify') as Fastify;
  const { Redis } = require('ioredis') as IORedis;
  const redis = new Redis(process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379');
  const prefix = `mt-bench-span:${process.pid}:`;
  await redis.set(`${prefix}1`, 'Bench Roasters', 'EX', 3600);
  const app = fastify.default();
  app.addHook('onRequest', hooks.requestContext);
  app.addHook('preHandler', hooks.reenterRequestScope);
  app.get<{ Params: { id: string } }>('/api/v1/brands/:id', async (req) => ({ id: req.params.id, name: await redis.get(prefix + req.params.id) }));
  await app.listen({ port: 0, host: '127.0.0.1' });
  process.stdout.write(`${(app.server.address() as AddressInfo).port}\n`);
  // A normal exit, so a --cpu-prof profile is written.
  process.once('SIGTERM', () => process.exit(0));
}
/* eslint-enable @typescript-eslint/no-require-imports */

main(path.resolve(process.argv[2] ?? '.')).catch((err) => {
  process.stderr.write(`server-span-server: ${(err as Error).stack}\n`);
  process.exit(1);
});
