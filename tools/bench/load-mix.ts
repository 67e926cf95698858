/**
 * What bench:load and bench:soak share: the open-model generator (requests sent on a fixed
 * schedule, each timed from the moment it was due, so a slow answer cannot slow the arrivals down
 * and hide itself), the realistic mix of issue 21 (per ten arrivals: 7 reads, 2 writes, 1 AI job),
 * and a system of the local services started for a benchmark on its own database and vhost.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { Client } from 'pg';
import { benchSystemEnv, waitReady } from './bench-system';
import { freePortRun } from '../run/free-port';

export const PG_ADMIN = process.env.TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const ROOT = path.resolve(__dirname, '../..');
const TIMEOUT_MS = 10_000;

export const log = (msg: string) => process.stderr.write(`${msg}\n`);
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
export const pct = (sorted: number[], p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] : 0);
export const round = (n: number) => Math.round(n * 10) / 10;

export type Route = 'read' | 'write' | 'ai';
export interface Req {
  route: Route;
  method: string;
  path: string;
  body?: () => unknown;
}

/** One answer: its route, latency from its due time, and what went wrong (`write 503 AGENT_UNAVAILABLE`, `read timeout`), if anything. */
export interface Answer {
  route: Route;
  ms: number;
  error?: string;
}

/**
 * Sends `mix` in turn at `rate` per second for `seconds`, calling `onAnswer` as each answer (or
 * failure) comes; resolves with how many were due and sent once every request has ended.
 */
export async function sendOpenLoad(
  base: string,
  headers: Record<string, string>,
  mix: Req[],
  rate: number,
  seconds: number,
  onAnswer: (a: Answer) => void,
  shouldStop: () => boolean = () => false,
): Promise<{ due: number; sent: number }> {
  const due = Math.round(rate * seconds);
  const start = performance.now();
  // Only the unfinished requests are held: a soak sends hundreds of thousands.
  const inflight = new Set<Promise<void>>();
  let sent = 0;
  for (let i = 0; i < due && !shouldStop(); i++) {
    const at = start + (i * 1000) / rate;
    const wait = at - performance.now();
    if (wait > 1) await sleep(wait);
    const r = mix[i % mix.length];
    sent++;
    const p = (async () => {
      let error: string | undefined;
      try {
        const res = await fetch(`${base}${r.path}`, {
          method: r.method,
          headers: { ...headers, ...(r.body ? { 'content-type': 'application/json' } : {}) },
          body: r.body ? JSON.stringify(r.body()) : undefined,
          signal: AbortSignal.timeout(TIMEOUT_MS),
        });
        const text = await res.text();
        if (res.status >= 400) {
          const code = /"code"\s*:\s*"([A-Z_]+)"/.exec(text)?.[1];
          error = `${r.route} ${res.status}${code ? ` ${code}` : ''}`;
        }
      } catch (e) {
        error = `${r.route} ${(e as Error).name === 'TimeoutError' ? 'timeout' : 'network'}`;
      }
      onAnswer({ route: r.route, ms: performance.now() - at, error });
    })();
    inflight.add(p);
    void p.finally(() => inflight.delete(p));
  }
  await Promise.all([...inflight]);
  return { due, sent };
}

/** Per-route and overall latency figures of a set of answers. */
export interface Figures {
  n: number;
  errors: number;
  p99Ms: number;
  errorRatePct: number;
  errorKinds: Record<string, number>;
  routes: Record<string, { n: number; p50Ms: number; p95Ms: number; p99Ms: number; errors: number }>;
}

export function figuresOf(answers: Answer[]): Figures {
  const routes: Figures['routes'] = {};
  const errorKinds: Record<string, number> = {};
  for (const a of answers) if (a.error) errorKinds[a.error] = (errorKinds[a.error] ?? 0) + 1;
  for (const k of ['read', 'write', 'ai'] as Route[]) {
    const of = answers.filter((a) => a.route === k);
    const s = of.map((a) => a.ms).sort((a, b) => a - b);
    if (s.length)
      routes[k] = { n: s.length, p50Ms: round(pct(s, 50)), p95Ms: round(pct(s, 95)), p99Ms: round(pct(s, 99)), errors: of.filter((a) => a.error).length };
  }
  const all = answers.map((a) => a.ms).sort((a, b) => a - b);
  const errors = answers.filter((a) => a.error).length;
  return { n: answers.length, errors, p99Ms: round(pct(all, 99)), errorRatePct: round((errors / Math.max(1, answers.length)) * 1000) / 10, errorKinds, routes };
}

export async function adminQuery<T = Record<string, unknown>>(sql: string, url = PG_ADMIN): Promise<T[]> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query(sql)).rows as T[];
  } finally {
    await c.end();
  }
}

