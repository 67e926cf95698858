/**
 * npm run bench:gateway — the gateway under load, against the local services.
 * Starts the system (`npm start` with DATABASE_URL, AMQP_URL and REDIS_URL, or `npm run start:all`
 * with BENCH_TOPOLOGY=processes) on its own database, RabbitMQ vhost, mesh namespace and Redis
 * prefix; registers a user and creates a brand; then, with autocannon, 64 connections for 10 s each:
 *   - GET /api/v1/brands, authenticated: access-token check, rate limit (Redis), RPC to brand-agent,
 *     PostgreSQL, answer;
 *   - GET /health/live on the same server: Express + Nest + the global middleware, no auth, no RPC.
 * Then the same GET route again on a second system with tracing on (OTEL_TRACES_SAMPLER
 * always_on, or BENCH_TRACES_SAMPLER / _ARG, exporting to an OTLP receiver in this process).
 * Prints one JSON line last:
 * {"reqPerSec","p50Ms","p99Ms","baselineReqPerSec","baselineP99Ms","errors","tracedReqPerSec","tracingOverheadPct"}
 * BENCH_CONNECTIONS, BENCH_DURATION_S, BENCH_TOPOLOGY (one | processes) override the defaults;
 * BENCH_ROUTE loads another authenticated GET route instead (e.g. /api/v1/jobs: auth and rate
 * limit without an RPC), to see where the time goes.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { Client } from 'pg';

/** The part of autocannon's result this benchmark reads (the package ships no types). */
interface LoadResult {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number };
  errors: number;
  timeouts: number;
  non2xx: number;
}
type Autocannon = (
  opts: { url: string; connections: number; duration: number; headers: Record<string, string>; pipelining: number },
  done: (err: Error | null, result: LoadResult) => void,
) => unknown;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const autocannon = require('autocannon') as Autocannon;

const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 64);
const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 10);
const ROUTE = process.env.BENCH_ROUTE ?? '/api/v1/brands';
const TOPOLOGY = process.env.BENCH_TOPOLOGY === 'processes' ? 'processes' : 'one';
const PG_ADMIN = process.env.TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const AMQP_BASE = process.env.TEST_AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672';
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const ROOT = path.resolve(__dirname, '../..');

const round = (n: number, d = 2) => Math.round(n * 10 ** d) / 10 ** d;
const log = (msg: string) => process.stderr.write(`${msg}\n`);

async function adminQuery(sql: string): Promise<void> {
  const c = new Client({ connectionString: PG_ADMIN });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

async function waitReady(url: string, timeoutMs: number, output: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if ((await fetch(`${url}/health/ready`)).status === 200) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`the system did not become ready in ${timeoutMs} ms\n${output().slice(-3000)}`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

async function json(url: string, method: string, body?: unknown, token?: string): Promise<any> {
  const res = await fetch(url, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const out = await res.json();
  if (res.status >= 300) throw new Error(`${method} ${url} answered ${res.status}: ${JSON.stringify(out)}`);
  return out;
}

function load(url: string, headers: Record<string, string>, duration = DURATION_S): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    autocannon({ url, connections: CONNECTIONS, duration, headers, pipelining: 1 }, (err, result) => (err ? reject(err) : resolve(result)));
  });
}

/** An OTLP/HTTP receiver that accepts and drops every export (the exporter's cost is what counts). */
async function startReceiver(): Promise<{ url: string; requests: () => number; close: () => void }> {
  let n = 0;
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      n++;
      res.writeHead(200, { 'content-type': 'application/x-protobuf' }).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests: () => n, close: () => server.close() };
}

interface RunResult {
  brands: LoadResult;
  baseline?: LoadResult;
}

