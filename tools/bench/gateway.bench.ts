/**
 * npm run bench:gateway — the gateway under load, against the local services.
 * Starts the system (`npm start` with DATABASE_URL, AMQP_URL and REDIS_URL, or `npm run start:all`
 * with BENCH_TOPOLOGY=processes) on its own database, RabbitMQ vhost, mesh namespace and Redis
 * prefix; registers a user and creates a brand; then, with autocannon, 64 connections for 10 s each:
 *   - GET /api/v1/brands, authenticated: access-token check, rate limit (Redis), RPC to brand-agent,
 *     PostgreSQL, answer;
 *   - GET /health/live on the same server: Express + Nest + the global middleware, no auth, no RPC.
 * The same run also measures, with the same autocannon settings:
 *   - a plain `node:http` server answering {"status":"ok"} in a child process of its own (the
 *     machine's ceiling, `rawNode*`): every other figure is judged as a ratio of it, because the
 *     absolute numbers move with whatever else the machine runs;
 *   - the other topology (`*Processes`: `npm run start:all`, six processes), GET route and bare route;
 *   - the GET route again on a system with tracing on (OTEL_TRACES_SAMPLER always_on, or
 *     BENCH_TRACES_SAMPLER / _ARG, exporting to an OTLP receiver in this process).
 * Prints one JSON line last:
 * {"reqPerSec","p50Ms","p99Ms","baselineReqPerSec","baselineP99Ms","rawNodeReqPerSec","rawNodeP99Ms",
 *  "reqPerSecProcesses","p99MsProcesses","baselineToRawPct","reqPerSecToRawPct","processesToRawPct",
 *  "errors","tracedReqPerSec","tracingOverheadPct", …}
 * BENCH_CONNECTIONS, BENCH_DURATION_S override the defaults; BENCH_TOPOLOGY (one | processes | both,
 * default both) picks the topologies; BENCH_TRACED=0 skips the traced run;
 * BENCH_ROUTE loads another authenticated GET route instead (e.g. /api/v1/jobs: auth and rate
 * limit without an RPC), to see where the time goes.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { Client } from 'pg';
import { benchSystemEnv, waitReady } from './bench-system';

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
type Topology = 'one' | 'processes';
const TOPOLOGIES: Topology[] =
  process.env.BENCH_TOPOLOGY === 'processes' ? ['processes'] : process.env.BENCH_TOPOLOGY === 'one' ? ['one'] : ['one', 'processes'];
const TRACED = process.env.BENCH_TRACED !== '0';
const PG_ADMIN = process.env.TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
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

/**
 * The machine's ceiling: a plain node:http server in a process of its own (as the gateway is),
 * answering what GET /health/live answers, loaded by the same autocannon.
 */
