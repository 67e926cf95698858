/**
 * npm run bench:load — issue 21, item 6: open-model load of a realistic mix on the one-process system.
 * Requests are sent at a fixed arrival rate (a schedule, not closed-loop): each request's latency is
 * measured from the moment it was due, so a slow answer cannot slow the arrivals down and hide itself
 * (no coordinated omission). The mix, per ten arrivals: 7 reads (GET a brand, the job list, the brand
 * list), 2 writes (POST /brands), 1 AI job (POST /content/generate on the built-in engine).
 * It steps through BENCH_RATES (req/s, default 10,20,40,80,120,160), BENCH_STEP_S seconds each
 * (default 10), and reports per step and route class p50/p95/p99 and the error rate.
 *   sustainedRps: the highest step with p99 ≤ 500 ms, errors < 0.1 % and ≥ 95 % of its arrivals sent;
 *   kneeRps: the first step whose p99 passes 1 s (null when none does).
 * Same-run baseline: the same generator at the same steps against a plain node:http server in a
 * process of its own (`baselineSustainedRps`, `baselineP99Ms` at the top step) — the machine's
 * ceiling for this generator, since absolute figures move with whatever else the machine runs.
 * Last line: one JSON object {sustainedRps, p99Ms, errorRatePct, kneeRps, …}.
 */
import { spawn } from 'node:child_process';
import { type Answer, figuresOf, log, type Req, realisticMix, sendOpenLoad, startLoadSystem } from './load-mix';

const RATES = (process.env.BENCH_RATES ?? '10,20,40,80,120,160').split(',').map(Number);
const STEP_S = Number(process.env.BENCH_STEP_S ?? 10);

interface Step {
  rate: number;
  sent: number;
  due: number;
  errors: number;
  p99Ms: number;
  errorRatePct: number;
  /** What the errors were: an HTTP status with the problem's code (`429 RATE_LIMITED`), or `timeout` / `network`. */
  errorKinds: Record<string, number>;
  routes: Record<string, { n: number; p50Ms: number; p95Ms: number; p99Ms: number; errors: number }>;
}

/** Sends `mix` in turn at `rate` per second for STEP_S seconds; latency counted from each request's due time. */
async function step(base: string, headers: Record<string, string>, mix: Req[], rate: number): Promise<Step> {
  const answers: Answer[] = [];
  const { due, sent } = await sendOpenLoad(base, headers, mix, rate, STEP_S, (a) => answers.push(a));
  const f = figuresOf(answers);
  return { rate, sent, due, errors: f.errors, p99Ms: f.p99Ms, errorRatePct: f.errorRatePct, errorKinds: f.errorKinds, routes: f.routes };
}

const sustained = (steps: Step[]) => steps.filter((s) => s.p99Ms <= 500 && s.errorRatePct < 0.1 && s.sent >= 0.95 * s.due).at(-1) ?? null;

/** The same generator against a plain node:http server in a process of its own. */
async function baseline(): Promise<Step[]> {
  const source = `
    const http = require('node:http');
    const body = JSON.stringify({ status: 'ok' });
    http.createServer((req, res) => { req.resume(); req.on('end', () => { res.writeHead(200, { 'content-type': 'application/json' }); res.end(body); }); })
      .listen(0, '127.0.0.1', function () { process.stdout.write(this.address().port + '\\n'); });
  `;
  const child = spawn(process.execPath, ['-e', source], { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    const port = await new Promise<number>((resolve, reject) => {
      child.stdout?.once('data', (d: Buffer) => resolve(Number(String(d).trim())));
      child.once('exit', (code) => reject(new Error(`the plain node:http server exited (${code})`)));
    });
    const mix: Req[] = [{ route: 'read', method: 'GET', path: '/' }];
    const steps: Step[] = [];
    for (const rate of RATES) {
      log(`baseline (plain node:http) at ${rate} req/s …`);
      steps.push(await step(`http://127.0.0.1:${port}`, {}, mix, rate));
    }
    return steps;
  } finally {
    child.kill('SIGKILL');
  }
}

async function system(): Promise<Step[]> {
  const sys = await startLoadSystem({ label: 'load', script: 'tools/run/start.ts' });
  try {
    const { mix, headers } = await realisticMix(sys.base, sys.id);
    log('warming up …');
    await step(sys.base, headers, mix, RATES[0]);
    const steps: Step[] = [];
    for (const rate of RATES) {
      log(`system at ${rate} req/s for ${STEP_S} s …`);
      const s = await step(sys.base, headers, mix, rate);
      log(JSON.stringify(s));
      steps.push(s);
      if (s.p99Ms > 5_000) break; // far past the knee: the next steps measure only the queue
    }
    return steps;
  } finally {
    await sys.stop();
  }
}

async function main() {
  const base = await baseline();
  const steps = await system();
  const best = sustained(steps);
  const knee = steps.find((s) => s.p99Ms > 1000)?.rate ?? null;
  const top = base.at(-1)!;
  const at = best ?? steps[0];
  console.log(
    JSON.stringify({
      sustainedRps: best?.rate ?? 0,
      p99Ms: at.p99Ms,
      errorRatePct: at.errorRatePct,
      kneeRps: knee,
      routesAtSustained: at.routes,
      steps: steps.map((s) => ({ rate: s.rate, p99Ms: s.p99Ms, errorRatePct: s.errorRatePct, sent: s.sent })),
      baselineSustainedRps: sustained(base)?.rate ?? 0,
      baselineP99MsAtTopRate: top.p99Ms,
      stepSeconds: STEP_S,
    }),
  );
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
