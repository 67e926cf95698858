/**
 * npm run bench:flow — the marketing flow through the whole mesh, on the local engine, against the
 * local services (PostgreSQL, RabbitMQ, Redis): one user, one brand, BENCH_CAMPAIGNS campaigns
 * (default 20) of one week on LinkedIn and X at 3 posts per week each (6 entries), planned
 * concurrently; creation-agent writes every entry's content with 2 scored variants on
 * `campaign.planned`, unasked. Measured from the database's own timestamps:
 *   - campaignPlannedToAllContentMs: per campaign, from the commit of its plan to the commit of its
 *     last content (p95 over campaigns; p50 and max also printed);
 *   - postsPerSec: contents written / (last content − first plan request);
 *   - p95JobMs: plan jobs from accepted to succeeded.
 * The flow runs BENCH_ROUNDS times (default 2) on the same system, each round with campaigns of its
 * own; the figures are the last round's, and `rounds` lists every round's (the first is the
 * processes' first plans and posts, ADR 229).
 * BENCH_TOPOLOGY=processes runs the same flow on `npm run start:all` (the gateway and each agent in
 * a process of its own, as the Helm chart deploys them) instead of the one-process `npm start`.
 * Prints one JSON line last: {"campaignPlannedToAllContentMs","postsPerSec","p95JobMs",…,"topology"}
 */
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import { loadRuntimeConfig, Runtime } from '@mt/runtime';
import { startPlatform } from '../run/platform';
import { npmScriptLaunch } from '../run/npm-script';
import { freePortRun } from '../run/free-port';
import { benchSystemEnv, cpuUs, kernelCost, servicePids, tree, waitReady } from './bench-system';

const CAMPAIGNS = Number(process.env.BENCH_CAMPAIGNS ?? 20);
const PG_ADMIN = process.env.TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const AMQP_BASE = process.env.TEST_AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672';
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const POSTS_PER_CAMPAIGN = 6;
/** Flows run one after the other on the same system (BENCH_ROUNDS); the figures are the last one's. */
const ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 2));
const TOPOLOGY: 'one' | 'processes' = process.env.BENCH_TOPOLOGY === 'processes' ? 'processes' : 'one';
const ROOT = path.resolve(__dirname, '../..');
/** High enough that the bench's one user is never refused: the limits are still counted. */
const LIMITS = { RATE_LIMIT_AI_PER_MIN: '100000', RATE_LIMIT_USER_PER_MIN: '100000', RATE_LIMIT_AUTH_PER_MIN: '100000' };

const log = (msg: string) => process.stderr.write(`${msg}\n`);
const round = (n: number, d = 1) => Math.round(n * 10 ** d) / 10 ** d;
const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] ?? 0;
};

async function pgQuery<T>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query(sql, params)).rows as T[];
  } finally {
    await c.end();
  }
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

/** Next Monday (UTC), far enough ahead that every entry is in the future. */
function nextWeek(): { startDate: string; endDate: string } {
  const d = new Date();
  d.setUTCDate(d.getUTCDate() + ((8 - d.getUTCDay()) % 7 || 7) + 7);
  const end = new Date(d);
  end.setUTCDate(d.getUTCDate() + 6);
  return { startDate: d.toISOString().slice(0, 10), endDate: end.toISOString().slice(0, 10) };
}

