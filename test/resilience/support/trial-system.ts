import type { ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import amqp from 'amqplib';
import { Client } from 'pg';
import { AGENTS, MeshTopology } from '@mt/messages';
import { deleteNamespace, testAmqpUrl, testNamespace } from '../../support/amqp';
import { createTestDatabase, type TestDatabase } from '../../support/pg';
import { APPS, freePorts, METRICS_TOKEN, spawnApp, stopAll, waitReady } from '../../support/processes';
import { api, registerUser, TEST_JWT_SECRET, until } from '../../support/platform';

/**
 * The six apps as six processes on the local PostgreSQL, RabbitMQ and Redis, on a database, a mesh
 * namespace and a Redis prefix of their own (the vhost is the run's: `npm run test:resilience` runs
 * one file at a time, so nothing else lives in it). A trial disrupts only what is its own.
 */
export interface TrialSystem {
  url: string;
  db: TestDatabase;
  topology: MeshTopology;
  /** The run's RabbitMQ vhost. */
  vhost: string;
  children: Map<string, ChildProcess>;
  output: () => string;
  /** One connection to the trial's database, for the checks (reconnected if a trial terminated it). */
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  stop(): Promise<void>;
}

export async function startTrialSystem(label: string, env: Record<string, string>): Promise<TrialSystem> {
  const db = await createTestDatabase(label, { fromTemplate: true });
  const namespace = testNamespace(label.slice(0, 8));
  const free = await freePorts(APPS.length);
  const ports = new Map<string, number>(APPS.map((app, i) => [app, free[i]]));
  const sink = { text: '' };
  const all: Record<string, string | undefined> = {
    HOST: '127.0.0.1',
    METRICS_TOKEN,
    JWT_SECRET: TEST_JWT_SECRET,
    LOG_LEVEL: 'warn',
    RATE_LIMIT_AUTH_PER_MIN: '100000',
    RATE_LIMIT_AI_PER_MIN: '100000',
    RATE_LIMIT_USER_PER_MIN: '100000',
    RATE_LIMIT_PUBLIC_PER_MIN: '100000',
    RATE_LIMIT_TOKEN_PER_MIN: '100000',
    // Room for a loaded machine; the trial about RPCs during an outage sets its own.
    RPC_TIMEOUT_MS: '20000',
    HEALTH_AGENT_TIMEOUT_MS: '20000',
    ...env,
    DATABASE_URL: db.url,
    AMQP_URL: testAmqpUrl(),
    // A trial that flushes or restarts Redis brings a server of its own (ADR 161).
    REDIS_URL: env.REDIS_URL ?? process.env.MT_TEST_REDIS_URL,
    REDIS_PREFIX: `mt-test:${namespace}:`,
    MESH_NAMESPACE: namespace,
  };
  const children = new Map<string, ChildProcess>();
  for (const app of APPS) children.set(app, spawnApp(path.join('apps', app, 'src', 'main.ts'), { ...all, PORT: String(ports.get(app)) }, sink));
  const urlOf = (app: string) => `http://127.0.0.1:${ports.get(app)}`;
  const topology = new MeshTopology(namespace);
  let pg: Client | null = null;
  const query = async <T>(sql: string, params: unknown[] = []): Promise<T[]> => {
    for (let attempt = 0; ; attempt++) {
      try {
        if (!pg) {
          const c = new Client({ connectionString: db.url });
          c.on('error', () => undefined);
          await c.connect();
          pg = c;
        }
        return (await pg.query(sql, params)).rows as T[];
      } catch (err) {
        // Terminated by a trial (57P01) or the socket went with it: connect again.
        const p = pg as Client | null;
        pg = null;
        await p?.end().catch(() => undefined);
        if (attempt >= 3) throw err;
        await new Promise((r) => setTimeout(r, 200));
      }
    }
  };
  try {
    for (const app of APPS) await waitReady(`${urlOf(app)}/health/ready`, 180_000, () => sink.text);
  } catch (err) {
    await stopAll(children.values());
    await db.drop().catch(() => undefined);
    throw err;
  }
  return {
    url: urlOf('gateway'),
    db,
    topology,
    vhost: process.env.MT_TEST_AMQP_VHOST ?? '',
    children,
    output: () => sink.text,
    query,
    async stop() {
      await stopAll(children.values());
      // The apps' own lines (warnings and errors), kept for whoever reads a failed run.
      if (process.env.TRIAL_LOG_DIR) {
        mkdirSync(process.env.TRIAL_LOG_DIR, { recursive: true });
        writeFileSync(path.join(process.env.TRIAL_LOG_DIR, `${label}.log`), sink.text);
      }
      await (pg as Client | null)?.end().catch(() => undefined);
      await deleteNamespace(topology).catch(() => undefined);
      await db.drop().catch(() => undefined);
    },
  };
}

/** A signed-in owner with one brand. */
export async function ownerWithBrand(url: string, name = 'Acme Coffee'): Promise<{ token: string; userId: string; brandId: string }> {
  const owner = await registerUser(url, 'owner');
  const brand = await api(url, 'POST', '/api/v1/brands', {
    token: owner.accessToken,
    body: {
      name,
      industry: 'Specialty coffee',
      description: 'A neighbourhood roastery',
      audience: 'home baristas',
      tone: 'warm, plain',
      pillars: ['coffee craft', 'community'],
      timezone: 'Europe/Berlin',
    },
  });
  if (brand.status !== 201) throw new Error(`creating the brand answered ${brand.status}: ${JSON.stringify(brand.body)}`);
  return { token: owner.accessToken, userId: owner.user.id, brandId: brand.body.id as string };
}

export interface Job {
  id: string;
  status: string;
  result?: { contentId?: string };
  error?: { code?: string };
}

/** Waits until every job is terminal (succeeded, failed or cancelled) and answers them. */
export async function settledJobs(url: string, token: string, ids: string[], timeoutMs = 240_000): Promise<Job[]> {
  const done = new Map<string, Job>();
  await until(
    `${ids.length} jobs to be terminal`,
    async () => {
      for (const id of ids) {
        if (done.has(id)) continue;
        const r = await api(url, 'GET', `/api/v1/jobs/${id}`, { token });
        if (r.status === 200 && ['succeeded', 'failed', 'cancelled'].includes(r.body.status)) done.set(id, r.body as Job);
      }
      return done.size === ids.length ? true : undefined;
    },
    timeoutMs,
  );
  return ids.map((id) => done.get(id) as Job);
}

/**
 * What must hold when the system is at rest after a disruption: nothing waits in an outbox, no
 * message was dead-lettered (table or queue), no job is left queued or running.
 */
export interface Ledger {
  unsentOutbox: Record<string, number>;
  deadLetters: Record<string, number>;
  deadQueues: Record<string, number>;
  unfinishedJobs: number;
}

export async function ledger(sys: TrialSystem): Promise<Ledger> {
  const schemas = (await sys.query<{ s: string }>(`SELECT table_schema AS s FROM information_schema.tables WHERE table_name = 'outbox' ORDER BY 1`)).map(
    (r) => r.s,
  );
  const unsentOutbox: Record<string, number> = {};
  const deadLetters: Record<string, number> = {};
  for (const s of schemas) {
    const [o] = await sys.query<{ n: number }>(`SELECT count(*)::int AS n FROM "${s}".outbox WHERE published_at IS NULL`);
    if (o.n > 0) unsentOutbox[s] = o.n;
    const [d] = await sys.query<{ n: number }>(`SELECT count(*)::int AS n FROM "${s}".dead_letter`);
    if (d.n > 0) deadLetters[s] = d.n;
  }
  const deadQueues: Record<string, number> = {};
  const conn = await amqp.connect(testAmqpUrl());
  try {
    for (const agent of [...AGENTS, 'gateway']) {
      const ch = await conn.createChannel();
      ch.on('error', () => undefined);
      try {
        const q = await ch.checkQueue(sys.topology.deadQueue(agent));
        if (q.messageCount > 0) deadQueues[agent] = q.messageCount;
        await ch.close();
      } catch {
        // an app without a dead-letter queue (the gateway only sends)
      }
    }
  } finally {
    await conn.close();
  }
  const [j] = await sys.query<{ n: number }>(`SELECT count(*)::int AS n FROM gateway.job WHERE status IN ('queued', 'running')`);
  return { unsentOutbox, deadLetters, deadQueues, unfinishedJobs: j.n };
}

export const AT_REST: Ledger = { unsentOutbox: {}, deadLetters: {}, deadQueues: {}, unfinishedJobs: 0 };

/** The ledger once it is at rest, or the last one seen (for the assertion to show) after `timeoutMs`. */
export async function ledgerAtRest(sys: TrialSystem, timeoutMs = 60_000): Promise<Ledger> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const l = await ledger(sys);
    if (JSON.stringify(l) === JSON.stringify(AT_REST) || Date.now() > deadline) return l;
    await new Promise((r) => setTimeout(r, 500));
  }
}
