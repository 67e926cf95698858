/**
 * npm run bench:gateway — the gateway under load, against the local services.
 * Starts the system (`npm start` with DATABASE_URL, AMQP_URL and REDIS_URL, or `npm run start:all`
 * with BENCH_TOPOLOGY=processes) on its own database, RabbitMQ vhost, mesh namespace and Redis
 * prefix; registers a user and creates a brand; then, with autocannon, 64 connections for 10 s each:
 *   - GET /api/v1/brands, authenticated: access-token check, rate limit (Redis), RPC to brand-agent,
 *     PostgreSQL, answer;
 *   - GET /health/live on the same server: Fastify + Nest + the global hooks, no auth, no RPC.
 * The same run also measures, with the same autocannon settings:
 *   - a plain `node:http` server answering {"status":"ok"} in a child process of its own (the
 *     machine's ceiling, `rawNode*`): every other figure is judged as a ratio of it, because the
 *     absolute numbers move with whatever else the machine runs;
 *   - the bare chain (`bareChain*`, tools/bench/bare-chain.js): the authenticated read's own hops —
 *     node:http, one Redis script, one amqplib RPC over direct reply-to, brand-agent's query through
 *     a raw pg pool — on the system's own rows, vhost and Redis: the floor of the route's design,
 *     in each topology (`bareChain*Processes`: its agent side in a second process); and the same
 *     without the broker (`bareDirect*`: the server runs the query itself), the floor of a design
 *     where the gateway answers the read from the database (a replica of its own);
 *   - CPU µs per request of each process group during the authenticated load (`cpuUsPerReq`:
 *     the system under test, RabbitMQ, PostgreSQL, Redis, autocannon; `bareChainCpuUsPerReq`);
 *   - the other topology (`*Processes`: `npm run start:all`, six processes), GET route and bare route;
 *   - tracing's cost (`tracingOverheadPct`): an untraced and a traced system (OTEL_TRACES_SAMPLER
 *     always_on, or BENCH_TRACES_SAMPLER / _ARG, exporting to an OTLP receiver in this process) up
 *     at once in the first topology, loaded in turn for BENCH_TRACED_ROUNDS rounds (tracedRounds
 *     below); the median round's throughput lost, and the CPU per request of each
 *     (`tracedCpuUsPerReq`, `tracingCpuOverheadPct` against the untraced system's).
 * Prints one JSON line last:
 * {"reqPerSec","p50Ms","p99Ms","baselineReqPerSec","baselineP99Ms","rawNodeReqPerSec","rawNodeP99Ms",
 *  "reqPerSecProcesses","p99MsProcesses","baselineToRawPct","reqPerSecToRawPct","processesToRawPct",
 *  "errors","tracedReqPerSec","tracingOverheadPct", …}
 * BENCH_CONNECTIONS, BENCH_DURATION_S override the defaults; BENCH_TOPOLOGY (one | processes | both,
 * default both) picks the topologies; BENCH_TRACED=0 skips the traced rounds; BENCH_TRACED_NULL=1
 * runs them with both systems untraced (a null test: the spread the rounds read when tracing costs nothing);
 * BENCH_ROUTE loads another authenticated GET route instead (e.g. /api/v1/jobs: auth and rate
 * limit without an RPC), to see where the time goes.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import { benchSystemEnv, cpuUs, median, servicePids, waitReady, startOtlpDropReceiver, tree } from './bench-system';
import { npmScriptLaunch } from '../run/npm-script';
import { freePortRun } from '../run/free-port';

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
/** BENCH_TRACED_NULL=1: the traced rounds' second system is untraced too, and read as the traced arm. */
const TRACED_NULL = process.env.BENCH_TRACED_NULL === '1';
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

interface RunResult {
  brands: LoadResult;
  baseline?: LoadResult;
  bare?: LoadResult;
  /** CPU µs per request of each process group during the authenticated load (Linux /proc). */
  cpu?: CpuPerRequest;
  bareCpu?: CpuPerRequest;
  /** The bare chain without the broker (BARE_DIRECT=1): the floor of a read from the server's own database. */
  direct?: LoadResult;
  directCpu?: CpuPerRequest;
}

type CpuPerRequest = Record<string, number>;

function startStrace(pids: number[], file: string): ChildProcess {
  const tids = pids.flatMap((pid) => {
    try {
      return readdirSync(`/proc/${pid}/task`);
    } catch {
      return [];
    }
  });
  return spawn('strace', ['-c', '-f', '-o', file, ...tids.flatMap((t) => ['-p', t])], { stdio: 'ignore' });
}

