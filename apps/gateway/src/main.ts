import './telemetry';
import 'reflect-metadata';
import { ConfigError, loadRuntimeConfig, requireDistributed, Runtime, shutdownOnSignals, installCrashLog, writeStartupFailure } from '@mt/runtime';
import { startGateway } from './gateway.app';

/** The gateway as its own process (distributed mode). `npm start` runs every app in one process instead. */
async function main() {
  installCrashLog('gateway');
  let runtime: Runtime | undefined;
  try {
    const config = loadRuntimeConfig(process.env);
    requireDistributed(config, 'gateway');
    if (!config.redisUrl) throw new ConfigError('REDIS_URL', 'is required to run the gateway as its own process');
    runtime = await Runtime.start(config, 'gateway');
    const app = await startGateway(runtime, true);
    shutdownOnSignals(runtime, [app]);
  } catch (err) {
    writeStartupFailure('gateway', err);
    await runtime?.close();
    process.exit(1);
  }
}

void main();
