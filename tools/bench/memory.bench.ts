/**
 * npm run bench:memory — what the system holds in memory, and what it burns doing nothing.
 *   1. `npm start`'s process (tools/run/start.ts, compiled as `npm start` runs it) with no settings — the embedded default: PGlite,
 *      in-process transport, in-memory store — in a fresh DATA_DIR: CPU over BENCH_IDLE_WINDOWS
 *      (default 4) consecutive windows of BENCH_IDLE_S (default 30) seconds of idleness once ready
 *      (from /proc, user + system; `idleCpuPct` is the median window, each window is printed, see
 *      docs/adr/231), RSS at the end of them, then RSS after one user plans BENCH_CAMPAIGNS
 *      (default 20) campaigns and every content is written.
 *   2. `npm run start:all` on the local PostgreSQL, RabbitMQ and Redis (each app its own process):
 *      the RSS of each once all are ready and settled.
 * Prints one JSON line last:
 * {"rssOneProcessMb","rssOneProcessAfterPlanMb","rssAgentMaxMb","rssGatewayMb","idleCpuPct", …}
 * BENCH_MEMORY_SKIP_PROCESSES=1 skips part 2 (no local services needed then).
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { median } from './bench-system';
import { npmScriptLaunch } from '../run/npm-script';
import { ensureServerBuild } from '../run/server-build';
import { freePortRun } from '../run/free-port';

const ROOT = path.resolve(__dirname, '../..');
const IDLE_S = Number(process.env.BENCH_IDLE_S ?? 30);
const IDLE_WINDOWS = Math.max(1, Number(process.env.BENCH_IDLE_WINDOWS ?? 4));
const CAMPAIGNS = Number(process.env.BENCH_CAMPAIGNS ?? 20);
const SETTLE_MS = Number(process.env.BENCH_SETTLE_MS ?? 5_000);
/** How long a start-up may take (a fresh embedded database migrates first; minutes on a loaded machine). */
const READY_MS = Number(process.env.BENCH_READY_S ?? 180) * 1000;
const PG_ADMIN = process.env.TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const AMQP_BASE = process.env.TEST_AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672';
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const CLK_TCK = 100; // USER_HZ on Linux
const PAGE_KB = 4;

const log = (msg: string) => process.stderr.write(`${msg}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const mb = (kb: number) => Math.round(kb / 1024);

/** Resident set of a process, in kB (VmRSS). */
function rssKb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) : Number(readFileSync(`/proc/${pid}/statm`, 'utf8').split(' ')[1]) * PAGE_KB;
}

/** CPU time (user + system) a process has used so far, in seconds. */
function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLK_TCK;
}

function childrenOf(pid: number): number[] {
  const out: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pid) out.push(Number(entry));
    } catch {
      // gone
    }
  }
  return out;
}

async function http(base: string, method: string, route: string, body?: unknown, token?: string): Promise<any> {
  const res = await fetch(`${base}${route}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  const out = text ? JSON.parse(text) : null;
  if (res.status >= 300) throw new Error(`${method} ${route} answered ${res.status}: ${text.slice(0, 500)}`);
  return out;
}

/** Ready, and every agent answering (the public readiness body says "ok", not "degraded"). */
async function waitAllReady(base: string, timeoutMs: number, output: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const res = await fetch(`${base}/health/ready`);
      if (res.status === 200 && ((await res.json()) as { status?: string }).status === 'ok') return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`not ready in ${timeoutMs} ms\n${output().slice(-3000)}`);
    await sleep(300);
  }
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await Promise.race([exited, sleep(20_000)]);
  if (child.exitCode === null) child.kill('SIGKILL');
}

function nextWeek(): { startDate: string; endDate: string } {
  const d = new Date();
  d.setUTCDate(d.getUTCDate() + ((8 - d.getUTCDay()) % 7 || 7) + 7);
  const end = new Date(d);
  end.setUTCDate(d.getUTCDate() + 6);
  return { startDate: d.toISOString().slice(0, 10), endDate: end.toISOString().slice(0, 10) };
}