async function main(): Promise<void> {
  const id = randomBytes(4).toString('hex');
  const dbName = `mt_bench_flow_${id}`;
  const vhost = `mt-bench-flow-${id}`;
  await pgQuery(PG_ADMIN, `CREATE DATABASE ${dbName}`);
  execFileSync('rabbitmqctl', ['add_vhost', vhost], { stdio: 'ignore' });
  execFileSync('rabbitmqctl', ['set_permissions', '-p', vhost, 'guest', '.*', '.*', '.*'], { stdio: 'ignore' });
  const dbUrl = PG_ADMIN.replace(/\/[^/]*$/, `/${dbName}`);
  const system = TOPOLOGY === 'processes' ? await startProcesses(dbUrl, vhost, id) : await startOneProcess(dbUrl, vhost, id);
  const base = system.base;
  try {
    const user = await http(base, 'POST', '/api/v1/auth/register', {
      email: `bench-${id}@example.com`,
      password: 'correct horse battery staple 9',
      name: 'Bench',
    });
    const token = user.accessToken as string;
    const brand = await http(
      base,
      'POST',
      '/api/v1/brands',
      {
        name: 'Bench Roasters',
        industry: 'Coffee',
        description: 'Small-batch coffee roaster that ships fresh beans every week.',
        audience: 'Home baristas and small cafés',
        tone: 'warm, expert, playful',
        pillars: ['Brewing tips', 'Origins', 'Behind the roast'],
        bannedWords: ['cheap'],
        timezone: 'Europe/Berlin',
      },
      token,
    );
    const dates = nextWeek();
    const newCampaign = async (name: string): Promise<string> =>
      (
        await http(
          base,
          'POST',
          '/api/v1/campaigns',
          { brandId: brand.id, name, goal: 'Grow subscriptions', ...dates, platforms: ['linkedin', 'x'], postsPerWeek: 3 },
          token,
        )
      ).id;
    async function flowRound(roundNo: number) {
      const campaigns: string[] = [];
      for (let i = 0; i < CAMPAIGNS; i++) campaigns.push(await newCampaign(`Bench ${roundNo}.${i}`));
      log(`round ${roundNo}: planning ${CAMPAIGNS} campaigns concurrently`);
      // CPU of each group of processes over the flow: this process (the system, and the bench's own
      // polling), RabbitMQ, PostgreSQL and Redis; their sum against two cores' wall time says whether
      // the machine was the limit.
      const services = servicePids();
      const servicesBefore = new Map([...services.values()].flat().map((pid) => [pid, cpuUs(pid)]));
      const systemBefore = system.cpuUs();
      // The kernel's share: the system's and PostgreSQL's system CPU and context switches.
      const kernelOf = (pids: number[]) =>
        pids.map(kernelCost).reduce((a, b) => ({ systemUs: a.systemUs + b.systemUs, switches: a.switches + b.switches }), { systemUs: 0, switches: 0 });
      const postgresPids = services.get('postgres') ?? [];
      const kernelBefore = { system: kernelOf(system.pids()), postgres: kernelOf(postgresPids) };
      const appsBefore = system.cpuUsByApp?.() ?? {};
      const selfBefore = process.cpuUsage();
      const started = Date.now();
      // The flow's window on the monotonic clock V8's CPU profiles use (node --cpu-prof), as bench:gateway prints its load's.
      const startedUs = process.hrtime.bigint() / 1000n;
      const jobs = await Promise.all(campaigns.map((c) => http(base, 'POST', `/api/v1/campaigns/${c}/plan`, undefined, token)));
      const expected = CAMPAIGNS * POSTS_PER_CAMPAIGN;
      const deadline = Date.now() + 180_000;
      let written = 0;
      for (;;) {
        const [row] = await pgQuery<{ n: string }>(dbUrl, `SELECT count(*) AS n FROM creation.content WHERE campaign_id = ANY($1::uuid[])`, [campaigns]);
        written = Number(row.n);
        const failed = await pgQuery<{ id: string }>(dbUrl, `SELECT id FROM gateway.job WHERE id = ANY($1::uuid[]) AND status = 'failed'`, [
          jobs.map((j) => j.jobId),
        ]);
        if (failed.length) throw new Error(`${failed.length} plan jobs failed`);
        if (written >= expected) break;
        if (Date.now() > deadline) throw new Error(`only ${written} of ${expected} contents after 180 s`);
        await new Promise((r) => setTimeout(r, 50));
      }
      log(`flow window (monotonic µs): ${startedUs} – ${process.hrtime.bigint() / 1000n}`);
      const flowMs = Date.now() - started;
      const self = process.cpuUsage(selfBefore);
      // In one process the system is this process (its figure includes the bench's polling); in six
      // processes the bench's own polling is counted apart.
      const cpuMs: Record<string, number> =
        TOPOLOGY === 'one'
          ? { system: (self.user + self.system) / 1000, rabbitmq: 0, postgres: 0, redis: 0 }
          : { system: (system.cpuUs() - systemBefore) / 1000, bench: (self.user + self.system) / 1000, rabbitmq: 0, postgres: 0, redis: 0 };
      for (const [group, pids] of services) for (const pid of pids) cpuMs[group] += (cpuUs(pid) - (servicesBefore.get(pid) ?? 0)) / 1000;
      const cpuTotalMs = Object.values(cpuMs).reduce((a, b) => a + b, 0);
      const kernelAfter = { system: kernelOf(system.pids()), postgres: kernelOf(postgresPids) };
      const appsMs = Object.entries(system.cpuUsByApp?.() ?? {}).map(([app, us]) => [app, (us - (appsBefore[app] ?? 0)) / 1000] as const);
      // Plan jobs end when the gateway hears job.succeeded; wait for all of them.
      for (;;) {
        const [row] = await pgQuery<{ n: string }>(dbUrl, `SELECT count(*) AS n FROM gateway.job WHERE id = ANY($1::uuid[]) AND status = 'succeeded'`, [
          jobs.map((j) => j.jobId),
        ]);
        if (Number(row.n) === jobs.length) break;
        if (Date.now() > deadline) throw new Error('plan jobs did not all succeed');
        await new Promise((r) => setTimeout(r, 50));
      }

      const perCampaign = await pgQuery<{ planned_at: Date; last_content: Date; contents: string }>(
        dbUrl,
        `SELECT c.updated_at AS planned_at, max(ct.created_at) AS last_content, count(ct.id) AS contents
       FROM strategy.campaign c JOIN creation.content ct ON ct.campaign_id = c.id
      WHERE c.id = ANY($1::uuid[]) GROUP BY c.id, c.updated_at`,
        [campaigns],
      );
      const plannedToContent = perCampaign.map((r) => new Date(r.last_content).getTime() - new Date(r.planned_at).getTime());
      const [{ last }] = await pgQuery<{ last: Date }>(dbUrl, `SELECT max(created_at) AS last FROM creation.content WHERE campaign_id = ANY($1::uuid[])`, [
        campaigns,
      ]);
      const jobTimes = await pgQuery<{ ms: number }>(
        dbUrl,
        `SELECT extract(epoch FROM (updated_at - created_at)) * 1000 AS ms FROM gateway.job WHERE id = ANY($1::uuid[])`,
        [jobs.map((j) => j.jobId)],
      );
      const [{ variants }] = await pgQuery<{ variants: string }>(
        dbUrl,
        `SELECT coalesce(sum(jsonb_array_length(variants)), 0) AS variants FROM creation.content WHERE campaign_id = ANY($1::uuid[])`,
        [campaigns],
      );
      const seconds = (new Date(last).getTime() - started) / 1000;
      return {
        campaignPlannedToAllContentMs: round(percentile(plannedToContent, 95)),
        postsPerSec: round(written / seconds),
        p95JobMs: round(
          percentile(
            jobTimes.map((j) => Number(j.ms)),
            95,
          ),
        ),
        plannedToAllContentP50Ms: round(percentile(plannedToContent, 50)),
        plannedToAllContentMaxMs: round(Math.max(...plannedToContent)),
        campaigns: CAMPAIGNS,
        posts: written,
        variants: Number(variants),
        wallSeconds: round(seconds, 2),
        // CPU ms per post by group, from the plan requests to the last content; and the share of two cores busy.
        cpuMsPerPost: Object.fromEntries(Object.entries({ ...cpuMs, total: cpuTotalMs }).map(([g, ms]) => [g, round(ms / written, 2)])),
        machineBusyPct: round((cpuTotalMs / (2 * flowMs)) * 100),
        // Per post: context switches, and the kernel's part of the CPU (system time), of the system and of PostgreSQL.
        kernelPerPost: Object.fromEntries(
          (['system', 'postgres'] as const).map((g) => [
            g,
            {
              switches: round((kernelAfter[g].switches - kernelBefore[g].switches) / written),
              kernelCpuMs: round((kernelAfter[g].systemUs - kernelBefore[g].systemUs) / 1000 / written, 2),
            },
          ]),
        ),
        // Six processes: the system's CPU a post by app.
        ...(appsMs.length ? { cpuMsPerPostByApp: Object.fromEntries(appsMs.map(([app, ms]) => [app, round(ms / written, 2)])) } : {}),
      };
    }
    type Round = Awaited<ReturnType<typeof flowRound>>;
    const rounds: Round[] = [];
    for (let r = 1; r <= ROUNDS; r++) rounds.push(await flowRound(r));
    // The figures are the last round's: the system as it runs once each process has planned and
    // written a round's campaigns (ADR 229). Every round's own figures are printed too; the first is
    // a process's first plans and posts.
    const final = rounds[rounds.length - 1];
    const result = {
      ...final,
      topology: TOPOLOGY,
      rounds: rounds.map((x) => ({
        postsPerSec: x.postsPerSec,
        campaignPlannedToAllContentMs: x.campaignPlannedToAllContentMs,
        systemCpuMsPerPost: x.cpuMsPerPost.system,
      })),
    };
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } finally {
    await system.stop();
    await pgQuery(PG_ADMIN, `DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`).catch(() => undefined);
    try {
      execFileSync('rabbitmqctl', ['delete_vhost', vhost], { stdio: 'ignore' });
    } catch {
      // left for the operator
    }
  }
}

