import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

const AMQP_BASE = process.env.TEST_AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672';
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/**
 * The environment of a system a benchmark starts on the local services: its own database, vhost,
 * Redis prefix and mesh namespace (named by `id`), fresh secrets, production mode, warnings only.
 * Each bench adds what it varies (rate limits, OpenTelemetry settings).
 */
export function benchSystemEnv(o: { port: number; databaseUrl: string; vhost: string; id: string; prefix?: string }): Record<string, string | undefined> {
  const prefix = o.prefix ?? 'bench';
  return {
    PATH: process.env.PATH,
    NODE_ENV: 'production',
    PORT: String(o.port),
    HOST: '127.0.0.1',
    DATABASE_URL: o.databaseUrl,
    AMQP_URL: `${AMQP_BASE}/${encodeURIComponent(o.vhost)}`,
    REDIS_URL,
    REDIS_PREFIX: `mt-${prefix}:${o.id}:`,
    MESH_NAMESPACE: `${prefix}-${o.id}`,
    JWT_SECRET: randomBytes(32).toString('base64url'),
    CREDENTIALS_KEY: randomBytes(32).toString('base64'),
    LOG_LEVEL: 'warn',
  };
}

/**
 * Waits until the system answers ready with every agent too ("ok", not "degraded"): in the
 * six-process topology the agents may still be starting (and compiling) when the gateway is
 * ready, and load would then measure that.
 */
export async function waitReady(url: string, timeoutMs: number, output: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const res = await fetch(`${url}/health/ready`);
      if (res.status === 200 && ((await res.json()) as { status?: string }).status === 'ok') return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`the system did not become ready in ${timeoutMs} ms\n${output().slice(-3000)}`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

/** The median of a list of figures (the mean of the middle two for an even count). */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

/** utime + stime of a process in µs (/proc/<pid>/stat), or 0 once it has gone. */
export function cpuUs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1e6) / CLOCK_TICKS;
  } catch {
    return 0;
  }
}
const CLOCK_TICKS = 100;

/**
 * What a process has paid the kernel so far: its system CPU (stime, µs) and its threads' context
 * switches, voluntary (it waited: a read, epoll) and not (it was preempted). 0 once it has gone.
 */
export function kernelCost(pid: number): { systemUs: number; switches: number } {
  let systemUs = 0;
  let switches = 0;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    systemUs = (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[12]) * 1e6) / CLOCK_TICKS;
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      const status = readFileSync(`/proc/${pid}/task/${tid}/status`, 'utf8');
      for (const m of status.matchAll(/^(?:non)?voluntary_ctxt_switches:\s+(\d+)$/gm)) switches += Number(m[1]);
    }
  } catch {
    // gone
  }
  return { systemUs, switches };
}

/** A pid and every descendant (the system under test and, in six processes, its apps). */
export function tree(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // gone
    }
  }
  const out: number[] = [];
  const walk = (pid: number) => {
    out.push(pid);
    for (const c of children.get(pid) ?? []) walk(c);
  };
  walk(root);
  return out;
}

/** Pids of this machine's processes whose command name is one of `names` (postgres, beam.smp, redis-server). */
function pidsNamed(names: string[]): Map<number, string> {
  const out = new Map<number, string>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const comm = readFileSync(`/proc/${entry}/comm`, 'utf8').trim();
      if (names.includes(comm)) out.set(Number(entry), comm);
    } catch {
      // gone
    }
  }
  return out;
}

/** The local services' pids by group: RabbitMQ (beam.smp), PostgreSQL and Redis, for CPU counted per group. */
export function servicePids(): Map<'rabbitmq' | 'postgres' | 'redis', number[]> {
  const named = pidsNamed(['postgres', 'beam.smp', 'redis-server']);
  const by = (comm: string) => [...named].filter(([, c]) => c === comm).map(([pid]) => pid);
  return new Map([
    ['rabbitmq', by('beam.smp')],
    ['postgres', by('postgres')],
    ['redis', by('redis-server')],
  ]);
}

/**
 * An OTLP/HTTP receiver that reads each export, answers 200 and keeps nothing but the count: the
 * traced runs' exporter has somewhere to send to, and its cost is the exporter's alone.
 */
export async function startOtlpDropReceiver(): Promise<{ url: string; exports: () => number; close: () => void }> {
  let exports = 0;
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      exports++;
      res.writeHead(200, { 'content-type': 'application/x-protobuf' }).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, exports: () => exports, close: () => server.close() };
}
