import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { testAmqpUrl, testNamespace } from '../support/amqp';
import { createTestDatabase, type TestDatabase } from '../support/pg';
import { api, TEST_JWT_SECRET, until } from '../support/http';
import { freePortRun } from '../support/processes';
import { ensureServerBuild } from '../../tools/run/server-build';

const ROOT = path.resolve(__dirname, '../..');

async function waitFor(url: string, timeoutMs: number): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const r = await fetch(url);
      if (r.status === 200) return r.status;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${url} did not answer 200 within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** The app processes under the supervisor (npm → node start-all → six apps), by the app each runs. */
function appPids(root: number): Record<string, number> {
  const out: Record<string, number> = {};
  const walk = (pid: number) => {
    let children: number[] = [];
    try {
      children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
    } catch {
      return;
    }
    for (const child of children) {
      const cmd = readFileSync(`/proc/${child}/cmdline`, 'utf8');
      const app = /apps\/([a-z-]+)\/src\/main\.[jt]s/.exec(cmd)?.[1];
      if (app) out[app] = child;
      else walk(child);
    }
  };
  walk(root);
  return out;
}

describe('six apps as six processes (npm run start:all)', () => {
  let db: TestDatabase;
  let all: ChildProcess;
  let base: number;
  let output = '';

  beforeAll(async () => {
    // `npm run start:all` compiles the server first when a source is newer than dist/ (ADR 192): done
    // here, outside the start-up deadlines below (CI has built it already; a developer's edit has not).
    expect(ensureServerBuild()).toBe(true);
    base = await freePortRun(6);
    db = await createTestDatabase('distributed');
    // Through npm, as a user runs it: npm's SIGTERM must reach the supervisor.
    all = spawn('npm', ['run', '--silent', 'start:all'], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        PORT: String(base),
        HOST: '127.0.0.1',
        DATABASE_URL: db.url,
        AMQP_URL: testAmqpUrl(),
        REDIS_URL: process.env.MT_TEST_REDIS_URL,
        REDIS_PREFIX: `${testNamespace('dist')}:`,
        MESH_NAMESPACE: testNamespace('dist'),
        JWT_SECRET: TEST_JWT_SECRET,
        METRICS_TOKEN: 'distributed-metrics-token',
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    all.stdout?.on('data', (d) => (output += d));
    all.stderr?.on('data', (d) => (output += d));
  }, 600_000);

  afterAll(async () => {
    if (all && all.exitCode === null) {
      const exited = new Promise((r) => all.once('exit', r));
      all.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
    }
    await db?.drop();
  });

  it('serves the API from the gateway process with every agent process ready behind it', async () => {
    try {
      await waitFor(`http://127.0.0.1:${base}/health/live`, 90_000);
      for (let i = 1; i <= 5; i++) await waitFor(`http://127.0.0.1:${base + i}/health/ready`, 60_000);
      const ready = await api(`http://127.0.0.1:${base}`, 'GET', '/health/ready', { headers: { authorization: 'Bearer distributed-metrics-token' } });
      expect(ready.status).toBe(200);
      expect(ready.body.checks.broker.detail).toBe('amqp');
      for (const agent of ['auth-agent', 'brand-agent', 'strategy-agent', 'creation-agent', 'publishing-agent']) {
        expect(ready.body.agents[agent]).toEqual({ ok: true, detail: 'ok' });
      }
    } catch (err) {
      throw new Error(`${(err as Error).message}\n--- process output ---\n${output.slice(-4000)}`);
    }
  }, 150_000);

  it('restarts an app that crashes, on the same port', async () => {
    try {
      const brand = appPids(all.pid as number)['brand-agent'];
      expect(brand).toBeDefined();
      process.kill(brand, 'SIGKILL');
      await until('brand-agent to be restarted', async () => {
        const now = appPids(all.pid as number)['brand-agent'];
        return now && now !== brand ? now : undefined;
      });
      await waitFor(`http://127.0.0.1:${base + 2}/health/ready`, 90_000);
      expect(output).toMatch(/"msg":"exited; restarting","app":"brand-agent"|"app":"brand-agent"[^\n]*"msg":"exited; restarting"/);
    } catch (err) {
      throw new Error(`${(err as Error).message}\n--- process output ---\n${output.slice(-4000)}`);
    }
  }, 150_000);

  it('stops all six on SIGTERM to npm, each cleanly, and exits 0', async () => {
    const pids = Object.values(appPids(all.pid as number));
    expect(pids).toHaveLength(6);
    const exited = new Promise<number | null>((r) => all.once('exit', (code) => r(code)));
    all.kill('SIGTERM');
    expect(await exited).toBe(0);
    const alive = pids.filter((pid) => {
      try {
        process.kill(pid, 0);
        return true;
      } catch {
        return false;
      }
    });
    expect(alive).toEqual([]);
    expect(output.match(/"msg":"stopped"[^\n]*"code":0/g) ?? []).toHaveLength(6);
  }, 180_000);

  it('stops start-up with a message naming a missing setting', async () => {
    const child = spawn(process.execPath, ['-r', '@swc-node/register', 'apps/brand-agent/src/main.ts'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH, AMQP_URL: testAmqpUrl() },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let err = '';
    child.stderr?.on('data', (d) => (err += d));
    const code = await new Promise((r) => child.once('exit', r));
    expect(code).toBe(1);
    expect(err).toContain('setting DATABASE_URL: is required to run brand-agent as its own process');
    // One JSON line, like every other log line, naming the setting.
    expect(JSON.parse(err.trim().split('\n').pop() ?? '')).toMatchObject({ level: 'error', app: 'brand-agent', setting: 'DATABASE_URL' });
  });
});
