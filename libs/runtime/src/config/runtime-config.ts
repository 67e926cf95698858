import { z } from 'zod';
import { type AiConfig, AiConfigError, loadAiConfig } from '@mt/ai';

/** A setting that is missing or malformed: start-up stops with its name. */
export class ConfigError extends Error {
  constructor(
    readonly setting: string,
    problem: string,
  ) {
    super(`setting ${setting}: ${problem}`);
    this.name = 'ConfigError';
  }
}

const int = (def: number, min = 0, max = Number.MAX_SAFE_INTEGER) => z.coerce.number().int().min(min).max(max).default(def);
const url = (protocols: string[]) =>
  z
    .string()
    .url()
    .refine((v) => protocols.includes(protocolOf(v)), { message: `must start with ${protocols.join(' or ')}` })
    .optional();

function protocolOf(v: string): string {
  try {
    return new URL(v).protocol;
  } catch {
    return '';
  }
}

const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: int(3000, 0, 65535),
  HOST: z.string().default('0.0.0.0'),
  DATA_DIR: z.string().default('./.data'),
  DATABASE_URL: url(['postgres:', 'postgresql:']),
  AMQP_URL: url(['amqp:', 'amqps:']),
  REDIS_URL: url(['redis:', 'rediss:']),
  REDIS_PREFIX: z.string().default('mt:'),
  MESH_NAMESPACE: z
    .string()
    .regex(/^[a-z0-9][a-z0-9_-]*$/i)
    .default('mt'),
  MESH_PREFETCH: int(512, 1, 65535),
  MESH_BATCH_SIZE: int(128, 1, 1000),
  MESH_CONCURRENCY: int(2, 1, 64),
  MESH_UNBATCHED_CONCURRENCY: int(16, 1, 256),
  RPC_TIMEOUT_MS: int(5000, 100, 120_000),
  /** How long each agent has to answer the gateway's readiness check before it is reported down. */
  HEALTH_AGENT_TIMEOUT_MS: int(2000, 100, 120_000),
  AMQP_HEARTBEAT_SECONDS: int(30, 0, 600),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
  JWT_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  JWT_ACCESS_TTL_SECONDS: int(900, 30, 86_400),
  REFRESH_TTL_DAYS: int(30, 1, 365),
  RATE_LIMIT_AUTH_PER_MIN: int(5, 1),
  RATE_LIMIT_REFRESH_PER_MIN: int(10, 1),
  RATE_LIMIT_AI_PER_MIN: int(10, 1),
  /** A ceiling over every authenticated route per user; unset: none (reads and writes have their own budgets). */
  RATE_LIMIT_USER_PER_MIN: z.coerce.number().int().min(1).optional(),
  /** Reads (GET, HEAD) per user; default 600, or RATE_LIMIT_USER_PER_MIN when only that is set (its old meaning). */
  RATE_LIMIT_READ_PER_MIN: z.coerce.number().int().min(1).optional(),
  /** Writes (every other method) per user; default 120, or RATE_LIMIT_USER_PER_MIN when only that is set. */
  RATE_LIMIT_WRITE_PER_MIN: z.coerce.number().int().min(1).optional(),
  RATE_LIMIT_TOKEN_PER_MIN: int(60, 1),
  RATE_LIMIT_PUBLIC_PER_MIN: int(600, 1),
  CORS_ORIGINS: z.string().default(''),
  /** Proxies in front of the gateway whose X-Forwarded-For is believed (hop count); 0 = none. */
  TRUST_PROXY: int(0, 0, 10),
  /** How long an idle keep-alive connection stays open: longer than any proxy's idle timeout in front. */
  HTTP_KEEP_ALIVE_MS: int(65_000, 1000, 600_000),
  /** Bearer token of /metrics and of /health/ready's details (ADR 103); unset: neither is served. */
  METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  BODY_LIMIT: z
    .string()
    .regex(/^\d+(b|kb|mb)$/i, 'like 1mb or 512kb')
    .default('1mb'),
  /** How long a stopping process may take before it exits anyway (keep it under the pod's grace period). */
  SHUTDOWN_TIMEOUT_MS: int(10_000, 100, 600_000),
  /** Each app migrates its schema at start (under an advisory lock); false when a release job migrates. */
  MIGRATIONS_RUN: z.enum(['true', 'false']).default('true'),
  CREDENTIALS_KEY: z
    .string()
    .regex(/^[A-Za-z0-9+/]{43}=$/, 'must be 32 bytes in base64 (openssl rand -base64 32)')
    .optional(),
});

export type RawSettings = z.infer<typeof schema>;

