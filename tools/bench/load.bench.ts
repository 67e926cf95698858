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
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { Client } from 'pg';
import { benchSystemEnv, waitReady } from './bench-system';

const RATES = (process.env.BENCH_RATES ?? '10,20,40,80,120,160').split(',').map(Number);
const STEP_S = Number(process.env.BENCH_STEP_S ?? 10);
const PG_ADMIN = process.env.TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const ROOT = path.resolve(__dirname, '../..');
const TIMEOUT_MS = 10_000;

const log = (msg: string) => process.stderr.write(`${msg}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

type Route = 'read' | 'write' | 'ai';
interface Req {
  route: Route;
  method: string;
  path: string;
  body?: () => unknown;
}
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

const pct = (sorted: number[], p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] : 0);
const round = (n: number) => Math.round(n * 10) / 10;

/** Sends `mix` in turn at `rate` per second for STEP_S seconds; latency counted from each request's due time. */
async function step(base: string, headers: Record<string, string>, mix: Req[], rate: number): Promise<Step> {
  const due = Math.round(rate * STEP_S);
  const lat: Record<Route, number[]> = { read: [], write: [], ai: [] };
  const err: Record<Route, number> = { read: 0, write: 0, ai: 0 };
  const kinds: Record<string, number> = {};
  const kind = (k: string) => (kinds[k] = (kinds[k] ?? 0) + 1);
  const start = performance.now();
  const inflight: Promise<void>[] = [];
  let sent = 0;
  for (let i = 0; i < due; i++) {
    const at = start + (i * 1000) / rate;
    const wait = at - performance.now();
    if (wait > 1) await sleep(wait);
    const r = mix[i % mix.length];
    sent++;
    inflight.push(
      (async () => {
        try {
          const res = await fetch(`${base}${r.path}`, {
            method: r.method,
            headers: { ...headers, ...(r.body ? { 'content-type': 'application/json' } : {}) },
            body: r.body ? JSON.stringify(r.body()) : undefined,
            signal: AbortSignal.timeout(TIMEOUT_MS),
          });
          const text = await res.text();
          if (res.status >= 400) {
            err[r.route]++;
            const code = /"code"\s*:\s*"([A-Z_]+)"/.exec(text)?.[1];
            kind(`${r.route} ${res.status}${code ? ` ${code}` : ''}`);
          }
        } catch (e) {
          err[r.route]++;
          kind(`${r.route} ${(e as Error).name === 'TimeoutError' ? 'timeout' : 'network'}`);
        }
        lat[r.route].push(performance.now() - at);
      })(),
    );
  }
  await Promise.all(inflight);
  const all = [...lat.read, ...lat.write, ...lat.ai].sort((a, b) => a - b);
  const errors = err.read + err.write + err.ai;
  const routes: Step['routes'] = {};
  for (const k of ['read', 'write', 'ai'] as Route[]) {
    const s = lat[k].sort((a, b) => a - b);
    if (s.length) routes[k] = { n: s.length, p50Ms: round(pct(s, 50)), p95Ms: round(pct(s, 95)), p99Ms: round(pct(s, 99)), errors: err[k] };
  }
  return { rate, sent, due, errors, p99Ms: round(pct(all, 99)), errorRatePct: round((errors / Math.max(1, sent)) * 1000) / 10, errorKinds: kinds, routes };
}

const sustained = (steps: Step[]) => steps.filter((s) => s.p99Ms <= 500 && s.errorRatePct < 0.1 && s.sent >= 0.95 * s.due).at(-1) ?? null;

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
  const id = `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  const db = `mt_bench_load_${id}`;
  const vhost = `mt-bench-load-${id}`;
  const port = 45000 + Math.floor(Math.random() * 2000);
  const base = `http://127.0.0.1:${port}`;
  let child: ChildProcess | undefined;
  let output = '';
  try {
    await adminQuery(`create database "${db}"`);
    execFileSync('rabbitmqctl', ['add_vhost', vhost], { stdio: 'pipe' });
    execFileSync('rabbitmqctl', ['set_permissions', '-p', vhost, 'guest', '.*', '.*', '.*'], { stdio: 'pipe' });
    const dbUrl = new URL(PG_ADMIN);
    dbUrl.pathname = `/${db}`;
    child = spawn(process.execPath, ['--max-semi-space-size=32', '-r', '@swc-node/register', 'tools/run/start.ts'], {
      cwd: ROOT,
      env: {
        ...benchSystemEnv({ port, databaseUrl: dbUrl.toString(), vhost, id }),
        // One user sends everything: every budget is still counted in Redis, never refusing.
        RATE_LIMIT_USER_PER_MIN: '1000000000',
        RATE_LIMIT_READ_PER_MIN: '1000000000',
        RATE_LIMIT_WRITE_PER_MIN: '1000000000',
        RATE_LIMIT_AI_PER_MIN: '1000000000',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', (d) => (output += d));
    child.stderr?.on('data', (d) => (output += d));
    log(`starting the system on ${base} …`);
    await waitReady(base, 180_000, () => output);
    const session = await json(`${base}/api/v1/auth/register`, 'POST', {
      email: `load-${id}@example.com`,
      password: 'correct horse battery staple 9',
      name: 'Load',
    });
    const token: string = session.accessToken;
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
    // 7 reads, 2 writes, 1 AI job per ten arrivals, interleaved.
    const mix: Req[] = [b, j, write, l, b, ai, j, b, write, l];
    const headers = { authorization: `Bearer ${token}` };
    log('warming up …');
    await step(base, headers, mix, RATES[0]);
    const steps: Step[] = [];
    for (const rate of RATES) {
      log(`system at ${rate} req/s for ${STEP_S} s …`);
      const s = await step(base, headers, mix, rate);
      log(JSON.stringify(s));
      steps.push(s);
      if (s.p99Ms > 5_000) break; // far past the knee: the next steps measure only the queue
    }
    return steps;
  } finally {
    if (child && child.exitCode === null) {
      const exited = new Promise((r) => child?.once('exit', r));
      child.kill('SIGTERM');
      await Promise.race([exited, sleep(10_000)]);
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
