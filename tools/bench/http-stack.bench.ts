/**
 * npm run bench:http-stack — what the HTTP stack itself costs on this machine, in one run.
 * Each server runs alone, as a child process, and answers GET /health/live with {"status":"ok"}:
 *   raw      a plain node:http server;
 *   express  a minimal Nest 11 app (one controller) on @nestjs/platform-express;
 *   fastify  the same app on @nestjs/platform-fastify;
 *   gateway  the gateway's bare route in the one-process `npm start` topology, on the local
 *            PostgreSQL, RabbitMQ and Redis (its own database, vhost, namespace and prefix).
 * For each: autocannon (BENCH_CONNECTIONS, default 64, for BENCH_DURATION_S, default 6 s, after a
 * 2 s warm-up), the process's CPU time per request from /proc (user + system), and — when strace
 * is installed and BENCH_STRACE is not 0 — the system calls per request, counted by `strace -c -f`
 * over a separate fixed run of BENCH_STRACE_REQUESTS (default 3,000) requests.
 * Prints one JSON line last: {"rawReqPerSec", "expressReqPerSec", "fastifyReqPerSec",
 * "gatewayReqPerSec", "…ToRawPct", "…CpuUsPerReq", "…CpuUsPerReqLessIdle", "…IdleCpuPct", "…SyscallsPerReq", "…WritesPerReq", …}.
 * BENCH_SERVERS (comma-separated, default raw,express,fastify,gateway) picks the servers.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { benchSystemEnv, waitReady } from './bench-system';
import { freePortRun } from '../run/free-port';

interface LoadResult {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number };
  errors: number;
  timeouts: number;
  non2xx: number;
}
type Autocannon = (
  opts: { url: string; connections: number; duration?: number; amount?: number; pipelining: number },
  done: (err: Error | null, result: LoadResult) => void,
) => unknown;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const autocannon = require('autocannon') as Autocannon;

const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 64);
const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 6);
/** Seconds of idle CPU measured before each server's load (BENCH_IDLE_S). */
const IDLE_S = Number(process.env.BENCH_IDLE_S ?? 3);
const STRACE_REQUESTS = Number(process.env.BENCH_STRACE_REQUESTS ?? 3000);
const SERVERS = (process.env.BENCH_SERVERS ?? 'raw,express,fastify,gateway').split(',').map((s) => s.trim());
const PG_ADMIN = process.env.TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const ROOT = path.resolve(__dirname, '../..');
const TICK_US = 1e6 / 100; // /proc/<pid>/stat counts in clock ticks (USER_HZ, 100 on Linux)

const round = (n: number, d = 1) => Math.round(n * 10 ** d) / 10 ** d;
const log = (msg: string) => process.stderr.write(`${msg}\n`);

function load(url: string, opts: { duration?: number; amount?: number }): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    autocannon({ url, connections: CONNECTIONS, pipelining: 1, ...opts }, (err, result) => (err ? reject(err) : resolve(result)));
  });
}

/** User + system CPU time of a process and all its threads, in µs. */
function cpuUs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8')
    .replace(/^.*\) /, '')
    .split(' ');
  return (Number(fields[11]) + Number(fields[12])) * TICK_US; // utime, stime (fields 14 and 15)
}

function hasStrace(): boolean {
  if (process.env.BENCH_STRACE === '0') return false;
  try {
    execFileSync('strace', ['-V'], { stdio: 'pipe' });
    return true;
  } catch {
    return false;
  }
}

