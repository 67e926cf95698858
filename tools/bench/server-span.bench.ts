/**
 * What the gateway's SERVER span costs per request, two commits side by side (ADR 212):
 *   BENCH_BEFORE_DIR=/path/to/older/checkout node -r @swc-node/register tools/bench/server-span.bench.ts
 * Three servers (tools/bench/server-span-server.ts) run at once, each the gateway's request hooks on
 * Fastify with one route that reads a key from Redis: `off` (this checkout, no SDK), `after` (this
 * checkout, traced, always_on) and `before` (the older checkout, traced the same way; left out
 * without BENCH_BEFORE_DIR). The traced ones export to an OTLP receiver in this process that drops
 * every export. Each round loads every server in turn (BENCH_BLOCK_S seconds each, default 3, with
 * BENCH_CONNECTIONS, default 32; the order rotates) and reads each one's CPU time from
 * /proc/<pid>/stat: the figure is CPU µs per request, which other work on a shared machine disturbs
 * less than requests per second, and each round compares arms measured seconds apart.
 * BENCH_AB_ROUNDS rounds (default 9). BENCH_AB_NULL=1 runs this checkout traced twice (as `before`
 * and `after`): the method's own noise. BENCH_NODE_ARGS (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof")
 * are given to every server (compare two profiles with tools/bench/cpuprofile-diff.ts). Prints one
 * JSON line last.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { cpuUs, median, startOtlpDropReceiver } from './bench-system';

interface LoadResult {
  requests: { average: number; total: number };
  errors: number;
  timeouts: number;
  non2xx: number;
}
type Autocannon = (
  opts: { url: string; connections: number; duration: number; pipelining: number },
  done: (err: Error | null, result: LoadResult) => void,
) => unknown;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const autocannon = require('autocannon') as Autocannon;

const ROOT = path.resolve(__dirname, '../..');
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const BLOCK_S = Number(process.env.BENCH_BLOCK_S ?? 3);
const ROUNDS = Number(process.env.BENCH_AB_ROUNDS ?? 9);
const NULL_TEST = process.env.BENCH_AB_NULL === '1';
const BEFORE_DIR = NULL_TEST ? ROOT : process.env.BENCH_BEFORE_DIR ? path.resolve(process.env.BENCH_BEFORE_DIR) : undefined;
const log = (msg: string) => process.stderr.write(`${msg}\n`);
const round = (n: number, d = 1) => Math.round(n * 10 ** d) / 10 ** d;
function load(url: string, duration: number): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    autocannon({ url, connections: CONNECTIONS, duration, pipelining: 1 }, (err, result) => (err ? reject(err) : resolve(result)));
  });
}

interface Arm {
  name: 'off' | 'before' | 'after';
  child: ChildProcess;
  url: string;
  cpuUsPerReq: number[];
  reqPerSec: number[];
}

async function startArm(name: Arm['name'], root: string, otel: Record<string, string>): Promise<Arm> {
  const nodeArgs = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, '-r', '@swc-node/register', path.join(__dirname, 'server-span-server.ts'), root], {
    cwd: root,
    env: { PATH: process.env.PATH, NODE_ENV: 'production', ...(process.env.TEST_REDIS_URL ? { TEST_REDIS_URL: process.env.TEST_REDIS_URL } : {}), ...otel },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout?.once('data', (d: Buffer) => resolve(Number(String(d).trim())));
    child.once('exit', (code) => reject(new Error(`the ${name} server exited (${code})`)));
  });
  return { name, child, url: `http://127.0.0.1:${port}/api/v1/brands/1`, cpuUsPerReq: [], reqPerSec: [] };
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
  if (child.exitCode === null) child.kill('SIGKILL');
}

async function main(): Promise<void> {
  const receiver = await startOtlpDropReceiver();
  const otel = { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_TRACES_SAMPLER: process.env.BENCH_TRACES_SAMPLER ?? 'always_on' };
  const arms: Arm[] = [];
  const loadAvg = () => Number(readFileSync('/proc/loadavg', 'utf8').split(' ')[0]);
  const loadAtStart = loadAvg();
  try {
    arms.push(await startArm('off', ROOT, {}));
    arms.push(await startArm('after', ROOT, otel));
    if (BEFORE_DIR) arms.push(await startArm('before', BEFORE_DIR, otel));
    log(`servers: ${arms.map((a) => `${a.name} pid ${a.child.pid}`).join(', ')}; warming up …`);
    for (const a of arms) await load(a.url, 2);
    for (let r = 0; r < ROUNDS; r++) {
      const order = arms.map((_, i) => arms[(i + r) % arms.length]);
      for (const a of order) {
        const before = cpuUs(a.child.pid!);
        const result = await load(a.url, BLOCK_S);
        const used = cpuUs(a.child.pid!) - before;
        if (result.errors + result.timeouts + result.non2xx > 0) throw new Error(`${a.name}: ${result.errors} errors, ${result.non2xx} non-2xx`);
        a.cpuUsPerReq.push(used / Math.max(1, result.requests.total));
        a.reqPerSec.push(result.requests.average);
      }
      log(`round ${r + 1}: ${arms.map((a) => `${a.name} ${round(a.cpuUsPerReq[r])} µs/req, ${Math.round(a.reqPerSec[r])} req/s`).join('; ')}`);
    }
  } finally {
    await Promise.all(arms.map((a) => stop(a.child)));
  }
  const off = arms.find((a) => a.name === 'off')!;
  const summary: Record<string, unknown> = {
    tracesSampler: otel.OTEL_TRACES_SAMPLER,
    rounds: ROUNDS,
    blockS: BLOCK_S,
    connections: CONNECTIONS,
    nullTest: NULL_TEST,
  };
  for (const a of arms) {
    summary[`${a.name}CpuUsPerReq`] = round(median(a.cpuUsPerReq));
    summary[`${a.name}CpuUsPerReqMinMax`] = [round(Math.min(...a.cpuUsPerReq)), round(Math.max(...a.cpuUsPerReq))];
    summary[`${a.name}ReqPerSec`] = Math.round(median(a.reqPerSec));
    if (a === off) continue;
    // Each round's traced arm against the untraced one measured in the same round.
    const overhead = a.cpuUsPerReq.map((c, i) => (c / off.cpuUsPerReq[i] - 1) * 100);
    summary[`${a.name}CpuOverheadPct`] = round(median(overhead));
    summary[`${a.name}CpuOverheadPctMinMax`] = [round(Math.min(...overhead)), round(Math.max(...overhead))];
  }
  const before = arms.find((a) => a.name === 'before');
  const after = arms.find((a) => a.name === 'after')!;
  if (before) {
    // after against before, round by round: the CPU per request the change saves.
    const saved = after.cpuUsPerReq.map((c, i) => before.cpuUsPerReq[i] - c);
    summary.savedCpuUsPerReq = round(median(saved));
    summary.savedCpuUsPerReqMinMax = [round(Math.min(...saved)), round(Math.max(...saved))];
  }
  summary.otlpExports = receiver.exports();
  summary.loadAvg1 = [loadAtStart, loadAvg()];
  receiver.close();
  process.stdout.write(`${JSON.stringify(summary)}\n`);
}

main().catch((err) => {
  process.stderr.write(`server-span bench failed: ${(err as Error).stack}\n`);
  process.exit(1);
});