async function rawNode(): Promise<LoadResult> {
  const source = `
    const http = require('node:http');
    const body = JSON.stringify({ status: 'ok' });
    const server = http.createServer((req, res) => {
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
      res.end(body);
    });
    server.listen(0, '127.0.0.1', () => process.stdout.write(server.address().port + '\\n'));
  `;
  const child = spawn(process.execPath, ['-e', source], { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    const port = await new Promise<number>((resolve, reject) => {
      child.stdout?.once('data', (d: Buffer) => resolve(Number(String(d).trim())));
      child.once('exit', (code) => reject(new Error(`the plain node:http server exited (${code})`)));
    });
    const url = `http://127.0.0.1:${port}/health/live`;
    log(`plain node:http (ceiling): ${CONNECTIONS} connections for ${DURATION_S} s …`);
    await load(url, {}, 2);
    return await load(url, {});
  } finally {
    child.kill('SIGKILL');
  }
}

/** One system, started for this run and removed after it; `otel` turns tracing on. */
async function run(topology: Topology, otel: Record<string, string>, withBaseline: boolean): Promise<RunResult> {
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
    const script = topology === 'processes' ? 'tools/run/start-all.ts' : 'tools/run/start.ts';
    // BENCH_NODE_ARGS, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof", profiles the system under load.
    const nodeArgs = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
    // As `npm start` runs it (ADR 114); start-all passes it to its gateway itself.
    const heap = topology === 'one' ? ['--max-semi-space-size=32'] : [];
    child = spawn(process.execPath, [...heap, ...nodeArgs, '-r', '@swc-node/register', script], {
      cwd: ROOT,
      env: {
        ...benchSystemEnv({ port, databaseUrl: dbUrl.toString(), vhost, id }),
        // One user makes every request: the per-user limit is still counted in Redis on each
        // request (that cost is measured), but set high enough never to refuse one.
        RATE_LIMIT_USER_PER_MIN: '1000000000',
        ...otel,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', (d) => (output += d));
    child.stderr?.on('data', (d) => (output += d));
    log(`starting the system (${topology === 'processes' ? 'six processes' : 'one process'}) on ${base} …`);
    await waitReady(base, Number(process.env.BENCH_READY_TIMEOUT_MS ?? 120_000), () => output);

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
  const raw = await rawNode();
  const results = new Map<Topology, RunResult>();
  for (const topology of TOPOLOGIES) results.set(topology, await run(topology, {}, true));
  const main = results.get(TOPOLOGIES[0])!;
  const others = TOPOLOGIES.length > 1 ? results.get('processes') : undefined;
  let traced: LoadResult | undefined;
  if (TRACED) {
    const receiver = await startReceiver();
    try {
      const sampler = process.env.BENCH_TRACES_SAMPLER ?? 'always_on';
      traced = (
        await run(
          TOPOLOGIES[0],
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
  }
  const errorsOf = (r: LoadResult | undefined) => (r ? r.errors + r.timeouts + r.non2xx : 0);
  const { brands, baseline } = main;
  const rawRps = raw.requests.average;
  const pct = (n: number) => round((n / rawRps) * 100, 1);
  const summary = {
    reqPerSec: Math.round(brands.requests.average),
    p50Ms: round(brands.latency.p50),
    p99Ms: round(brands.latency.p99),
    baselineReqPerSec: Math.round(baseline!.requests.average),
    baselineP99Ms: round(baseline!.latency.p99),
    rawNodeReqPerSec: Math.round(rawRps),
    rawNodeP99Ms: round(raw.latency.p99),
    ...(others
      ? {
          reqPerSecProcesses: Math.round(others.brands.requests.average),
          p50MsProcesses: round(others.brands.latency.p50),
          p99MsProcesses: round(others.brands.latency.p99),
          baselineReqPerSecProcesses: Math.round(others.baseline!.requests.average),
          baselineP99MsProcesses: round(others.baseline!.latency.p99),
        }
      : {}),
    // The targets of issue 16, as shares of the plain server measured in this run.
    baselineToRawPct: pct(baseline!.requests.average),
    reqPerSecToRawPct: pct(brands.requests.average),
    ...(others ? { processesToRawPct: pct(others.brands.requests.average), baselineProcessesToRawPct: pct(others.baseline!.requests.average) } : {}),
    errors: errorsOf(brands) + errorsOf(baseline) + errorsOf(others?.brands) + errorsOf(others?.baseline) + errorsOf(traced) + errorsOf(raw),
    requests: brands.requests.total,
    baselineRequests: baseline!.requests.total,
    ...(traced
      ? {
          tracedReqPerSec: Math.round(traced.requests.average),
          tracedP99Ms: round(traced.latency.p99),
          // Throughput lost with tracing on, against the same run with it off.
          tracingOverheadPct: round((1 - traced.requests.average / brands.requests.average) * 100, 1),
          tracesSampler: process.env.BENCH_TRACES_SAMPLER ?? 'always_on',
        }
      : {}),
    connections: CONNECTIONS,
    durationS: DURATION_S,
    topology: TOPOLOGIES[0],
    topologies: TOPOLOGIES,
    route: ROUTE,
  };
  log(`plain node:http: ${summary.rawNodeReqPerSec} req/s, p99 ${summary.rawNodeP99Ms} ms`);
  log(
    `${ROUTE} (${TOPOLOGIES[0]}): ${summary.reqPerSec} req/s (${summary.reqPerSecToRawPct} % of plain), p50 ${summary.p50Ms} ms, p99 ${summary.p99Ms} ms, errors ${errorsOf(brands)}`,
  );
  log(
    `baseline (${TOPOLOGIES[0]}): ${summary.baselineReqPerSec} req/s (${summary.baselineToRawPct} % of plain), p99 ${summary.baselineP99Ms} ms, errors ${errorsOf(baseline)}`,
  );
  if (others) log(`${ROUTE} (processes): ${summary.reqPerSecProcesses} req/s (${summary.processesToRawPct} % of plain), p99 ${summary.p99MsProcesses} ms`);
  if (traced) log(`tracing overhead: ${summary.tracingOverheadPct} %`);
  process.stdout.write(`${JSON.stringify(summary)}\n`);
}

main().catch((err) => {
  process.stderr.write(`bench:gateway failed: ${(err as Error).message}\n`);
  process.exit(1);
});