/**
 * Runs a load while counting the CPU of each group of processes: the system under test (node),
 * RabbitMQ (beam.smp), PostgreSQL, Redis, and this process (autocannon). On a quiet machine the
 * groups' sum is the machine's whole cost of a request, and says which hop it is spent in.
 */
async function loadCounted(
  url: string,
  headers: Record<string, string>,
  systemPid: number,
  label: string,
  duration = DURATION_S,
): Promise<{ result: LoadResult; cpu: CpuPerRequest }> {
  const groups = (): Map<string, number[]> => new Map([['system', tree(systemPid)], ...servicePids()]);
  const pids = groups();
  // BENCH_STRACE_DIR: the system's system calls during the load, counted by strace (every thread
  // of every process of it), written to <dir>/<label>.strace; requests are autocannon's count.
  const strace = process.env.BENCH_STRACE_DIR ? startStrace(pids.get('system')!, `${process.env.BENCH_STRACE_DIR}/${label}.strace`) : undefined;
  if (strace) await new Promise((r) => setTimeout(r, 1000));
  const before = new Map([...pids].map(([g, list]) => [g, new Map(list.map((p) => [p, cpuUs(p)]))]));
  const selfBefore = process.cpuUsage();
  const startedUs = process.hrtime.bigint() / 1000n;
  const result = await load(url, headers, duration);
  // The load's window on the monotonic clock V8's CPU profiles use (BENCH_NODE_ARGS=--cpu-prof):
  // a profile's samples between these two times are the load's.
  log(`load window (monotonic µs): ${startedUs} – ${process.hrtime.bigint() / 1000n}`);
  const self = process.cpuUsage(selfBefore);
  if (strace) {
    const exited = new Promise((r) => strace.once('exit', r));
    strace.kill('SIGINT');
    await exited;
    log(`strace: ${result.requests.total} requests in the window`);
  }
  const after = groups();
  const cpu: CpuPerRequest = {};
  const n = Math.max(1, result.requests.total);
  for (const [g, list] of after) {
    let used = 0;
    for (const p of list) used += cpuUs(p) - (before.get(g)?.get(p) ?? 0);
    cpu[g] = Math.round(used / n);
  }
  cpu.autocannon = Math.round((self.user + self.system) / n);
  cpu.total = Object.values(cpu).reduce((a, b) => a + b, 0);
  return { result, cpu };
}

/**
 * The bare chain (tools/bench/bare-chain.js): the authenticated read's hops with the bare
 * components, on the system's own database, vhost and Redis; the floor the gateway is judged by.
 */
