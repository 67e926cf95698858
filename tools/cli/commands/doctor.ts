import { accessSync, constants, existsSync } from 'node:fs';
import path from 'node:path';
import { ConfigError, loadRuntimeConfig, type RuntimeConfig } from '@mt/runtime';
import { readLogin, apiUrl } from './session';

export type CheckStatus = 'ok' | 'warn' | 'fail';
export interface Check {
  name: string;
  status: CheckStatus;
  detail: string;
  /** The setting the check is about, when there is one. */
  setting?: string;
}

/**
 * How long each service may take to answer: 3 s, or MARKETING_TEAM_DOCTOR_TIMEOUT_MS (a slow link,
 * a loaded machine). A value that is not a positive number of milliseconds keeps the 3 s.
 */
const TIMEOUT_MS = ((ms) => (Number.isInteger(ms) && ms > 0 ? ms : 3000))(Number(process.env.MARKETING_TEAM_DOCTOR_TIMEOUT_MS));

function withTimeout<T>(what: string, p: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    p,
    new Promise<T>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what} did not answer within ${TIMEOUT_MS / 1000} s`)), TIMEOUT_MS))),
  ]).finally(() => clearTimeout(timer));
}

const reason = (err: unknown) => (err instanceof Error ? err.message || err.name : String(err)).split('\n')[0];
const redact = (url: string) => url.replace(/\/\/([^:@/]+):([^@/]+)@/, '//$1:***@');

/**
 * Every setting and service the current mode needs, on one screen (ADR 139): each bad setting by
 * name (all of them, not the first), then the services the settings point at.
 */
export async function runDoctor(env: NodeJS.ProcessEnv, urlFlag?: string): Promise<{ mode: string; checks: Check[] }> {
  const checks: Check[] = [];
  const settings = { ...env } as Record<string, string | undefined>;
  let config: RuntimeConfig | undefined;
  for (let i = 0; i < 50 && !config; i++) {
    try {
      config = loadRuntimeConfig(settings);
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err;
      checks.push({ name: err.setting, setting: err.setting, status: 'fail', detail: err.message.replace(/^setting \S+: /, '') });
      if (settings[err.setting] === undefined) break;
      delete settings[err.setting];
    }
  }
  if (!checks.length) checks.push({ name: 'settings', status: 'ok', detail: 'every setting is valid' });
  if (!config) return { mode: 'unknown', checks };

  const services = [config.databaseUrl, config.amqpUrl, config.redisUrl].filter(Boolean).length;
  const mode = services === 0 ? 'embedded' : 'services';
  if (mode === 'embedded') {
    checks.push(dataDirCheck(config.dataDir));
  } else {
    for (const [setting, value] of [
      ['DATABASE_URL', config.databaseUrl],
      ['AMQP_URL', config.amqpUrl],
      ['REDIS_URL', config.redisUrl],
    ] as const) {
      if (!value)
        checks.push({
          name: setting,
          setting,
          status: 'warn',
          detail: 'not set: each app as its own process needs all of DATABASE_URL, AMQP_URL and REDIS_URL',
        });
    }
    const probes: Promise<Check>[] = [];
    if (config.databaseUrl) probes.push(postgresCheck(config.databaseUrl));
    if (config.amqpUrl) probes.push(amqpCheck(config.amqpUrl));
    if (config.redisUrl) probes.push(redisCheck(config.redisUrl));
    checks.push(...(await Promise.all(probes)));
  }
  checks.push(
    config.ai.provider === 'local'
      ? { name: 'AI_PROVIDER', setting: 'AI_PROVIDER', status: 'ok', detail: 'local: the built-in engine (no network, no model)' }
      : {
          name: 'AI_PROVIDER',
          setting: 'AI_PROVIDER',
          status: 'ok',
          detail: `${config.ai.provider}${config.ai.baseUrl ? ` at ${config.ai.baseUrl}` : ''}, models ${config.ai.modelContent} / ${config.ai.modelStrategy}`,
        },
  );
  checks.push(...(await apiChecks(urlFlag)));
  return { mode, checks };
}

function dataDirCheck(dir: string): Check {
  const full = path.resolve(dir);
  try {
    // The folder, or the nearest existing parent it would be made in, must be writable (nothing is created here).
    let probe = full;
    while (!existsSync(probe) && path.dirname(probe) !== probe) probe = path.dirname(probe);
    accessSync(probe, constants.W_OK);
    return { name: 'DATA_DIR', setting: 'DATA_DIR', status: 'ok', detail: `embedded database in ${full}${probe === full ? '' : ' (made at start)'}` };
  } catch (err) {
    return { name: 'DATA_DIR', setting: 'DATA_DIR', status: 'fail', detail: `${full} is not writable: ${reason(err)}` };
  }
}

async function postgresCheck(url: string): Promise<Check> {
  const { Client } = await import('pg');
  const client = new Client({ connectionString: url, connectionTimeoutMillis: TIMEOUT_MS });
  try {
    await withTimeout('PostgreSQL', client.connect());
    const [{ version }] = (await client.query<{ version: string }>('SHOW server_version')).rows.map((r) => ({
      version: (r as unknown as { server_version: string }).server_version,
    }));
    return { name: 'DATABASE_URL', setting: 'DATABASE_URL', status: 'ok', detail: `PostgreSQL ${version} at ${redact(url)}` };
  } catch (err) {
    return { name: 'DATABASE_URL', setting: 'DATABASE_URL', status: 'fail', detail: `cannot reach PostgreSQL at ${redact(url)}: ${reason(err)}` };
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function amqpCheck(url: string): Promise<Check> {
  const amqp = await import('amqplib');
  try {
    const conn = await withTimeout('RabbitMQ', amqp.connect(url, { timeout: TIMEOUT_MS }));
    await conn.close();
    return { name: 'AMQP_URL', setting: 'AMQP_URL', status: 'ok', detail: `RabbitMQ at ${redact(url)}` };
  } catch (err) {
    return { name: 'AMQP_URL', setting: 'AMQP_URL', status: 'fail', detail: `cannot reach RabbitMQ at ${redact(url)}: ${reason(err)}` };
  }
}

async function redisCheck(url: string): Promise<Check> {
  const { default: Redis } = await import('ioredis');
  const redis = new Redis(url, { lazyConnect: true, connectTimeout: TIMEOUT_MS, maxRetriesPerRequest: 0, retryStrategy: () => null });
  redis.on('error', () => undefined);
  try {
    await withTimeout('Redis', redis.connect());
    await redis.ping();
    return { name: 'REDIS_URL', setting: 'REDIS_URL', status: 'ok', detail: `Redis at ${redact(url)}` };
  } catch (err) {
    return { name: 'REDIS_URL', setting: 'REDIS_URL', status: 'fail', detail: `cannot reach Redis at ${redact(url)}: ${reason(err)}` };
  } finally {
    redis.disconnect();
  }
}

/** The running API this command talks to, and the stored token. Not running is a warning: the settings may be for a start to come. */
async function apiChecks(urlFlag?: string): Promise<Check[]> {
  const url = apiUrl(urlFlag);
  const out: Check[] = [];
  try {
    const res = await withTimeout('The API', fetch(`${url}/health/ready`));
    out.push(
      res.ok
        ? { name: 'API', status: 'ok', detail: `${url} is up and ready` }
        : { name: 'API', status: 'fail', detail: `${url}/health/ready answered ${res.status}: not ready (its log says which dependency)` },
    );
  } catch (err) {
    out.push({
      name: 'API',
      status: 'warn',
      detail: `${url} is not answering (${reason((err as { cause?: unknown }).cause ?? err)}); start it with npm start`,
    });
    return out;
  }
  const token = process.env.MARKETING_TEAM_TOKEN || readLogin()?.token;
  if (!token) {
    out.push({ name: 'login', status: 'warn', detail: 'not signed in: marketing-team login' });
    return out;
  }
  const me = await fetch(`${url}/api/v1/auth/me`, { headers: { authorization: `Bearer ${token}` } }).catch(() => null);
  if (me?.ok) out.push({ name: 'login', status: 'ok', detail: `signed in as ${((await me.json()) as { email: string }).email}` });
  else
    out.push({
      name: process.env.MARKETING_TEAM_TOKEN ? 'MARKETING_TEAM_TOKEN' : 'login',
      status: 'fail',
      detail: `the token is refused (${me?.status ?? 'no answer'}): revoked or expired; marketing-team login again`,
    });
  return out;
}