/**
 * The profiling preloads' settings, passed on to the six processes: PROF_DIR=/tmp/p
 * NODE_OPTIONS="--require $PWD/tools/profile/preload.js" profiles each of them, and
 * PG_QUERIES_FILE=/tmp/q-%p.json with tools/profile/pg-queries.js records each one's statements.
 */
function profilerEnv(): Record<string, string> {
  const names = ['NODE_OPTIONS', 'PROF_DIR', 'PROF_CHUNK_S', 'PROF_INTERVAL_US', 'PG_QUERIES_FILE'];
  return Object.fromEntries(names.filter((n) => process.env[n] !== undefined).map((n) => [n, process.env[n]!]));
}

interface System {
  base: string;
  /** CPU the system under test has used so far (its process, or its process tree). */
  cpuUs(): number;
  /** Its processes: this one, or start:all's tree. */
  pids(): number[];
  /** The same by app, in six processes. */
  cpuUsByApp?(): Record<string, number>;
  stop(): Promise<void>;
}

/** The one-process system (`npm start`'s runtime and platform) inside this process. */
async function startOneProcess(dbUrl: string, vhost: string, id: string): Promise<System> {
  const config = loadRuntimeConfig({
    NODE_ENV: 'production',
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    JWT_SECRET: randomBytes(32).toString('base64'),
    CREDENTIALS_KEY: randomBytes(32).toString('base64'),
    DATABASE_URL: dbUrl,
    AMQP_URL: `${AMQP_BASE}/${encodeURIComponent(vhost)}`,
    REDIS_URL,
    REDIS_PREFIX: `mt-bench-flow-${id}:`,
    MESH_NAMESPACE: `bench${id}`,
    ...LIMITS,
  });
  const runtime = await Runtime.start(config, 'bench-flow');
  const platform = await startPlatform(runtime, { listen: true });
  const usage = () => {
    const u = process.cpuUsage();
    return u.user + u.system;
  };
  return {
    base: `http://127.0.0.1:${(platform.gateway.getHttpServer().address() as AddressInfo).port}`,
    cpuUs: usage,
    pids: () => [process.pid],
    stop: () => platform.stop(),
  };
}