/** One user, one brand, CAMPAIGNS campaigns planned at once; resolves when every plan job has succeeded and its content is written. */
async function planCampaigns(base: string): Promise<void> {
  const user = await http(base, 'POST', '/api/v1/auth/register', {
    email: `mem-${randomBytes(3).toString('hex')}@example.com`,
    password: 'correct horse battery staple 9',
    name: 'Mem',
  });
  const token = user.accessToken as string;
  const brand = await http(
    base,
    'POST',
    '/api/v1/brands',
    { name: 'Bench Roasters', industry: 'Coffee', pillars: ['Brewing tips', 'Origins'], tone: 'warm' },
    token,
  );
  const dates = nextWeek();
  const campaigns: string[] = [];
  for (let i = 0; i < CAMPAIGNS; i++) {
    const c = await http(
      base,
      'POST',
      '/api/v1/campaigns',
      { brandId: brand.id, name: `Bench ${i}`, goal: 'Grow subscriptions', ...dates, platforms: ['linkedin', 'x'], postsPerWeek: 3 },
      token,
    );
    campaigns.push(c.id);
  }
  const jobs: { jobId: string }[] = await Promise.all(campaigns.map((c) => http(base, 'POST', `/api/v1/campaigns/${c}/plan`, undefined, token)));
  const deadline = Date.now() + 300_000;
  for (const j of jobs) {
    for (;;) {
      const job = await http(base, 'GET', `/api/v1/jobs/${j.jobId}`, undefined, token);
      if (job.status === 'succeeded') break;
      if (job.status === 'failed' || Date.now() > deadline) throw new Error(`plan job ${j.jobId}: ${job.status}`);
      await sleep(250);
    }
  }
  // Content follows the plan (campaign.planned → creation-agent): wait for every campaign's entries to have it.
  const expected = CAMPAIGNS * 6;
  for (;;) {
    let written = 0;
    try {
      for (const c of campaigns) {
        const page = await http(base, 'GET', `/api/v1/content?brandId=${brand.id}&campaignId=${c}&limit=100`, undefined, token);
        written += page.items.length;
      }
    } catch (err) {
      // creation-agent busy writing the content may not answer a read within the RPC timeout: ask again.
      log(`  (${(err as Error).message.slice(0, 120)})`);
      written = -1;
    }
    if (written >= expected) return;
    if (Date.now() > deadline) throw new Error(`only ${written} of ${expected} contents`);
    await sleep(500);
  }
}

