import { rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { loadRuntimeConfig, Runtime } from '@mt/runtime';
import { type RunningPlatform, startPlatform } from '../../tools/run/platform';
import { deleteNamespace, testAmqpUrl, testNamespace } from './amqp';
import { embeddedDataDir } from './embedded';
import { TEST_JWT_SECRET } from './http';
import { createTestDatabase, type TestDatabase } from './pg';

// The HTTP helpers live in ./http (no app module); files that import them from here keep working.
export { api, PLATFORM_BOOT_MS, registerUser, TEST_JWT_SECRET, type TestUser, until } from './http';

/** 'services': RabbitMQ, PostgreSQL and Redis on localhost. 'embedded': what `npm start` runs with no settings. */
export type PlatformMode = 'services' | 'embedded';
export const PLATFORM_MODES: PlatformMode[] = ['services', 'embedded'];

export interface TestPlatform {
  mode: PlatformMode;
  /** http://127.0.0.1:<port> — the gateway. */
  url: string;
  runtime: Runtime;
  platform: RunningPlatform;
  /** Stops the system, keeping its data (embedded: DATA_DIR; services: the database). */
  stop(): Promise<void>;
  /** Starts it again on the same data (a restart), with `env` changed by `changes` if given. */
  restart(changes?: Record<string, string>): Promise<TestPlatform>;
  /** Stops it and removes its data. */
  destroy(): Promise<void>;
}

interface Resources {
  db?: TestDatabase;
  dataDir?: string;
  namespace: string;
  redisPrefix: string;
}

/**
 * The whole system in this test process, listening on a free port, on its own database (or data
 * directory), mesh namespace and Redis prefix, so test files never see each other's data.
 * `env` overrides settings (e.g. lower rate limits).
 */
export async function startTestPlatform(mode: PlatformMode, env: Record<string, string> = {}, reuse?: Resources): Promise<TestPlatform> {
  const res: Resources = reuse ?? {
    namespace: testNamespace('p'),
    redisPrefix: `mt-test:${testNamespace('r')}:`,
    ...(mode === 'services' ? { db: await createTestDatabase('platform', { fromTemplate: true }) } : { dataDir: embeddedDataDir() }),
  };
  const config = loadRuntimeConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'error',
    JWT_SECRET: TEST_JWT_SECRET,
    MESH_NAMESPACE: res.namespace,
    // Room for a loaded machine; the tests about an agent that does not answer set their own.
    RPC_TIMEOUT_MS: '60000',
    // An agent's readiness answer waits behind whatever else a loaded machine runs; the test with
    // an agent down sets its own.
    HEALTH_AGENT_TIMEOUT_MS: '20000',
    // Suites that poll would trip the production limits; rate-limit tests lower them through `env`.
    RATE_LIMIT_AUTH_PER_MIN: '100000',
    RATE_LIMIT_AI_PER_MIN: '100000',
    RATE_LIMIT_USER_PER_MIN: '100000',
    RATE_LIMIT_PUBLIC_PER_MIN: '100000',
    RATE_LIMIT_TOKEN_PER_MIN: '100000',
    // A connect or OAuth code exchange is one attempt while the user waits (4 s in production); on a
    // loaded machine the fake's answer can take longer, and no suite here is about that deadline.
    CHANNEL_CONNECT_TIMEOUT_MS: '30000',
    // The fake platforms and receivers the suites start live on 127.0.0.1; the SSRF suite turns this off.
    CHANNEL_ALLOW_PRIVATE_URLS: 'true',
    ...(mode === 'services'
      ? { DATABASE_URL: res.db?.url, AMQP_URL: testAmqpUrl(), REDIS_URL: process.env.MT_TEST_REDIS_URL, REDIS_PREFIX: res.redisPrefix }
      : { DATA_DIR: res.dataDir }),
    ...env,
  });
  const runtime = await Runtime.start(config, 'test-platform');
  const platform = await startPlatform(runtime, { listen: true });
  const port = (platform.gateway.getHttpServer().address() as AddressInfo).port;
  const tp: TestPlatform = {
    mode,
    url: `http://127.0.0.1:${port}`,
    runtime,
    platform,
    stop: () => platform.stop(),
    restart: async (changes = {}) => {
      await platform.stop();
      return startTestPlatform(mode, { ...env, ...changes }, res);
    },
    destroy: async () => {
      await platform.stop().catch(() => undefined);
      if (mode === 'services') await deleteNamespace(runtime.topology).catch(() => undefined);
      await res.db?.drop().catch(() => undefined);
      if (res.dataDir) rmSync(res.dataDir, { recursive: true, force: true });
    },
  };
  return tp;
}

/**
 * One platform per mode for the describes of a file that need the same settings: the first
 * `beforeAll` to ask for a mode starts it, the file's last test is followed by its destruction.
 * Call it at the top level of the file (its `afterAll` belongs to the file). Tests on a shared
 * platform must not depend on each other's data: each registers its own users and brands.
 */
export function sharedPlatform(env: Record<string, string> = {}): (mode: PlatformMode) => Promise<TestPlatform> {
  const started = new Map<PlatformMode, Promise<TestPlatform>>();
  afterAll(async () => {
    await Promise.all([...started.values()].map((p) => p.then((tp) => tp.destroy()).catch(() => undefined)));
  });
  return (mode) => {
    let p = started.get(mode);
    if (!p) {
      p = startTestPlatform(mode, env);
      started.set(mode, p);
    }
    return p;
  };
}