async function bareChain(env: Record<string, string>): Promise<{ result: LoadResult; cpu: CpuPerRequest }> {
  const child = spawn(process.execPath, [path.join(__dirname, 'bare-chain.js')], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    const port = await new Promise<number>((resolve, reject) => {
      child.stdout?.once('data', (d: Buffer) => resolve(Number(String(d).trim())));
      child.once('exit', (code) => reject(new Error(`the bare chain exited (${code})`)));
    });
    const url = `http://127.0.0.1:${port}/api/v1/brands`;
    const headers = { authorization: `Bearer ${env.BARE_TOKEN}` };
    const label = env.BARE_DIRECT === '1' ? 'bare-direct' : `bare-chain${env.BARE_PROCESSES === '1' ? '-processes' : ''}`;
    log(`the ${label} (node:http + ioredis + ${env.BARE_DIRECT === '1' ? '' : 'amqplib + '}pg): ${CONNECTIONS} connections for ${DURATION_S} s …`);
    await load(url, headers, 2);
    return await loadCounted(url, headers, child.pid!, label);
  } finally {
    // Its agent side too (a child of its own with BARE_PROCESSES=1), before the database goes.
    for (const pid of tree(child.pid!).reverse()) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  }
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

/** A system under test, started on its own database, vhost, namespace and Redis prefix. */
interface System {
  base: string;
  pid: number;
  dbUrl: URL;
  vhost: string;
  userId: string;
  auth: Record<string, string>;
  token: string;
  traced: boolean;
  stop(): Promise<void>;
}

/** Starts one system (`otel` turns tracing on), registers a user, creates a brand and warms it up. */
async function startSystem(topology: Topology, otel: Record<string, string>): Promise<System> {
  const id = `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  const db = `mt_bench_gateway_${id}`;
  const vhost = `mt-bench-gateway-${id}`;
  // Below the ephemeral range, and free now: start:all puts its agents on the next five ports.
  const port = await freePortRun(6);
  const base = `http://127.0.0.1:${port}`;
  let child: ChildProcess | undefined;
  let output = '';
  const stop = async () => {
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
  };
  try {
    await adminQuery(`create database "${db}"`);
    execFileSync('rabbitmqctl', ['add_vhost', vhost], { stdio: 'pipe' });
    execFileSync('rabbitmqctl', ['set_permissions', '-p', vhost, 'guest', '.*', '.*', '.*'], { stdio: 'pipe' });
    const dbUrl = new URL(PG_ADMIN);
    dbUrl.pathname = `/${db}`;
    const script = topology === 'processes' ? 'tools/run/start-all.ts' : 'tools/run/start.ts';
    // BENCH_NODE_ARGS, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof", profiles the system under load.
    const nodeArgs = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
    // As `npm start` runs it (ADR 114: the heap flag; ADR 214: the allocator's settings); start-all
    // passes the heap flag to its gateway itself.
    const launch = npmScriptLaunch(topology === 'processes' ? 'start:all' : 'start', process.env);
    const heap = launch.nodeArgs.filter((arg) => arg.startsWith('--max-semi-space-size'));
    child = spawn(process.execPath, [...heap, ...nodeArgs, '-r', '@swc-node/register', script], {
      cwd: ROOT,
      env: {
        ...launch.env,
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
    const traced = otel.OTEL_EXPORTER_OTLP_ENDPOINT !== undefined;
    log(`starting the system (${topology === 'processes' ? 'six processes' : 'one process'}${traced ? ', traced' : ''}) on ${base} …`);
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
    return { base, pid: child.pid!, dbUrl, vhost, userId: session.user.id, auth, token, traced, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** One system, started for this run and removed after it: the authenticated route, the bare route, the bare chain. */
async function run(topology: Topology): Promise<RunResult> {
  const system = await startSystem(topology, {});
  try {
    const { base, auth } = system;
    log(`GET ${ROUTE}: ${CONNECTIONS} connections for ${DURATION_S} s …`);
    const counted = await loadCounted(`${base}${ROUTE}`, auth, system.pid, topology);
    const brands = counted.result;
    log(`GET /health/live (baseline): ${CONNECTIONS} connections for ${DURATION_S} s …`);
    const baselineStartUs = process.hrtime.bigint() / 1000n;
    const baseline = await load(`${base}/health/live`, {});
    log(`load window (monotonic µs): ${baselineStartUs} – ${process.hrtime.bigint() / 1000n}`);
    // The floor: the same hops on the same rows with the bare components (one-process layout).
    const withBare = ROUTE === '/api/v1/brands' && process.env.BENCH_BARE_CHAIN !== '0';
    const bareEnv = {
      BARE_DATABASE_URL: system.dbUrl.toString(),
      BARE_AMQP_URL: `${AMQP_BASE}/${encodeURIComponent(system.vhost)}`,
      BARE_REDIS_URL: REDIS_URL,
      BARE_USER_ID: system.userId,
      BARE_TOKEN: system.token,
      BARE_PROCESSES: topology === 'processes' ? '1' : '0',
    };
    const bare = withBare ? await bareChain(bareEnv) : undefined;
    // The floor without the broker (one process in either topology): measured with the first topology.
    const direct = withBare && topology === TOPOLOGIES[0] ? await bareChain({ ...bareEnv, BARE_PROCESSES: '0', BARE_DIRECT: '1' }) : undefined;
    return { brands, baseline, cpu: counted.cpu, bare: bare?.result, bareCpu: bare?.cpu, direct: direct?.result, directCpu: direct?.cpu };
  } finally {
    await system.stop();
  }
}

interface TracedRounds {
  /** Requests and CPU summed over the rounds, per arm. */
  off: { requests: number; seconds: number; cpu: CpuPerRequest; p99: number[] };
  on: { requests: number; seconds: number; cpu: CpuPerRequest; p99: number[] };
  /** 1 - traced req/s / untraced req/s of each round, in %. */
  overheadPerRound: number[];
  errors: number;
  exports: number;
}

/**
 * Tracing's cost, measured so that the machine's drift cancels out: an untraced and a traced
 * system are up at the same time, on the same services, and take the same load in turn —
 * BENCH_TRACED_ROUNDS rounds (default 6) of BENCH_TRACED_ROUND_S seconds (default 5) per arm, the
 * order swapped each round. A sequential pair (one system, then the other, a minute apart) moved by
 * ±10 points from run to run on this machine while the plain server's own figure moved by half.
 */
async function tracedRounds(topology: Topology): Promise<TracedRounds> {
  const rounds = Number(process.env.BENCH_TRACED_ROUNDS ?? 6);
  const seconds = Number(process.env.BENCH_TRACED_ROUND_S ?? 5);
  const receiver = await startOtlpDropReceiver();
  const sampler = process.env.BENCH_TRACES_SAMPLER ?? 'always_on';
  const systems: System[] = [];
  try {
    systems.push(await startSystem(topology, {}));
    systems.push(
      await startSystem(
        topology,
        TRACED_NULL
          ? {}
          : {
              OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
              OTEL_TRACES_SAMPLER: sampler,
              ...(process.env.BENCH_TRACES_SAMPLER_ARG ? { OTEL_TRACES_SAMPLER_ARG: process.env.BENCH_TRACES_SAMPLER_ARG } : {}),
            },
      ),
    );
    const second = systems[1];
    const out: TracedRounds = {
      off: { requests: 0, seconds: 0, cpu: {}, p99: [] },
      on: { requests: 0, seconds: 0, cpu: {}, p99: [] },
      overheadPerRound: [],
      errors: 0,
      exports: 0,
    };
    for (let r = 0; r < rounds; r++) {
      const order = r % 2 === 0 ? systems : [...systems].reverse();
      const rps = new Map<boolean, number>();
      for (const system of order) {
        const on = system === second;
        log(`round ${r + 1}/${rounds}: GET ${ROUTE}${on ? (TRACED_NULL ? ' (second untraced)' : ' (traced)') : ''} for ${seconds} s …`);
        const counted = await loadCounted(`${system.base}${ROUTE}`, system.auth, system.pid, `round${r + 1}${on ? '-traced' : ''}`, seconds);
        const arm = on ? out.on : out.off;
        arm.requests += counted.result.requests.total;
        arm.seconds += seconds;
        arm.p99.push(counted.result.latency.p99);
        for (const [g, us] of Object.entries(counted.cpu)) arm.cpu[g] = (arm.cpu[g] ?? 0) + us * counted.result.requests.total;
        out.errors += counted.result.errors + counted.result.timeouts + counted.result.non2xx;
        rps.set(on, counted.result.requests.average);
      }
      out.overheadPerRound.push(round((1 - rps.get(true)! / rps.get(false)!) * 100, 1));
    }
    for (const arm of [out.off, out.on]) for (const g of Object.keys(arm.cpu)) arm.cpu[g] = Math.round(arm.cpu[g] / Math.max(1, arm.requests));
    out.exports = receiver.exports();
    log(
      `traced rounds: ${JSON.stringify(out.overheadPerRound)} % of req/s lost (${TRACED_NULL ? 'null test: both untraced' : sampler}), ${out.exports} OTLP exports received`,
    );
    return out;
  } finally {
    for (const system of systems) await system.stop();
    receiver.close();
  }
}

async function main() {
  const raw = await rawNode();
  const results = new Map<Topology, RunResult>();
  for (const topology of TOPOLOGIES) results.set(topology, await run(topology));
  const main = results.get(TOPOLOGIES[0])!;
  const others = TOPOLOGIES.length > 1 ? results.get('processes') : undefined;
  const traced = TRACED ? await tracedRounds(TOPOLOGIES[0]) : undefined;
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
    // The floor of an authenticated read: the same hops with the bare components (bare-chain.js).
    ...(main.bare
      ? {
          bareChainReqPerSec: Math.round(main.bare.requests.average),
          bareChainP99Ms: round(main.bare.latency.p99),
          bareChainToRawPct: pct(main.bare.requests.average),
          reqPerSecToBareChainPct: round((brands.requests.average / main.bare.requests.average) * 100, 1),
        }
      : {}),
    // The floor of a read answered from the database by the server itself (no broker, no agent).
    ...(main.direct
      ? {
          bareDirectReqPerSec: Math.round(main.direct.requests.average),
          bareDirectP99Ms: round(main.direct.latency.p99),
          bareDirectToRawPct: pct(main.direct.requests.average),
          bareDirectCpuUsPerReq: main.directCpu,
        }
      : {}),
    // CPU µs per request by process group (system under test, RabbitMQ, PostgreSQL, Redis, autocannon).
    ...(main.cpu ? { cpuUsPerReq: main.cpu } : {}),
    ...(main.bareCpu ? { bareChainCpuUsPerReq: main.bareCpu } : {}),
    ...(others?.cpu ? { cpuUsPerReqProcesses: others.cpu } : {}),
    ...(others?.bare
      ? {
          bareChainReqPerSecProcesses: Math.round(others.bare.requests.average),
          bareChainP99MsProcesses: round(others.bare.latency.p99),
          bareChainProcessesToRawPct: pct(others.bare.requests.average),
          processesToBareChainPct: round((others.brands.requests.average / others.bare.requests.average) * 100, 1),
          bareChainCpuUsPerReqProcesses: others.bareCpu,
        }
      : {}),
    errors:
      errorsOf(brands) +
      errorsOf(baseline) +
      errorsOf(others?.brands) +
      errorsOf(others?.baseline) +
      (traced?.errors ?? 0) +
      errorsOf(raw) +
      errorsOf(main.bare) +
      errorsOf(others?.bare),
    requests: brands.requests.total,
    baselineRequests: baseline!.requests.total,
    ...(traced
      ? {
          // Both arms' req/s over the rounds, the untraced system and the traced one up at once.
          untracedRoundsReqPerSec: Math.round(traced.off.requests / traced.off.seconds),
          tracedReqPerSec: Math.round(traced.on.requests / traced.on.seconds),
          tracedP99Ms: round(median(traced.on.p99)),
          // Throughput lost with tracing on: the median of the rounds' (each against the untraced
          // system loaded just before or after it), then the smallest and largest round.
          tracingOverheadPct: round(median(traced.overheadPerRound), 1),
          tracingOverheadPctMinMax: [Math.min(...traced.overheadPerRound), Math.max(...traced.overheadPerRound)],
          tracingOverheadPctPerRound: traced.overheadPerRound,
          // The same comparison in CPU per request of the system under test, summed over the rounds.
          untracedRoundsCpuUsPerReq: traced.off.cpu,
          tracedCpuUsPerReq: traced.on.cpu,
          tracingCpuOverheadPct: round((traced.on.cpu.system / Math.max(1, traced.off.cpu.system) - 1) * 100, 1),
          tracesSampler: TRACED_NULL ? 'none (null test: both systems untraced)' : (process.env.BENCH_TRACES_SAMPLER ?? 'always_on'),
          ...(process.env.BENCH_TRACES_SAMPLER_ARG ? { tracesSamplerArg: Number(process.env.BENCH_TRACES_SAMPLER_ARG) } : {}),
          otlpExports: traced.exports,
        }
      : {}),
    connections: CONNECTIONS,
    durationS: DURATION_S,
    topology: TOPOLOGIES[0],
    topologies: TOPOLOGIES,
    route: ROUTE,
    node: process.version,
  };
  log(`plain node:http: ${summary.rawNodeReqPerSec} req/s, p99 ${summary.rawNodeP99Ms} ms`);
  log(
    `${ROUTE} (${TOPOLOGIES[0]}): ${summary.reqPerSec} req/s (${summary.reqPerSecToRawPct} % of plain), p50 ${summary.p50Ms} ms, p99 ${summary.p99Ms} ms, errors ${errorsOf(brands)}`,
  );
  log(
    `baseline (${TOPOLOGIES[0]}): ${summary.baselineReqPerSec} req/s (${summary.baselineToRawPct} % of plain), p99 ${summary.baselineP99Ms} ms, errors ${errorsOf(baseline)}`,
  );
  if (main.bare) log(`bare chain: ${summary.bareChainReqPerSec} req/s (${summary.bareChainToRawPct} % of plain), p99 ${summary.bareChainP99Ms} ms`);
  if (main.direct)
    log(`bare chain without the broker: ${summary.bareDirectReqPerSec} req/s (${summary.bareDirectToRawPct} % of plain), p99 ${summary.bareDirectP99Ms} ms`);
  if (main.cpu) log(`CPU µs per request: system under test ${JSON.stringify(main.cpu)}, bare chain ${JSON.stringify(main.bareCpu ?? {})}`);
  if (others) log(`${ROUTE} (processes): ${summary.reqPerSecProcesses} req/s (${summary.processesToRawPct} % of plain), p99 ${summary.p99MsProcesses} ms`);
  if (traced)
    log(
      `tracing overhead: ${summary.tracingOverheadPct} % of req/s (median of ${traced.overheadPerRound.length} rounds), ${summary.tracingCpuOverheadPct} % of the system's CPU per request`,
    );
  process.stdout.write(`${JSON.stringify(summary)}\n`);
}

main().catch((err) => {
  process.stderr.write(`bench:gateway failed: ${(err as Error).message}\n`);
  process.exit(1);
});
