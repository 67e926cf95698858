import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { testAmqpUrl, testNamespace } from '../support/amqp';
import { createTestDatabase, type TestDatabase } from '../support/pg';
import { api, TEST_JWT_SECRET } from '../support/platform';

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

describe('six apps as six processes (npm run start:all)', () => {
  let db: TestDatabase;
  let all: ChildProcess;
  const base = 41000 + Math.floor(Math.random() * 2000);
  let output = '';

  beforeAll(async () => {
    db = await createTestDatabase('distributed');
    all = spawn(process.execPath, ['-r', '@swc-node/register', 'tools/run/start-all.ts'], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH,
        PORT: String(base),
        HOST: '127.0.0.1',
        DATABASE_URL: db.url,
        AMQP_URL: testAmqpUrl(),
        REDIS_URL: process.env.MT_TEST_REDIS_URL,
        REDIS_PREFIX: `${testNamespace('dist')}:`,
        MESH_NAMESPACE: testNamespace('dist'),
        JWT_SECRET: TEST_JWT_SECRET,
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    all.stdout?.on('data', (d) => (output += d));
    all.stderr?.on('data', (d) => (output += d));
  });

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
      const ready = await api(`http://127.0.0.1:${base}`, 'GET', '/health/ready');
      expect(ready.status).toBe(200);
      expect(ready.body.checks.broker.detail).toBe('amqp');
      for (const agent of ['auth-agent', 'brand-agent', 'strategy-agent', 'creation-agent', 'publishing-agent']) {
        expect(ready.body.checks[agent]).toEqual({ ok: true, detail: 'ok' });
      }
    } catch (err) {
      throw new Error(`${(err as Error).message}\n--- process output ---\n${output.slice(-4000)}`);
    }
  }, 150_000);

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
  }, 60_000);
});
