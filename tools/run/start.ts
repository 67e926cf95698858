/**
 * `npm start`: the whole system in one process. With no settings it needs no services at all:
 * embedded PostgreSQL (PGlite) in DATA_DIR, the in-process transport, an in-memory store.
 * Set DATABASE_URL / AMQP_URL / REDIS_URL to use the real ones instead.
 */
import './telemetry';
import 'reflect-metadata';
import path from 'node:path';
import { GracefulShutdown, loadRuntimeConfig, Runtime, installCrashLog, writeStartupFailure } from '@mt/runtime';
import { startPlatform } from './platform';

async function main() {
  installCrashLog('marketing-team');
  let runtime: Runtime | undefined;
  try {
    const config = loadRuntimeConfig(process.env);
    runtime = await Runtime.start(config, 'marketing-team');
    const platform = await startPlatform(runtime, { listen: true });
    // The gateway first (HTTP drained while the agents still answer it), then the agents.
    new GracefulShutdown(runtime, [platform.gateway, ...platform.agents], {
      timeoutMs: config.shutdownTimeoutMs,
      logger: runtime.logger.child('shutdown'),
    }).onSignals();
    const mode = [
      config.databaseUrl ? 'PostgreSQL' : `embedded PostgreSQL in ${path.resolve(config.dataDir)}`,
      config.amqpUrl ? 'RabbitMQ' : 'in-process transport',
      config.redisUrl ? 'Redis' : 'in-memory store',
    ].join(', ');
    runtime.logger.info(`Marketing Team is running on http://localhost:${config.http.port} (${mode})`);
  } catch (err) {
    writeStartupFailure('marketing-team', err);
    await runtime?.close();
    process.exit(1);
  }
}

void main();