async function oneProcess(): Promise<{ rssMb: number; readyMb: number; afterPlanMb: number; idleCpuPct: number; idleWindows: number[] }> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'mt-bench-memory-'));
  // Below the ephemeral range, and free now: start:all puts its agents on the next five ports.
  const port = await freePortRun(6);
  const base = `http://127.0.0.1:${port}`;
  let output = '';
  const nodeArgs = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
  // As `npm start` runs it: the compiled build (ADR 192), 32 MB semi-spaces for the gateway (ADR 114),
  // the allocator's settings (ADR 214).
  const start = npmScriptLaunch('start', process.env);
  const child = spawn(process.execPath, [...nodeArgs, ...start.nodeArgs], {
    cwd: ROOT,
    env: {
      ...start.env,
      PATH: process.env.PATH,
      NODE_ENV: 'production',
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      // One user plans every campaign at once: the AI budget (10 a minute) must not refuse them.
      RATE_LIMIT_AI_PER_MIN: '100000',
      RATE_LIMIT_USER_PER_MIN: '100000',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (d) => (output += d));
  child.stderr?.on('data', (d) => (output += d));
  try {
    log(`one process (embedded): starting in ${dataDir} …`);
    await waitAllReady(base, READY_MS, () => output);
    await sleep(SETTLE_MS);
    const rss = rssKb(child.pid!);
    log(`  ready: ${mb(rss)} MB; idle for ${IDLE_WINDOWS} × ${IDLE_S} s …`);
    // Consecutive windows: V8's memory reducer collects the start-up's garbage once, some time after
    // the allocations stop (about 100 ms of CPU, tens of MB given back), and that lands in one window
    // or another from run to run. The median window is what the process burns while idle (ADR 231).
    const idleWindows: number[] = [];
    for (let w = 0; w < IDLE_WINDOWS; w++) {
      const cpu0 = cpuSeconds(child.pid!);
      await sleep(IDLE_S * 1000);
      idleWindows.push(Math.round(((cpuSeconds(child.pid!) - cpu0) / IDLE_S) * 1000) / 10);
    }
    const idleCpuPct = Math.round(median(idleWindows) * 10) / 10;
    // RSS right after start-up swings by hundreds of MB with when V8 last collected the start-up's
    // garbage (compiling, migrations); after the idle period its memory reducer has run: steadier.
    const settled = rssKb(child.pid!);
    log(
      `  idle CPU: ${idleCpuPct} % of a core (windows ${JSON.stringify(idleWindows)}); RSS after the idle period: ${mb(settled)} MB; planning ${CAMPAIGNS} campaigns …`,
    );
    await planCampaigns(base);
    await sleep(SETTLE_MS);
    const after = rssKb(child.pid!);
    log(`  after the plan: ${mb(after)} MB`);
    return { rssMb: mb(settled), readyMb: mb(rss), afterPlanMb: mb(after), idleCpuPct, idleWindows };
  } finally {
    await stop(child);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function sixProcesses(): Promise<{ gatewayMb: number; agents: Record<string, number> }> {
  const id = `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  const db = `mt_bench_memory_${id}`;
  const vhost = `mt-bench-memory-${id}`;
  // Below the ephemeral range, and free now: start:all puts its agents on the next five ports.
  const port = await freePortRun(6);
  const base = `http://127.0.0.1:${port}`;
  const admin = new Client({ connectionString: PG_ADMIN });
  await admin.connect();
  await admin.query(`create database "${db}"`);
  execFileSync('rabbitmqctl', ['add_vhost', vhost], { stdio: 'pipe' });
  execFileSync('rabbitmqctl', ['set_permissions', '-p', vhost, 'guest', '.*', '.*', '.*'], { stdio: 'pipe' });
  const dbUrl = new URL(PG_ADMIN);
  dbUrl.pathname = `/${db}`;
  let output = '';
  const startAll = npmScriptLaunch('start:all', process.env);
  const child = spawn(process.execPath, startAll.nodeArgs, {
    cwd: ROOT,
    env: {
      ...startAll.env,
      PATH: process.env.PATH,
      NODE_ENV: 'production',
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: dbUrl.toString(),
      AMQP_URL: `${AMQP_BASE}/${encodeURIComponent(vhost)}`,
      REDIS_URL,
      REDIS_PREFIX: `mt-bench-memory:${id}:`,
      MESH_NAMESPACE: `benchmem-${id}`,
      JWT_SECRET: randomBytes(32).toString('base64url'),
      CREDENTIALS_KEY: randomBytes(32).toString('base64'),
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (d) => (output += d));
  child.stderr?.on('data', (d) => (output += d));
  try {
    log('six processes (start:all on the local services): starting …');
    await waitAllReady(base, Math.max(READY_MS, 240_000), () => output);
    await sleep(SETTLE_MS);
    const agents: Record<string, number> = {};
    let gatewayMb = 0;
    for (const pid of childrenOf(child.pid!)) {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
      const app = /apps\/([\w-]+)\/src\/main/.exec(cmd)?.[1];
      if (!app) continue;
      if (app === 'gateway') gatewayMb = mb(rssKb(pid));
      else agents[app] = mb(rssKb(pid));
    }
    log(`  gateway ${gatewayMb} MB; agents ${JSON.stringify(agents)}`);
    return { gatewayMb, agents };
  } finally {
    await stop(child);
    await admin.query(`drop database if exists "${db}" with (force)`).catch(() => undefined);
    await admin.end();
    try {
      execFileSync('rabbitmqctl', ['delete_vhost', vhost], { stdio: 'pipe' });
    } catch {
      // already gone
    }
  }
}

async function main(): Promise<void> {
  // Both parts run what the npm scripts run: the compiled build, built first when it is not current.
  if (!ensureServerBuild(log)) throw new Error('the server build (npm run build) failed');
  const one = await oneProcess();
  const six = process.env.BENCH_MEMORY_SKIP_PROCESSES === '1' ? undefined : await sixProcesses();
  const summary = {
    rssOneProcessMb: one.rssMb,
    rssOneProcessAfterPlanMb: one.afterPlanMb,
    rssAgentMaxMb: six ? Math.max(...Object.values(six.agents)) : null,
    rssGatewayMb: six?.gatewayMb ?? null,
    idleCpuPct: one.idleCpuPct,
    // Each window in order; the first is what this figure was before ADR 231.
    idleCpuPctWindows: one.idleWindows,
    rssOneProcessAtReadyMb: one.readyMb,
    rssAgentsMb: six?.agents ?? null,
    idleSeconds: IDLE_S,
    campaigns: CAMPAIGNS,
  };
  process.stdout.write(`${JSON.stringify(summary)}\n`);
}

main().catch((err) => {
  process.stderr.write(`bench:memory failed: ${(err as Error).message}\n`);
  process.exit(1);
});
