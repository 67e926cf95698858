import type { DynamicModule, INestApplication, Type } from '@nestjs/common';
import { type AbstractHttpAdapter, NestFactory } from '@nestjs/core';
import { connectMesh } from '@mt/messages';
import { DataSource } from 'typeorm';
import { loadRuntimeConfig, requireDistributed } from '../config/runtime-config';
import { Runtime } from '../runtime';
import { attachHttpDrain, GracefulShutdown } from './graceful-shutdown';
import { installCrashLog, labelledStartup, writeStartupFailure } from '../logging/json-logger';
import { installInterceptorContextBinding } from './interceptor-context';

export interface StartOptions {
  name: string;
  /** Listen on HTTP (the gateway always; an agent only as its own process, for health and metrics). */
  listen?: { port: number; host: string };
  /** Called after the app is created and before it starts (global pipes, filters, middleware). */
  configure?: (app: INestApplication) => void | Promise<void>;
  /** Connect the mesh server (handlers). Off for an app that only sends. */
  consume?: boolean;
  /** The app installs its own global exception filter (which must let mesh errors through, see rethrowForMesh). */
  ownExceptionFilter?: boolean;
  /** Nest's default body parsers (off when the app installs its own, with its own limits). */
  bodyParser?: boolean;
  /** Keep each request's raw body as `req.rawBody` (signature checks of inbound webhooks). */
  rawBody?: boolean;
  /** The HTTP stack: the gateway's Fastify adapter (ADR 165); Nest's default (Express) otherwise. */
  httpAdapter?: AbstractHttpAdapter;
}

/** Creates, configures and starts one app of the platform on a runtime; its start-up lines are labelled with its name. */
export function startApp(module: Type<unknown> | DynamicModule, runtime: Runtime, opts: StartOptions): Promise<INestApplication> {
  return labelledStartup(opts.name, () => createAndStart(module, runtime, opts));
}

async function createAndStart(module: Type<unknown> | DynamicModule, runtime: Runtime, opts: StartOptions): Promise<INestApplication> {
  installInterceptorContextBinding();
  const options = {
    logger: runtime.logger.child(opts.name),
    bodyParser: opts.bodyParser ?? true,
    rawBody: opts.rawBody ?? false,
    abortOnError: false,
  };
  const app = opts.httpAdapter ? await NestFactory.create(module, opts.httpAdapter, options) : await NestFactory.create(module, options);
  await opts.configure?.(app);
  if (opts.consume !== false) await connectMesh(app, { installFilter: !opts.ownExceptionFilter });
  await app.init();
  if (opts.listen) await listenApp(app, runtime, opts.listen);
  return app;
}

/** Opens a started app's HTTP port (startApp's `listen`, for a caller that opens it later). */
export async function listenApp(app: INestApplication, runtime: Runtime, at: { port: number; host: string }): Promise<void> {
  const server = app.getHttpServer() as import('node:http').Server;
  // A client reusing an idle connection the server is closing gets ECONNRESET; closing later
  // than the client (and any proxy) gives up on it leaves the closing to them (ADR 089).
  server.keepAliveTimeout = runtime.config.http.keepAliveMs;
  server.headersTimeout = runtime.config.http.keepAliveMs + 1000;
  await app.listen(at.port, at.host);
  attachHttpDrain(app);
}

/**
 * An agent run as its own process answers its orchestrator's probes over HTTP: live when the
 * process runs, ready when its database and broker connection answer.
 */
function serveAgentHealth(app: INestApplication, runtime: Runtime): void {
  const server = app.getHttpAdapter().getInstance() as {
    get(path: string, handler: (req: unknown, res: { status(n: number): { json(b: unknown): void } }) => void): void;
  };
  server.get('/health/live', (_req, res) => res.status(200).json({ status: 'ok' }));
  server.get('/metrics', (_req, res) => {
    void runtime.metrics.text().then((text) => {
      const r = res as unknown as { setHeader(k: string, v: string): void; status(n: number): { send(b: string): void } };
      r.setHeader('Content-Type', runtime.metrics.contentType);
      r.status(200).send(text);
    });
  });
  server.get('/health/ready', (_req, res) => {
    void (async () => {
      const db = await app
        .get(DataSource)
        .query('SELECT 1')
        .then(
          () => true,
          () => false,
        );
      const broker = runtime.broker.isConnected();
      const ok = db && broker && !runtime.draining;
      res.status(ok ? 200 : 503).json({
        status: runtime.draining ? 'stopping' : ok ? 'ok' : 'unavailable',
        checks: { database: { ok: db }, broker: { ok: broker } },
      });
    })();
  });
}

/**
 * The entry point of an agent run as its own process: settings from the environment, shared
 * services (RabbitMQ, PostgreSQL, Redis) required, HTTP only for health and metrics.
 */
export async function runAgentProcess(name: string, moduleFor: (runtime: Runtime) => DynamicModule, env: Record<string, string | undefined>): Promise<void> {
  installCrashLog(name);
  let runtime: Runtime | undefined;
  try {
    const config = loadRuntimeConfig(env);
    requireDistributed(config, name);
    runtime = await Runtime.start(config, name);
    const rt = runtime;
    const app = await startApp(moduleFor(runtime), runtime, {
      name,
      listen: config.http,
      configure: (a) => serveAgentHealth(a, rt),
    });
    shutdownOnSignals(runtime, [app]);
    runtime.logger.info(`${name} started`, { port: config.http.port });
  } catch (err) {
    writeStartupFailure(name, err);
    await runtime?.close();
    process.exit(1);
  }
}

/**
 * SIGTERM / SIGINT run the graceful stop sequence (GracefulShutdown) within SHUTDOWN_TIMEOUT_MS.
 * `apps` in stop order. Replaces Nest's enableShutdownHooks, which neither drains HTTP nor exits 0.
 */
export function shutdownOnSignals(runtime: Runtime, apps: INestApplication[]): GracefulShutdown {
  return new GracefulShutdown(runtime, apps, { timeoutMs: runtime.config.shutdownTimeoutMs, logger: runtime.logger.child('shutdown') }).onSignals();
}
