/**
 * `npm run start:all`: the six apps as six processes on RabbitMQ, PostgreSQL and Redis (local use;
 * production runs them under Compose or Helm). Needs AMQP_URL, DATABASE_URL, REDIS_URL, JWT_SECRET.
 * The gateway listens on PORT (3000); agents serve health and metrics on PORT+1 … PORT+5.
 * A crashed app is started again (with backoff); SIGTERM / SIGINT stop all six, then this process.
 * The npm script execs node, so npm's SIGTERM reaches this process (a shell in between would not
 * pass it on); should the parent go away anyway, the six are stopped too.
 */
import path from 'node:path';
import { Supervisor } from './supervisor';

/** See ADR 114: requests alive across scavenges were promoted and cost a sixth of the bare route's CPU. */
const GATEWAY_HEAP_FLAG = '--max-semi-space-size=32';
/**
 * An agent's young generation stays small (ADR 184): V8's default semi-space (16 MB on 64-bit) grows
 * to its maximum while the app compiles and migrates at start-up and is kept: 32 MB of an agent's
 * RSS, against 8 MB at most with 4 MB semi-spaces. An agent's work (a task, an event) lives for
 * milliseconds, not across scavenges as the gateway's 64 requests in flight do.
 */
const AGENT_HEAP_FLAG = '--max-semi-space-size=4';
const APPS = ['auth-agent', 'brand-agent', 'strategy-agent', 'creation-agent', 'publishing-agent', 'gateway'];
/**
 * Run compiled, the apps run compiled (ADR 192): `npm run start:all` builds dist/ first and starts this
 * file from there, so no app process loads the TypeScript compiler. Started from the sources (a
 * test without a fresh build), the apps are too.
 */
const COMPILED = __filename.endsWith('.js');
const DIST_ROOT = path.resolve(__dirname, '../..');

function entryPoint(app: string): string[] {
  return COMPILED
    ? ['-r', path.join(DIST_ROOT, 'tools/run/dist-paths.js'), path.join(DIST_ROOT, 'apps', app, 'src', 'main.js')]
    : ['-r', '@swc-node/register', path.join('apps', app, 'src', 'main.ts')];
}
const basePort = Number(process.env.PORT ?? 3000);
const shutdownMs = Number(process.env.SHUTDOWN_TIMEOUT_MS ?? 10_000);

const supervisor = new Supervisor(
  APPS.map((app, i) => ({
    name: app,
    command: process.execPath,
    // The gateway's young generation is sized for 64+ requests in flight (ADR 114).
    args: [app === 'gateway' ? GATEWAY_HEAP_FLAG : AGENT_HEAP_FLAG, ...entryPoint(app)],
    env: { ...process.env, PORT: String(app === 'gateway' ? basePort : basePort + 1 + i) },
  })),
  {
    baseBackoffMs: 1_000,
    maxBackoffMs: 30_000,
    stableAfterMs: 60_000,
    stopTimeoutMs: shutdownMs + 5_000,
    log: (line) => process.stdout.write(`${JSON.stringify({ time: new Date().toISOString(), app: 'start-all', ...line })}\n`),
  },
);
supervisor.start();

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => {
    void supervisor.stop(signal === 'SIGHUP' ? 'SIGTERM' : signal).then((code) => process.exit(code));
  });
}

// Orphaned (the parent that started us died without passing a signal on): stop the six as well.
const parent = process.ppid;
setInterval(() => {
  if (process.ppid !== parent) void supervisor.stop('SIGTERM').then((code) => process.exit(code));
}, 1_000).unref();
