import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { loadRuntimeConfig, Runtime } from '@mt/runtime';
import { type RunningPlatform, startPlatform } from '../../tools/run/platform';
import { deleteNamespace, testAmqpUrl, testNamespace } from './amqp';
import { embeddedDataDir } from './embedded';
import { createTestDatabase, type TestDatabase } from './pg';

/** 'services': RabbitMQ, PostgreSQL and Redis on localhost. 'embedded': what `npm start` runs with no settings. */
export type PlatformMode = 'services' | 'embedded';
export const PLATFORM_MODES: PlatformMode[] = ['services', 'embedded'];

/**
 * Room for a test platform to start in a `beforeAll`: a few seconds on an idle machine, but a
 * loaded CI machine (two Jest workers, the system under test, a CPU hog) can take many times that.
 * Start-up time is not what these tests are about; bench:* measures it.
 */
export const PLATFORM_BOOT_MS = 180_000;

export const TEST_JWT_SECRET = 'test-secret-that-is-long-enough-for-hs256-signing';

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

/** A tiny JSON client for e2e tests: returns status, headers and parsed body. */
export async function api(
  base: string,
  method: string,
  route: string,
  opts: { body?: unknown; token?: string; headers?: Record<string, string>; raw?: string } = {},
): Promise<{ status: number; headers: Headers; body: any }> {
  const res = await fetch(`${base}${route}`, {
    method,
    headers: {
      ...(opts.body !== undefined || opts.raw !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
      ...opts.headers,
    },
    body: opts.raw ?? (opts.body !== undefined ? JSON.stringify(opts.body) : undefined),
  });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    // not JSON: keep the text
  }
  return { status: res.status, headers: res.headers, body };
}

/** A user registered through the API, signed in. */
export interface TestUser {
  user: { id: string; email: string; name: string };
  accessToken: string;
  refreshToken: string;
}

/** Registers a new user named `who` (a unique e-mail each time) and answers the registration. */
export async function registerUser(base: string, who: string): Promise<TestUser> {
  const r = await api(base, 'POST', '/api/v1/auth/register', {
    body: { email: `${who}-${randomUUID().slice(0, 8)}@example.com`, password: 'correct horse battery 42', name: who },
  });
  if (r.status !== 201) throw new Error(`registering ${who} answered ${r.status}: ${JSON.stringify(r.body)}`);
  return r.body as TestUser;
}

/** Polls `check` every 100 ms until it answers a value (not undefined), and answers it; fails naming `what` after `timeoutMs`. */
export async function until<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
