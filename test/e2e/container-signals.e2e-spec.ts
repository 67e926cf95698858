import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { parseDockerfile, startCommand } from '../../tools/deploy/dockerfile';
import { testAmqpUrl, testNamespace } from '../support/amqp';
import { createTestDatabase, type TestDatabase } from '../support/pg';
import { TEST_JWT_SECRET, until } from '../support/http';

/**
 * The image's start command, run the way a container runtime runs it: as PID 1 of a new PID
 * namespace (`unshare --pid --fork`, as root), then sent SIGTERM the way Kubernetes stops a pod.
 * There is no container engine here, so the command line is taken from the Dockerfile itself and
 * mapped from the compiled build (dist/…js) to the sources (…ts, through @swc-node/register).
 */
const ROOT = path.resolve(__dirname, '../..');
const stages = parseDockerfile(path.join(ROOT, 'Dockerfile'));
const final = stages[stages.length - 1];
const keywords = (k: string) => final.filter((i) => i.keyword === k).map((i) => i.args);

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/** dist/x/y.js → x/y.ts; the dist alias preload → the TypeScript loader. */
function fromSources(argv: string[]): string[] {
  return argv.map((a) => {
    if (a === './dist/tools/run/dist-paths.js') return '@swc-node/register';
    const m = /^(?:\.\/)?dist\/(.+)\.js$/.exec(a);
    return m ? `${m[1]}.ts` : a;
  });
}

describe('the container image', () => {
  it('runs node itself as PID 1 (exec form), never a shell', () => {
    const argv = startCommand(stages);
    const program = argv[0] === 'tini' || argv[0].endsWith('/tini') ? argv[argv.indexOf('--') + 1] : argv[0];
    expect(program).toBe('node');
    expect(argv).not.toContain('sh');
    expect(argv.join(' ')).not.toMatch(/\bnpm\b/);
  });

  it('runs as a non-root user, exposes its port, checks its health and declares where it writes', () => {
    const user = keywords('USER').pop();
    expect(user).toBeDefined();
    expect(['root', '0']).not.toContain(user);
    expect(keywords('EXPOSE')).toContain('3000');
    const health = keywords('HEALTHCHECK').pop() ?? '';
    expect(health).toMatch(/CMD \["node", "dist\/tools\/run\/healthcheck\.js"\]/);
    expect(keywords('VOLUME')).toContain('["/data"]');
    expect(keywords('ENV').join(' ')).toMatch(/DATA_DIR=\/data/);
  });

  it('installs from the lockfile and ships no build tooling, UI libraries or sources of the web app', () => {
    const build = stages[0];
    expect(build.some((i) => i.keyword === 'RUN' && /\bnpm ci\b/.test(i.args))).toBe(true);
    expect(build.some((i) => i.keyword === 'RUN' && /npm prune --omit=dev/.test(i.args))).toBe(true);
    expect(final.some((i) => i.keyword === 'RUN' && /npm (install|i|ci)\b/.test(i.args))).toBe(false);
    const copies = keywords('COPY').join('\n');
    expect(copies).toContain('/app/apps/web/dist ./dist/apps/web/dist');
    expect(copies).not.toMatch(/apps\/web\/src|COPY \. \./);
    const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    const runtimeDeps = Object.keys(pkg.dependencies);
    for (const uiOrTool of ['react', 'react-dom', 'react-router', 'recharts', '@mantine/core', '@tanstack/react-query', 'vite', 'typescript']) {
      expect(runtimeDeps).not.toContain(uiOrTool);
    }
  });

  it('keeps host dependencies, history, secrets and data out of the build context', () => {
    const ignored = readFileSync(path.join(ROOT, '.dockerignore'), 'utf8')
      .split('\n')
      .map((l) => l.trim());
    for (const entry of ['**/node_modules', '.git', '.env', '.data', '**/dist']) expect(ignored).toContain(entry);
  });

  describe('its start command as PID 1 of a PID namespace', () => {
    let db: TestDatabase;
    let child: ChildProcess | undefined;
    let output = '';

    beforeAll(async () => {
      db = await createTestDatabase('container');
    });
    afterAll(async () => {
      if (child && child.exitCode === null) child.kill('SIGKILL');
      await db?.drop();
    });

    it('gets SIGTERM, stops gracefully and exits 0', async () => {
      const port = await freePort();
      const [program, ...args] = fromSources(startCommand(stages));
      child = spawn('unshare', ['--pid', '--fork', '--kill-child', '--', program === 'node' ? process.execPath : program, ...args], {
        cwd: ROOT,
        env: {
          PATH: process.env.PATH,
          APP: 'gateway',
          PORT: String(port),
          HOST: '127.0.0.1',
          DATABASE_URL: db.url,
          AMQP_URL: testAmqpUrl(),
          REDIS_URL: process.env.MT_TEST_REDIS_URL,
          REDIS_PREFIX: `${testNamespace('ctr')}:`,
          MESH_NAMESPACE: testNamespace('ctr'),
          JWT_SECRET: TEST_JWT_SECRET,
          LOG_LEVEL: 'info',
          SHUTDOWN_TIMEOUT_MS: '10000',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child.stdout?.on('data', (d) => (output += d));
      child.stderr?.on('data', (d) => (output += d));
      const exited = new Promise<number | null>((resolve) => child?.once('exit', (code) => resolve(code)));
      try {
        await until(
          'the gateway answers /health/live',
          async () =>
            (await fetch(`http://127.0.0.1:${port}/health/live`).then(
              (r) => r.ok,
              () => false,
            )) || undefined,
          90_000,
        );
        // The node process unshare forked: PID 1 in its namespace.
        const unsharePid = child.pid as number;
        const pid = Number(readFileSync(`/proc/${unsharePid}/task/${unsharePid}/children`, 'utf8').trim().split(/\s+/)[0]);
        const nspid = /^NSpid:\s+(.+)$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1].split(/\s+/);
        expect(nspid?.[nspid.length - 1]).toBe('1');
        expect(readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')[0]).toBe(process.execPath);

        process.kill(pid, 'SIGTERM');
        let deadline: NodeJS.Timeout | undefined;
        const code = await Promise.race([exited, new Promise<'timeout'>((r) => (deadline = setTimeout(() => r('timeout'), 30_000)))]);
        clearTimeout(deadline); // a pending 30 s timer would keep the test worker from exiting
        expect(code).toBe(0);
        const phases = output
          .split('\n')
          .filter((l) => l.startsWith('{'))
          .map((l) => JSON.parse(l) as { phase?: string; reason?: string })
          .filter((l) => l.phase);
        expect(phases[0]).toMatchObject({ phase: 'unready', reason: 'SIGTERM' });
        expect(phases.map((p) => p.phase)).toEqual(['unready', 'http-closing', 'http-closed', 'apps-closing', 'apps-closed', 'done']);
      } catch (err) {
        throw new Error(`${(err as Error).message}\n--- process output ---\n${output.slice(-4000)}`);
      }
    }, 150_000);
  });
});