export async function json(url: string, method: string, body?: unknown, token?: string): Promise<any> {
  const res = await fetch(url, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const out = await res.json();
  if (res.status >= 300) throw new Error(`${method} ${url} answered ${res.status}: ${JSON.stringify(out)}`);
  return out;
}

/**
 * The mix of issue 21 for one new user with one brand: 7 reads (GET a brand, the job list, the
 * brand list), 2 writes (POST /brands), 1 AI job (POST /content/generate on the built-in engine)
 * per ten arrivals, interleaved.
 */
export async function realisticMix(base: string, id: string): Promise<{ mix: Req[]; headers: Record<string, string>; refreshes: () => number }> {
  const session = await json(`${base}/api/v1/auth/register`, 'POST', {
    email: `load-${id}@example.com`,
    password: 'correct horse battery staple 9',
    name: 'Load',
  });
  const token: string = session.accessToken;
  const headers: Record<string, string> = { authorization: `Bearer ${token}` };
  // A client keeps its session as any client does: an access token lives JWT_ACCESS_TTL_SECONDS
  // (15 minutes by default), so the generator refreshes at two thirds of that and sends the new
  // token from the next request on (a long soak otherwise measures nothing but 401s past minute 15).
  let refreshToken: string = session.refreshToken;
  let refreshes = 0;
  const refresh = async () => {
    try {
      const pair = await json(`${base}/api/v1/auth/refresh`, 'POST', { refreshToken });
      refreshToken = pair.refreshToken;
      headers.authorization = `Bearer ${pair.accessToken}`;
      refreshes++;
      setTimeout(() => void refresh(), Math.max(10, Number(pair.expiresIn) * 667)).unref();
    } catch (err) {
      log(`the load's session could not be refreshed (${String(err)}); trying again in 10 s`);
      setTimeout(() => void refresh(), 10_000).unref();
    }
  };
  setTimeout(() => void refresh(), Math.max(10, Number(session.expiresIn) * 667)).unref();
  const brand = await json(`${base}/api/v1/brands`, 'POST', { name: 'Load Roasters', industry: 'Coffee', pillars: ['brewing'] }, token);
  const read = (p: string): Req => ({ route: 'read', method: 'GET', path: p });
  let n = 0;
  const write: Req = {
    route: 'write',
    method: 'POST',
    path: '/api/v1/brands',
    body: () => ({ name: `Load brand ${++n}`, industry: 'Coffee', pillars: ['brewing'] }),
  };
  const ai: Req = {
    route: 'ai',
    method: 'POST',
    path: '/api/v1/content/generate',
    body: () => ({ brandId: brand.id, brief: `Load post ${++n}: our washed Guji`, platform: 'webhook', variants: 1 }),
  };
  const b = read(`/api/v1/brands/${brand.id}`);
  const j = read('/api/v1/jobs');
  const l = read('/api/v1/brands');
  return { mix: [b, j, write, l, b, ai, j, b, write, l], headers, refreshes: () => refreshes };
}

/** A system a load benchmark started: the gateway's URL, its database and vhost, its output. */
export interface LoadSystem {
  id: string;
  base: string;
  port: number;
  databaseUrl: string;
  vhost: string;
  child: ChildProcess;
  output: () => string;
  stop(): Promise<void>;
}

/**
 * Starts `script` (tools/run/start.ts: the one-process system; tools/run/start-all.ts: six processes)
 * on a database and a vhost of its own, with no rate limit in the way (one user sends everything;
 * every budget is still counted in Redis), and waits until it and every agent are ready. `cwd`
 * starts another checkout's system (default: this one).
 */
export async function startLoadSystem(o: { label: string; script: string; env?: Record<string, string>; cwd?: string }): Promise<LoadSystem> {
  const id = `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  const db = `mt_bench_${o.label}_${id}`;
  const vhost = `mt-bench-${o.label}-${id}`;
  // Below the ephemeral range, and free now: start:all puts its agents on the next five ports.
  const port = await freePortRun(6);
  const base = `http://127.0.0.1:${port}`;
  let output = '';
  await adminQuery(`create database "${db}"`);
  execFileSync('rabbitmqctl', ['add_vhost', vhost], { stdio: 'pipe' });
  execFileSync('rabbitmqctl', ['set_permissions', '-p', vhost, 'guest', '.*', '.*', '.*'], { stdio: 'pipe' });
  const dbUrl = new URL(PG_ADMIN);
  dbUrl.pathname = `/${db}`;
  const child = spawn(process.execPath, ['--max-semi-space-size=32', '-r', '@swc-node/register', o.script], {
    cwd: o.cwd ?? ROOT,
    env: {
      ...benchSystemEnv({ port, databaseUrl: dbUrl.toString(), vhost, id }),
      RATE_LIMIT_USER_PER_MIN: '1000000000',
      RATE_LIMIT_READ_PER_MIN: '1000000000',
      RATE_LIMIT_WRITE_PER_MIN: '1000000000',
      RATE_LIMIT_AI_PER_MIN: '1000000000',
      ...o.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (d) => (output = (output + d).slice(-200_000)));
  child.stderr?.on('data', (d) => (output = (output + d).slice(-200_000)));
  const stop = async () => {
    if (child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await Promise.race([exited, sleep(20_000)]);
      if (child.exitCode === null) child.kill('SIGKILL');
    }
    await adminQuery(`drop database if exists "${db}" with (force)`).catch(() => undefined);
    try {
      execFileSync('rabbitmqctl', ['delete_vhost', vhost], { stdio: 'pipe' });
    } catch {
      // already gone
    }
  };
  try {
    log(`starting the system (${o.script}) on ${base} …`);
    await waitReady(base, 180_000, () => output);
  } catch (err) {
    await stop();
    throw err;
  }
  return { id, base, port, databaseUrl: dbUrl.toString(), vhost, child, output: () => output, stop };
}
