import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { MeshTopology } from '@mt/messages';
import { deleteNamespace, testAmqpUrl, testNamespace } from './amqp';
import { compiledBuildIsFresh } from './compiled-build';
import { embeddedDataDir } from './embedded';
import { createTestDatabase, type TestDatabase } from './pg';
import { TEST_JWT_SECRET, until } from './http';
import { freePortRun } from '../../tools/run/free-port';

/**
 * The platform as an operator runs it, in child processes: `npm start` (one process, embedded
 * PostgreSQL, in-process transport) or the six apps as six processes on PostgreSQL, RabbitMQ and
 * Redis. For what only a real process shows: OpenTelemetry instrumentations (which patch modules
 * as Node loads them, bypassed by Jest's loader), each app's own /metrics, its stdout.
 */
export const ROOT = path.resolve(__dirname, '../..');
export const APPS = ['auth-agent', 'brand-agent', 'strategy-agent', 'creation-agent', 'publishing-agent', 'gateway'] as const;

/** The operator's bearer token for /metrics (ADR 103). */
export const METRICS_TOKEN = 'process-test-metrics-token';

export interface RunningSystem {
  url: string;
  /** Every app's Prometheus endpoint. */
  metricsUrls: string[];
  children: Map<string, ChildProcess>;
  /** Everything the processes wrote (stdout and stderr), in arrival order. */
  output: () => string;
  stop(): Promise<void>;
}

/** Fresh compiled build: the apps start as the container image starts them (see compiled-build.ts). */
const COMPILED = compiledBuildIsFresh();

/** How `script` (a TypeScript entry point under the root) is started: its compiled build when fresh, else the sources through the hook. */
export function startArgs(script: string): string[] {
  const built = path.join('dist', script.replace(/\.ts$/, '.js'));
  return COMPILED && existsSync(path.join(ROOT, built)) ? ['-r', './dist/tools/run/dist-paths.js', built] : ['-r', '@swc-node/register', script];
}

export function spawnApp(script: string, env: Record<string, string | undefined>, sink: { text: string }): ChildProcess {
  const child = spawn(process.execPath, startArgs(script), {
    cwd: ROOT,
    env: { PATH: process.env.PATH, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (d) => (sink.text += d));
  child.stderr?.on('data', (d) => (sink.text += d));
  return child;
}

export async function stopAll(children: Iterable<ChildProcess>): Promise<void> {
  await Promise.all(
    [...children].map(async (c) => {
      if (c.exitCode !== null || c.signalCode !== null) return;
      const exited = new Promise((r) => c.once('exit', r));
      c.kill('SIGCONT');
      c.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000))]);
      if (c.exitCode === null) c.kill('SIGKILL');
    }),
  );
}

/**
 * A port that is free now, below the ephemeral range (see freePortRun). A port the OS picks for
 * `listen(0)` is an ephemeral one: any process's outgoing connection may take it before the app
 * binds it, and the OS may hand the same one to the next `listen(0)` once it is released — six
 * such picks in a row repeated a port in 4 of 2,000 tries here, and a loaded run once put an agent
 * on the gateway's port, so the test spoke to the agent.
 */
export async function freePort(): Promise<number> {
  return freePortRun(1);
}

/** `count` distinct ports free now, one per app: a run of consecutive ones, checked together. */
export async function freePorts(count: number): Promise<number[]> {
  const base = await freePortRun(count);
  return Array.from({ length: count }, (_, i) => base + i);
}

export { freePortRun };

export async function waitReady(url: string, timeoutMs: number, output: () => string): Promise<void> {
  try {
    await until(
      `${url} ready`,
      async () => {
        const r = await fetch(url).catch(() => null);
        return r?.status === 200 ? true : undefined;
      },
      timeoutMs,
    );
  } catch (err) {
    throw new Error(`${(err as Error).message}\n--- output ---\n${output().slice(-4000)}`);
  }
}

const common = (env: Record<string, string>) => ({
  HOST: '127.0.0.1',
  METRICS_TOKEN,
  JWT_SECRET: TEST_JWT_SECRET,
  LOG_LEVEL: 'debug',
  // Room for a registration (argon2 and the password estimator) on a loaded machine; the tests that
  // stop an agent to see a 503 wait this long for it.
  RPC_TIMEOUT_MS: '10000',
  RATE_LIMIT_AUTH_PER_MIN: '100000',
  RATE_LIMIT_AI_PER_MIN: '100000',
  RATE_LIMIT_USER_PER_MIN: '100000',
  ...env,
});

