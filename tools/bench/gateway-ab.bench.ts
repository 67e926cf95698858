/**
 * npm run bench:gateway-ab — the gateway's CPU per request in two checkouts, side by side.
 * Starts the one-process system (`tools/run/start.ts`, as the load benches start theirs:
 * startLoadSystem) of this checkout and of BENCH_AB_BASE (another
 * checkout of the repository, with its own node_modules or a link to these), each on its own
 * database, vhost and ports on the local services, both up at once; then loads one, then the
 * other, in turn: BENCH_AB_ROUNDS (default 10) rounds of BENCH_AB_ROUND_S (default 3) seconds,
 * the order swapped every round, after a BENCH_AB_WARM_S (default 6) s warm-up of each. A round's
 * figure is the system process's CPU time (user + system, /proc) over the round ÷ its requests.
 * Run in turn a minute apart, the same tree reads ±15 % on this machine; side by side, both arms
 * meet the same neighbours.
 * BENCH_ROUTE (default /health/live) picks the route (unauthenticated).
 * BENCH_AB_ENV (a JSON object of settings) goes to both systems, BENCH_AB_BASE_ENV to the base arm
 * only: with BENCH_AB_BASE=. the two arms are this tree with and without a setting.
 * Prints one JSON line: {"baseCpuUsPerReq", "cpuUsPerReq", "deltaPct", "baseRounds", "rounds", …}.
 */
import path from 'node:path';
import { cpuUs, median } from './bench-system';
import { log, type LoadSystem, startLoadSystem } from './load-mix';

interface LoadResult {
  requests: { total: number };
  errors: number;
  non2xx: number;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const autocannon = require('autocannon') as (
  opts: { url: string; connections: number; duration: number; pipelining: number },
  done: (err: Error | null, result: LoadResult) => void,
) => unknown;

const BASE = process.env.BENCH_AB_BASE;
const ROUNDS = Number(process.env.BENCH_AB_ROUNDS ?? 10);
const ROUND_S = Number(process.env.BENCH_AB_ROUND_S ?? 3);
const WARM_S = Number(process.env.BENCH_AB_WARM_S ?? 6);
const ROUTE = process.env.BENCH_ROUTE ?? '/health/live';
const BOTH_ENV = settings('BENCH_AB_ENV');
const BASE_ENV = settings('BENCH_AB_BASE_ENV');

/** A JSON object of settings from the environment variable `name` (none when unset). */
function settings(name: string): Record<string, string> {
  const raw = process.env[name];
  if (!raw) return {};
  const parsed: unknown = JSON.parse(raw);
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed) || Object.values(parsed).some((v) => typeof v !== 'string')) {
    throw new Error(`${name} must be a JSON object of string settings, e.g. {"CORS_ORIGINS":"https://app.example"}`);
  }
  return parsed as Record<string, string>;
}

function load(url: string, seconds: number): Promise<LoadResult> {
  return new Promise((resolve, reject) =>
    autocannon({ url, connections: 64, duration: seconds, pipelining: 1 }, (err, result) => (err ? reject(err) : resolve(result))),
  );
}

async function main() {
  if (!BASE) throw new Error('Set BENCH_AB_BASE to the other checkout (a directory with this repository and its node_modules)');
  const here = path.resolve(__dirname, '../..');
  const systems: LoadSystem[] = [];
  try {
    systems.push(await startLoadSystem({ label: 'ab', script: 'tools/run/start.ts', cwd: path.resolve(BASE), env: { ...BOTH_ENV, ...BASE_ENV } }));
    systems.push(await startLoadSystem({ label: 'ab', script: 'tools/run/start.ts', cwd: here, env: BOTH_ENV }));
    for (const s of systems) await load(s.base + ROUTE, WARM_S);
    const perRound: [number[], number[]] = [[], []];
    let errors = 0;
    for (let i = 0; i < ROUNDS; i++) {
      for (const k of i % 2 ? [1, 0] : [0, 1]) {
        const s = systems[k];
        const before = cpuUs(s.child.pid!);
        const r = await load(s.base + ROUTE, ROUND_S);
        errors += r.errors + r.non2xx;
        perRound[k].push(Math.round((cpuUs(s.child.pid!) - before) / r.requests.total));
      }
      log(`round ${i + 1}: base ${perRound[0][i]} µs, this tree ${perRound[1][i]} µs a request`);
    }
    const [b, t] = [median(perRound[0]), median(perRound[1])];
    console.log(
      JSON.stringify({
        baseCpuUsPerReq: b,
        cpuUsPerReq: t,
        deltaPct: Math.round((t / b - 1) * 1000) / 10,
        baseRounds: perRound[0],
        rounds: perRound[1],
        errors,
        route: ROUTE,
        roundS: ROUND_S,
        ...(Object.keys(BOTH_ENV).length ? { env: BOTH_ENV } : {}),
        ...(Object.keys(BASE_ENV).length ? { baseEnv: BASE_ENV } : {}),
      }),
    );
  } finally {
    for (const s of systems) await s.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