export interface RuntimeConfig {
  env: RawSettings['NODE_ENV'];
  http: { port: number; host: string; corsOrigins: string[]; bodyLimit: string; trustProxyHops: number; keepAliveMs: number };
  dataDir: string;
  /** Unset: an embedded PostgreSQL (PGlite) in DATA_DIR. */
  databaseUrl?: string;
  /** Unset: the in-process transport (every app in this process). */
  amqpUrl?: string;
  /** Unset: an in-memory key-value store (this process only). */
  redisUrl?: string;
  /** Prefix of every Redis key this deployment writes. */
  redisPrefix: string;
  mesh: {
    namespace: string;
    prefetch: number;
    batchSize: number;
    concurrency: number;
    unbatchedConcurrency: number;
    rpcTimeoutMs: number;
    /** HEALTH_AGENT_TIMEOUT_MS: an agent's time to answer a readiness check. */
    healthTimeoutMs: number;
    /** AMQP heartbeat: the broker drops a connection silent for this long (0 = never). */
    heartbeatSeconds: number;
  };
  logLevel: RawSettings['LOG_LEVEL'];
  auth: { jwtSecret?: string; accessTtlSeconds: number; refreshTtlDays: number };
  rateLimits: {
    authPerMin: number;
    refreshPerMin: number;
    aiPerMin: number;
    readPerMin: number;
    writePerMin: number;
    userPerMin: number | null;
    publicPerMin: number;
    tokenPerMin: number;
  };
  credentialsKey?: string;
  /** SHUTDOWN_TIMEOUT_MS. */
  shutdownTimeoutMs: number;
  /** MIGRATIONS_RUN: migrate each app's schema at start-up. */
  migrationsRun: boolean;
  /** Bearer token that /metrics and /health/ready's details require (ADR 103); unset: not served on the API port. */
  metricsToken?: string;
  /** AI provider, models, retries, prices (AI_* settings, read by libs/ai). */
  ai: AiConfig;
  /**
   * Every non-empty setting as given, for an app's own configuration loader
   * (`apps/<app>/src/config/<app>.config.ts`), which validates its settings at start-up.
   */
  settings: Readonly<Record<string, string>>;
}

/** Reads and validates every setting once; the first bad one stops start-up with its name. */
export function loadRuntimeConfig(env: Record<string, string | undefined>): RuntimeConfig {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = schema.safeParse(cleaned);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConfigError(String(issue.path[0] ?? '?'), issue.message);
  }
  const s = parsed.data;
  let ai: AiConfig;
  try {
    ai = loadAiConfig(env);
  } catch (err) {
    if (err instanceof AiConfigError) throw new ConfigError(err.setting, err.message.replace(/^Invalid AI setting [A-Z_]+: /, ''));
    throw err;
  }
  return {
    env: s.NODE_ENV,
    http: {
      port: s.PORT,
      host: s.HOST,
      corsOrigins: s.CORS_ORIGINS.split(',')
        .map((o) => o.trim())
        .filter(Boolean),
      bodyLimit: s.BODY_LIMIT,
      trustProxyHops: s.TRUST_PROXY,
      keepAliveMs: s.HTTP_KEEP_ALIVE_MS,
    },
    dataDir: s.DATA_DIR,
    databaseUrl: s.DATABASE_URL,
    amqpUrl: s.AMQP_URL,
    redisUrl: s.REDIS_URL,
    redisPrefix: s.REDIS_PREFIX,
    mesh: {
      namespace: s.MESH_NAMESPACE,
      prefetch: s.MESH_PREFETCH,
      batchSize: s.MESH_BATCH_SIZE,
      concurrency: s.MESH_CONCURRENCY,
      unbatchedConcurrency: s.MESH_UNBATCHED_CONCURRENCY,
      rpcTimeoutMs: s.RPC_TIMEOUT_MS,
      healthTimeoutMs: s.HEALTH_AGENT_TIMEOUT_MS,
      heartbeatSeconds: s.AMQP_HEARTBEAT_SECONDS,
    },
    logLevel: s.LOG_LEVEL,
    auth: { jwtSecret: s.JWT_SECRET, accessTtlSeconds: s.JWT_ACCESS_TTL_SECONDS, refreshTtlDays: s.REFRESH_TTL_DAYS },
    rateLimits: {
      authPerMin: s.RATE_LIMIT_AUTH_PER_MIN,
      refreshPerMin: s.RATE_LIMIT_REFRESH_PER_MIN,
      aiPerMin: s.RATE_LIMIT_AI_PER_MIN,
      readPerMin: s.RATE_LIMIT_READ_PER_MIN ?? s.RATE_LIMIT_USER_PER_MIN ?? 600,
      writePerMin: s.RATE_LIMIT_WRITE_PER_MIN ?? s.RATE_LIMIT_USER_PER_MIN ?? 120,
      userPerMin: s.RATE_LIMIT_USER_PER_MIN ?? null,
      publicPerMin: s.RATE_LIMIT_PUBLIC_PER_MIN,
      tokenPerMin: s.RATE_LIMIT_TOKEN_PER_MIN,
    },
    credentialsKey: s.CREDENTIALS_KEY,
    shutdownTimeoutMs: s.SHUTDOWN_TIMEOUT_MS,
    migrationsRun: s.MIGRATIONS_RUN === 'true',
    metricsToken: s.METRICS_TOKEN,
    ai,
    settings: cleaned as Record<string, string>,
  };
}

/** What an app needs to run as its own process: the shared services, not embedded ones. */
export function requireDistributed(config: RuntimeConfig, app: string): void {
  for (const [setting, value] of [
    ['AMQP_URL', config.amqpUrl],
    ['DATABASE_URL', config.databaseUrl],
    ['JWT_SECRET', config.auth.jwtSecret],
  ] as const) {
    if (!value) throw new ConfigError(setting, `is required to run ${app} as its own process`);
  }
}