/** `npm start`: every app in one process, embedded PostgreSQL, in-process transport. */
export async function startEmbeddedProcess(env: Record<string, string>): Promise<RunningSystem> {
  const dataDir = embeddedDataDir('process');
  const port = await freePort();
  const sink = { text: '' };
  const child = spawnApp('tools/run/start.ts', { ...common(env), PORT: String(port), DATA_DIR: dataDir }, sink);
  const url = `http://127.0.0.1:${port}`;
  await waitReady(`${url}/health/ready`, 150_000, () => sink.text);
  return {
    url,
    metricsUrls: [`${url}/metrics`],
    children: new Map([['marketing-team', child]]),
    output: () => sink.text,
    async stop() {
      await stopAll([child]);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The six apps as six processes on PostgreSQL, RabbitMQ and Redis. */
export async function startServiceProcesses(env: Record<string, string>): Promise<RunningSystem & { db: TestDatabase }> {
  const db = await createTestDatabase('processes', { fromTemplate: true });
  const namespace = testNamespace('proc');
  const free = await freePorts(APPS.length);
  const ports = new Map<string, number>(APPS.map((app, i) => [app, free[i]]));
  const sink = { text: '' };
  const all = {
    ...common(env),
    DATABASE_URL: db.url,
    AMQP_URL: testAmqpUrl(),
    REDIS_URL: process.env.MT_TEST_REDIS_URL,
    REDIS_PREFIX: `${namespace}:`,
    MESH_NAMESPACE: namespace,
  };
  const children = new Map<string, ChildProcess>();
  for (const app of APPS) children.set(app, spawnApp(path.join('apps', app, 'src', 'main.ts'), { ...all, PORT: String(ports.get(app)) }, sink));
  const urlOf = (app: string) => `http://127.0.0.1:${ports.get(app)}`;
  try {
    for (const app of APPS) await waitReady(`${urlOf(app)}/health/ready`, 150_000, () => sink.text);
  } catch (err) {
    await stopAll(children.values());
    await db.drop().catch(() => undefined);
    throw err;
  }
  const url = urlOf('gateway');
  return {
    url,
    // The gateway first.
    metricsUrls: ['gateway', ...APPS.filter((a) => a !== 'gateway')].map((a) => `${urlOf(a)}/metrics`),
    db,
    children,
    output: () => sink.text,
    async stop() {
      await stopAll(children.values());
      await deleteNamespace(new MeshTopology(namespace)).catch(() => undefined);
      await db.drop().catch(() => undefined);
    },
  };
}

/** A label value that names one thing (a user, a brand, a message) instead of a kind of thing. */
export const ID_LIKE = [/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i, /[0-9a-f]{16,}/i, /^\d+$/, /\d{6,}/, /@/];

/** Labels whose values are numbers by their nature (bucket bounds, quantiles, Node's version). */
const NUMERIC_LABELS = new Set(['le', 'quantile', 'version', 'major', 'minor', 'patch', 'status']);

export interface Sample {
  url: string;
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** Scrapes one app's /metrics: every sample, and the families it declares (`# TYPE`), even those with no series yet. */
export async function scrape(url: string): Promise<{ samples: Sample[]; families: Set<string> }> {
  const r = await fetch(url, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
  if (r.status !== 200) throw new Error(`${url} answered ${r.status}`);
  const samples: Sample[] = [];
  const families = new Set<string>();
  for (const line of (await r.text()).split('\n')) {
    const type = /^# TYPE (\w+) /.exec(line);
    if (type) families.add(type[1]);
    const m = /^(\w+)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m) continue;
    const labels = Object.fromEntries([...(m[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((x) => [x[1], x[2]]));
    samples.push({ url, name: m[1], labels, value: Number(m[3]) });
  }
  return { samples, families };
}

/** Samples whose label value looks like an id, as readable lines (empty when every label is bounded). */
export function idLikeLabels(samples: Sample[]): string[] {
  const offending: string[] = [];
  for (const s of samples) {
    for (const [label, value] of Object.entries(s.labels)) {
      if (NUMERIC_LABELS.has(label) && /^(\d+(\.\d+)?|\+Inf|v[\d.]+)$/.test(value)) continue;
      if (ID_LIKE.some((re) => re.test(value))) offending.push(`${s.url}: ${s.name}{${label}="${value}"}`);
    }
  }
  return offending;
}

/** JSON log lines of the processes' output (other lines are reported: every line must be JSON). */
export function jsonLines(output: string): { lines: Record<string, unknown>[]; other: string[] } {
  const lines: Record<string, unknown>[] = [];
  const other: string[] = [];
  for (const l of output.split('\n')) {
    if (!l.trim()) continue;
    try {
      lines.push(JSON.parse(l) as Record<string, unknown>);
    } catch {
      other.push(l);
    }
  }
  return { lines, other };
}