/** One system, started for this run and removed after it; `otel` turns tracing on. */
async function run(otel: Record<string, string>, withBaseline: boolean): Promise<RunResult> {
  const id = `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  const db = `mt_bench_gateway_${id}`;
  const vhost = `mt-bench-gateway-${id}`;
  const port = 43000 + Math.floor(Math.random() * 2000);
  const base = `http://127.0.0.1:${port}`;
  let child: ChildProcess | undefined;
  let output = '';
  try {
    await adminQuery(`create database "${db}"`);
    execFileSync('rabbitmqctl', ['add_vhost', vhost], { stdio: 'pipe' });
    execFileSync('rabbitmqctl', ['set_permissions', '-p', vhost, 'guest', '.*', '.*', '.*'], { stdio: 'pipe' });
    const dbUrl = new URL(PG_ADMIN);
    dbUrl.pathname = `/${db}`;
    const script = TOPOLOGY === 'processes' ? 'tools/run/start-all.ts' : 'tools/run/start.ts';
    // BENCH_NODE_ARGS, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof", profiles the system under load.
    const nodeArgs = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
    child = spawn(process.execPath, [...nodeArgs, '-r', '@swc-node/register', script], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH,
        NODE_ENV: 'production',
        PORT: String(port),
        HOST: '127.0.0.1',
        DATABASE_URL: dbUrl.toString(),
        AMQP_URL: `${AMQP_BASE}/${encodeURIComponent(vhost)}`,
        REDIS_URL,
        REDIS_PREFIX: `mt-bench:${id}:`,
        MESH_NAMESPACE: `bench-${id}`,
        JWT_SECRET: randomBytes(32).toString('base64url'),
        CREDENTIALS_KEY: randomBytes(32).toString('base64'),
        LOG_LEVEL: 'warn',
        // One user makes every request: the per-user limit is still counted in Redis on each
        // request (that cost is measured), but set high enough never to refuse one.
        RATE_LIMIT_USER_PER_MIN: '1000000000',
        ...otel,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', (d) => (output += d));
    child.stderr?.on('data', (d) => (output += d));
    log(`starting the system (${TOPOLOGY === 'processes' ? 'six processes' : 'one process'}) on ${base} …`);
    await waitReady(base, 120_000, () => output);

    const session = await json(`${base}/api/v1/auth/register`, 'POST', {
      email: `bench-${id}@example.com`,
      password: 'correct horse battery staple 9',
      name: 'Bench',
    });
    const token: string = session.accessToken;
    await json(`${base}/api/v1/brands`, 'POST', { name: 'Bench Roasters', industry: 'Coffee', pillars: ['brewing'] }, token);
    const auth = { authorization: `Bearer ${token}` };

    log('warming up …');
    await load(`${base}${ROUTE}`, auth, 3);
    await load(`${base}/health/live`, {}, 2);

    log(`GET ${ROUTE}${otel.OTEL_EXPORTER_OTLP_ENDPOINT ? ' (traced)' : ''}: ${CONNECTIONS} connections for ${DURATION_S} s …`);
    const brands = await load(`${base}${ROUTE}`, auth);
    if (!withBaseline) return { brands };
    log(`GET /health/live (baseline): ${CONNECTIONS} connections for ${DURATION_S} s …`);
    const baseline = await load(`${base}/health/live`, {});
    return { brands, baseline };
  } finally {
    if (child && child.exitCode === null) {
      const exited = new Promise((r) => child?.once('exit', r));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    }
    await adminQuery(`drop database if exists "${db}" with (force)`).catch(() => undefined);
    try {
      execFileSync('rabbitmqctl', ['delete_vhost', vhost], { stdio: 'pipe' });
    } catch {
      // already gone
    }
  }
}

async function main() {
  const { brands, baseline } = await run({}, true);
  const receiver = await startReceiver();
  let traced: LoadResult;
  try {
    const sampler = process.env.BENCH_TRACES_SAMPLER ?? 'always_on';
    traced = (
      await run(
        {
          OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
          OTEL_TRACES_SAMPLER: sampler,
          ...(process.env.BENCH_TRACES_SAMPLER_ARG ? { OTEL_TRACES_SAMPLER_ARG: process.env.BENCH_TRACES_SAMPLER_ARG } : {}),
        },
        false,
      )
    ).brands;
    log(`traced: ${Math.round(traced.requests.average)} req/s (${sampler}), ${receiver.requests()} OTLP exports received`);
  } finally {
    receiver.close();
  }
  const errorsOf = (r: LoadResult) => r.errors + r.timeouts + r.non2xx;
  const summary = {
    reqPerSec: Math.round(brands.requests.average),
    p50Ms: round(brands.latency.p50),
    p99Ms: round(brands.latency.p99),
    baselineReqPerSec: Math.round(baseline!.requests.average),
    baselineP99Ms: round(baseline!.latency.p99),
    errors: errorsOf(brands) + errorsOf(baseline!) + errorsOf(traced),
    requests: brands.requests.total,
    baselineRequests: baseline!.requests.total,
    tracedReqPerSec: Math.round(traced.requests.average),
    tracedP99Ms: round(traced.latency.p99),
    // Throughput lost with tracing on, against the same run with it off.
    tracingOverheadPct: round((1 - traced.requests.average / brands.requests.average) * 100, 1),
    tracesSampler: process.env.BENCH_TRACES_SAMPLER ?? 'always_on',
    connections: CONNECTIONS,
    durationS: DURATION_S,
    topology: TOPOLOGY,
    route: ROUTE,
  };
  log(`${ROUTE}: ${summary.reqPerSec} req/s, p50 ${summary.p50Ms} ms, p99 ${summary.p99Ms} ms, errors ${errorsOf(brands)}`);
  log(`baseline: ${summary.baselineReqPerSec} req/s, p99 ${summary.baselineP99Ms} ms, errors ${errorsOf(baseline!)}`);
  log(`tracing overhead: ${summary.tracingOverheadPct} %`);
  process.stdout.write(`${JSON.stringify(summary)}\n`);
}

main().catch((err) => {
  process.stderr.write(`bench:gateway failed: ${(err as Error).message}\n`);
  process.exit(1);
});