/** System calls per request over a fixed number of requests, from `strace -c -f -p` (all threads). */
async function syscallsPerRequest(pid: number, url: string): Promise<{ total: number; writes: number; byCall: Record<string, number> }> {
  const out = path.join(os.tmpdir(), `http-stack-strace-${pid}-${Date.now()}.txt`);
  const strace = spawn('strace', ['-c', '-f', '-o', out, '-p', String(pid)], { stdio: ['ignore', 'ignore', 'pipe'] });
  let errText = '';
  strace.stderr?.on('data', (d) => (errText += d));
  await new Promise((r) => setTimeout(r, 1000)); // attached to every thread
  await load(url, { amount: STRACE_REQUESTS });
  const done = new Promise((r) => strace.once('exit', r));
  strace.kill('SIGINT');
  await done;
  if (!existsSync(out)) throw new Error(`strace wrote no summary: ${errText.slice(-500)}`);
  const byCall: Record<string, number> = {};
  for (const line of readFileSync(out, 'utf8').split('\n')) {
    // % time  seconds  usecs/call  calls  [errors]  syscall
    const m = /^\s*[\d.]+\s+[\d.]+\s+\d+\s+(\d+)\s+(?:\d+\s+)?([a-z_0-9]+)\s*$/.exec(line);
    if (m && m[2] !== 'total') byCall[m[2]] = round(Number(m[1]) / STRACE_REQUESTS, 2);
  }
  rmSync(out, { force: true });
  const total = round(
    Object.values(byCall).reduce((a, b) => a + b, 0),
    2,
  );
  const writes = round(
    ['write', 'writev', 'sendto', 'sendmsg', 'pwrite64'].reduce((a, k) => a + (byCall[k] ?? 0), 0),
    2,
  );
  return { total, writes, byCall };
}

interface Measured {
  reqPerSec: number;
  p99Ms: number;
  cpuUsPerReq: number;
  /** The same less the process's idle CPU over the run's seconds; its idle CPU in % of a core. */
  cpuUsPerReqLessIdle: number;
  idleCpuPct: number;
  errors: number;
  syscalls?: { total: number; writes: number; byCall: Record<string, number> };
}

async function measure(name: string, pid: number, url: string, strace: boolean): Promise<Measured> {
  // What the process burns with no request (pollers, timers; the agents in the one-process system),
  // so that a run the machine's load slowed down does not charge that to each request (ADR 178).
  const idleStart = cpuUs(pid);
  const idleFrom = process.hrtime.bigint();
  await new Promise((r) => setTimeout(r, IDLE_S * 1000));
  const idleUsPerS = (cpuUs(pid) - idleStart) / (Number(process.hrtime.bigint() - idleFrom) / 1e9);
  log(`${name}: warm-up, then ${CONNECTIONS} connections for ${DURATION_S} s …`);
  await load(url, { duration: 2 });
  const before = cpuUs(pid);
  const from = process.hrtime.bigint();
  const r = await load(url, { duration: DURATION_S });
  const cpu = cpuUs(pid) - before;
  const seconds = Number(process.hrtime.bigint() - from) / 1e9;
  const requests = Math.max(1, r.requests.total);
  const measured: Measured = {
    reqPerSec: Math.round(r.requests.average),
    p99Ms: r.latency.p99,
    cpuUsPerReq: Math.round(cpu / requests),
    cpuUsPerReqLessIdle: Math.round(Math.max(0, cpu - idleUsPerS * seconds) / requests),
    idleCpuPct: Math.round((idleUsPerS / 1e4) * 10) / 10,
    errors: r.errors + r.timeouts + r.non2xx,
  };
  if (strace) {
    log(`${name}: strace -c -f over ${STRACE_REQUESTS} requests …`);
    measured.syscalls = await syscallsPerRequest(pid, url);
  }
  log(`${name}: ${JSON.stringify(measured)}`);
  return measured;
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
}

/** A minimal server (raw, express or fastify) in a child process of its own. */
async function small(kind: string, strace: boolean): Promise<Measured> {
  const child = spawn(process.execPath, ['-r', '@swc-node/register', path.join(__dirname, 'http-stack-server.ts'), kind], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: 'production' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    const port = await new Promise<number>((resolve, reject) => {
      child.stdout?.once('data', (d: Buffer) => resolve(Number(String(d).trim())));
      child.once('exit', (code) => reject(new Error(`the ${kind} server exited (${code})`)));
    });
    return await measure(kind, child.pid!, `http://127.0.0.1:${port}/health/live`, strace);
  } finally {
    await stop(child);
  }
}