/** `npm run start:all`: the gateway and the five agents, each a process of its own, on six consecutive free ports. */
async function startProcesses(dbUrl: string, vhost: string, id: string): Promise<System> {
  const port = await freePortRun(6);
  const launch = npmScriptLaunch('start:all', process.env);
  const heap = launch.nodeArgs.filter((arg) => arg.startsWith('--max-semi-space-size'));
  const child: ChildProcess = spawn(process.execPath, [...heap, '-r', '@swc-node/register', 'tools/run/start-all.ts'], {
    cwd: ROOT,
    env: { ...launch.env, ...benchSystemEnv({ port, databaseUrl: dbUrl, vhost, id, prefix: 'bench-flow' }), ...LIMITS, ...profilerEnv() },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d) => (output += d));
  child.stderr?.on('data', (d) => (output += d));
  const stop = async () => {
    if (child.exitCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
    if (child.exitCode === null) child.kill('SIGKILL');
  };
  const base = `http://127.0.0.1:${port}`;
  log(`starting the six processes on ${base} …`);
  try {
    await waitReady(base, Number(process.env.BENCH_READY_TIMEOUT_MS ?? 120_000), () => output);
  } catch (err) {
    await stop();
    throw err;
  }
  return {
    base,
    cpuUs: () => tree(child.pid!).reduce((sum, pid) => sum + cpuUs(pid), 0),
    pids: () => tree(child.pid!),
    cpuUsByApp: () => {
      const out: Record<string, number> = {};
      for (const pid of tree(child.pid!)) {
        const app = appOf(pid) ?? 'start-all';
        out[app] = (out[app] ?? 0) + cpuUs(pid);
      }
      return out;
    },
    stop,
  };
}

/** The app a process of start:all runs (`apps/<app>/src/main.*` on its command line), if any. */
function appOf(pid: number): string | undefined {
  try {
    return /apps\/([a-z-]+)\/src\/main\./.exec(readFileSync(`/proc/${pid}/cmdline`, 'utf8'))?.[1];
  } catch {
    return undefined;
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    log(String((err as Error)?.stack ?? err));
    process.exit(1);
  },
);