async function adminQuery(sql: string): Promise<void> {
  const c = new Client({ connectionString: PG_ADMIN });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

/** The gateway's GET /health/live in the one-process system (`npm start` on the local services). */
async function gateway(strace: boolean): Promise<Measured> {
  const id = `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  const db = `mt_bench_stack_${id}`;
  const vhost = `mt-bench-stack-${id}`;
  // Below the ephemeral range, and free now: start:all puts its agents on the next five ports.
  const port = await freePortRun(6);
  const base = `http://127.0.0.1:${port}`;
  let child: ChildProcess | undefined;
  let output = '';
  try {
    await adminQuery(`create database "${db}"`);
    execFileSync('rabbitmqctl', ['add_vhost', vhost], { stdio: 'pipe' });
    execFileSync('rabbitmqctl', ['set_permissions', '-p', vhost, 'guest', '.*', '.*', '.*'], { stdio: 'pipe' });
    const dbUrl = new URL(PG_ADMIN);
    dbUrl.pathname = `/${db}`;
    const nodeArgs = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
    child = spawn(process.execPath, ['--max-semi-space-size=32', ...nodeArgs, '-r', '@swc-node/register', 'tools/run/start.ts'], {
      cwd: ROOT,
      env: {
        ...benchSystemEnv({ port, databaseUrl: dbUrl.toString(), vhost, id }),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', (d) => (output += d));
    child.stderr?.on('data', (d) => (output += d));
    log(`gateway: starting the one-process system on ${base} …`);
    await waitReady(base, Number(process.env.BENCH_READY_TIMEOUT_MS ?? 120_000), () => output);
    return await measure('gateway', child.pid!, `${base}/health/live`, strace);
  } finally {
    if (child) await stop(child);
    await adminQuery(`drop database if exists "${db}" with (force)`).catch(() => undefined);
    try {
      execFileSync('rabbitmqctl', ['delete_vhost', vhost], { stdio: 'pipe' });
    } catch {
      // already gone
    }
  }
}

async function main() {
  const strace = hasStrace();
  const results: Record<string, Measured> = {};
  for (const name of SERVERS) results[name] = name === 'gateway' ? await gateway(strace) : await small(name, strace);
  const raw = results.raw?.reqPerSec;
  const summary: Record<string, unknown> = {};
  for (const [name, m] of Object.entries(results)) {
    summary[`${name}ReqPerSec`] = m.reqPerSec;
    summary[`${name}P99Ms`] = m.p99Ms;
    if (raw && name !== 'raw') summary[`${name}ToRawPct`] = round((m.reqPerSec / raw) * 100);
    summary[`${name}CpuUsPerReq`] = m.cpuUsPerReq;
    summary[`${name}CpuUsPerReqLessIdle`] = m.cpuUsPerReqLessIdle;
    summary[`${name}IdleCpuPct`] = m.idleCpuPct;
    if (m.syscalls) {
      summary[`${name}SyscallsPerReq`] = m.syscalls.total;
      summary[`${name}WritesPerReq`] = m.syscalls.writes;
      summary[`${name}TopSyscalls`] = Object.fromEntries(
        Object.entries(m.syscalls.byCall)
          .sort((a, b) => b[1] - a[1])
          .slice(0, 8),
      );
    }
  }
  summary.errors = Object.values(results).reduce((a, m) => a + m.errors, 0);
  summary.connections = CONNECTIONS;
  summary.durationS = DURATION_S;
  summary.node = process.version;
  process.stdout.write(`${JSON.stringify(summary)}\n`);
}

main().catch((err) => {
  process.stderr.write(`bench:http-stack failed: ${(err as Error).message}\n`);
  process.exit(1);
});
