/**
 * npm run bench:soak — issue 21, item 7: bench:load's mix (tools/bench/load-mix.ts: 7 reads, 2 writes,
 * 1 AI job per ten arrivals, open model) held at one rate for a long time on the six-process system
 * (tools/run/start-all.ts), to see whether anything grows that should stay flat.
 *
 * Settings:
 *   SOAK_RPS       arrivals per second (default 40: half the lower of bench:load's sustained rates
 *                  recorded in docs/resilience.md, 80–120 req/s on two cores);
 *   SOAK_MINUTES   how long the measured part lasts (default 30; shorter for CI or a quick look);
 *   SOAK_WARMUP_S  load before the first sample counts (default 60: start-up compiles and caches fill);
 *   SOAK_SAMPLE_S  seconds between samples (default 10).
 *
 * Every sample reads, for each of the six apps, its RSS (`process_resident_memory_bytes`) and the
 * p99 of its event-loop delay since the previous scrape (`nodejs_eventloop_lag_p99_seconds`, which
 * prom-client resets on each scrape) from its /metrics; the messages waiting in the system's vhost
 * (`rabbitmqctl list_queues`); the unsent outbox rows of every schema (SQL); and the generator's
 * answers of the interval (p99, errors). At the end it prints the least-squares slope of each
 * metric per minute and, last, one JSON line:
 *   { rps, minutes, rssSlopeMbPerMin, eventLoopP99SlopeMsPerMin, queueDepthSlope, outboxSlope,
 *     errorRatePct, errorSlopePerMin, p99SlopeMsPerMin, restarts, perApp, … }
 * rssSlopeMbPerMin is the sum of the six apps' RSS slopes; eventLoopP99SlopeMsPerMin the slope of
 * the worst app's p99 each sample; queueDepthSlope messages per minute; outboxSlope rows per minute.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { type Answer, figuresOf, log, realisticMix, round, sendOpenLoad, sleep, startLoadSystem } from './load-mix';

const RPS = Number(process.env.SOAK_RPS ?? 40);
const MINUTES = Number(process.env.SOAK_MINUTES ?? 30);
const WARMUP_S = Number(process.env.SOAK_WARMUP_S ?? 60);
const SAMPLE_S = Number(process.env.SOAK_SAMPLE_S ?? 10);
/** The order tools/run/start-all.ts gives the ports in: the gateway on PORT, the agents on PORT+1 … PORT+5. */
const AGENT_APPS = ['auth-agent', 'brand-agent', 'strategy-agent', 'creation-agent', 'publishing-agent'];
const APPS = ['gateway', ...AGENT_APPS];

const run = promisify(execFile);

interface Sample {
  /** Minutes since the measured part began. */
  t: number;
  rssMb: Record<string, number>;
  lagP99Ms: Record<string, number>;
  queueDepth: number;
  /** The queue holding the most messages, with its count. */
  deepestQueue: string;
  outbox: number;
  answers: number;
  errors: number;
  p99Ms: number;
}

/** Least-squares slope of y over x (per unit of x); 0 with fewer than two points. */
export function slope(points: [number, number][]): number {
  const n = points.length;
  if (n < 2) return 0;
  const mx = points.reduce((s, [x]) => s + x, 0) / n;
  const my = points.reduce((s, [, y]) => s + y, 0) / n;
  let num = 0;
  let den = 0;
  for (const [x, y] of points) {
    num += (x - mx) * (y - my);
    den += (x - mx) ** 2;
  }
  return den === 0 ? 0 : num / den;
}

/** The value of an unlabelled or labelled sample of `name` in a Prometheus text page. */
function metric(page: string, name: string): number | null {
  const m = new RegExp(`^${name}(?:\\{[^}]*\\})? ([0-9.eE+-]+)$`, 'm').exec(page);
  return m ? Number(m[1]) : null;
}

async function scrape(url: string, token: string): Promise<string> {
  try {
    const res = await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(10_000) });
    return res.status === 200 ? await res.text() : '';
  } catch {
    return '';
  }
}

/**
 * Messages waiting in the vhost's queues (ready and unacknowledged) and the deepest queue, or NaN
 * when rabbitmqctl does not answer.
 */
async function queueDepth(vhost: string): Promise<{ total: number; deepest: string }> {
  try {
    const { stdout } = await run('rabbitmqctl', ['list_queues', '-p', vhost, '--quiet', '--no-table-headers', 'name', 'messages'], { timeout: 20_000 });
    const queues = stdout
      .split('\n')
      .map((l) => l.trim().split(/\s+/))
      .map(([name, n]) => ({ name, n: Number(n) }))
      .filter((q) => q.name && Number.isFinite(q.n))
      .sort((a, b) => b.n - a.n);
    return { total: queues.reduce((a, q) => a + q.n, 0), deepest: queues[0]?.n ? `${queues[0].name} ${queues[0].n}` : '' };
  } catch {
    return { total: Number.NaN, deepest: '' };
  }
}

async function outboxBacklog(pg: Client): Promise<number> {
  const schemas = (await pg.query<{ s: string }>(`SELECT table_schema AS s FROM information_schema.tables WHERE table_name = 'outbox'`)).rows.map((r) => r.s);
  if (!schemas.length) return 0;
  const sql = schemas.map((s) => `SELECT count(*)::int AS n FROM "${s}".outbox WHERE published_at IS NULL`).join(' UNION ALL ');
  return (await pg.query<{ n: number }>(sql)).rows.reduce((a, r) => a + r.n, 0);
}

async function main() {
  const metricsToken = randomBytes(24).toString('base64url');
  const sys = await startLoadSystem({ label: 'soak', script: 'tools/run/start-all.ts', env: { METRICS_TOKEN: metricsToken } });
  const urls = new Map(APPS.map((app) => [app, app === 'gateway' ? sys.base : `http://127.0.0.1:${sys.port + 1 + AGENT_APPS.indexOf(app)}`]));
  const pg = new Client({ connectionString: sys.databaseUrl });
  pg.on('error', () => undefined);
  await pg.connect();
  try {
    const { mix, headers, refreshes } = await realisticMix(sys.base, sys.id);
    const all: Answer[] = [];
    let interval: Answer[] = [];
    const totalS = WARMUP_S + MINUTES * 60;
    log(`soak: ${RPS} req/s for ${WARMUP_S} s of warm-up and ${MINUTES} min measured, a sample every ${SAMPLE_S} s …`);
    const load = sendOpenLoad(sys.base, headers, mix, RPS, totalS, (a) => {
      interval.push(a);
      all.push(a);
    });

    await sleep(WARMUP_S * 1000);
    interval = [];
    all.length = 0;
    const began = Date.now();
    const samples: Sample[] = [];
    for (let k = 1; Date.now() - began < MINUTES * 60_000; k++) {
      await sleep(Math.max(0, began + k * SAMPLE_S * 1000 - Date.now()));
      const answers = interval;
      interval = [];
      const pages = await Promise.all(APPS.map((app) => scrape(urls.get(app)!, metricsToken)));
      const rssMb: Record<string, number> = {};
      const lagP99Ms: Record<string, number> = {};
      APPS.forEach((app, i) => {
        const rss = metric(pages[i], 'process_resident_memory_bytes');
        const lag = metric(pages[i], 'nodejs_eventloop_lag_p99_seconds');
        if (rss !== null) rssMb[app] = round(rss / 1024 / 1024);
        if (lag !== null) lagP99Ms[app] = round(lag * 1000);
      });
      const f = figuresOf(answers);
      const queues = await queueDepth(sys.vhost);
      const s: Sample = {
        t: (Date.now() - began) / 60_000,
        rssMb,
        lagP99Ms,
        queueDepth: queues.total,
        deepestQueue: queues.deepest,
        outbox: await outboxBacklog(pg).catch(() => Number.NaN),
        answers: f.n,
        errors: f.errors,
        p99Ms: f.p99Ms,
      };
      samples.push(s);
      log(
        `t=${s.t.toFixed(2)} min  rss ${Object.values(rssMb)
          .reduce((a, b) => a + b, 0)
          .toFixed(0)} MB  lag p99 max ${Math.max(0, ...Object.values(lagP99Ms)).toFixed(1)} ms  ` +
          `queues ${s.queueDepth}${s.deepestQueue ? ` (deepest ${s.deepestQueue})` : ''}  outbox ${s.outbox}  answers ${s.answers}  errors ${s.errors}  p99 ${s.p99Ms} ms`,
      );
    }
    const sent = await load;
    // What is left once the arrivals stop: queues and outboxes should drain.
    await sleep(10_000);
    const left = await queueDepth(sys.vhost);
    const drained = { queueDepth: left.total, deepestQueue: left.deepest, outbox: await outboxBacklog(pg).catch(() => Number.NaN) };
    const restarts = (sys.output().match(/exited; restarting/g) ?? []).length;

    const per = (f: (s: Sample) => number | undefined) =>
      samples.map((s) => [s.t, f(s)] as [number, number | undefined]).filter((p): p is [number, number] => p[1] !== undefined && Number.isFinite(p[1]));
    const r3 = (n: number) => Math.round(n * 1000) / 1000;
    const perApp = Object.fromEntries(
      APPS.map((app) => {
        const rss = per((s) => s.rssMb[app]);
        const lag = per((s) => s.lagP99Ms[app]);
        return [
          app,
          {
            rssMbFirst: rss[0]?.[1] ?? null,
            rssMbLast: rss.at(-1)?.[1] ?? null,
            rssSlopeMbPerMin: r3(slope(rss)),
            eventLoopP99MsMean: lag.length ? round(lag.reduce((a, [, y]) => a + y, 0) / lag.length) : null,
            eventLoopP99SlopeMsPerMin: r3(slope(lag)),
          },
        ];
      }),
    );
    for (const [app, a] of Object.entries(perApp)) log(`${app}: ${JSON.stringify(a)}`);
    const figures = figuresOf(all);
    const out = {
      rps: RPS,
      minutes: MINUTES,
      samples: samples.length,
      sampleSeconds: SAMPLE_S,
      warmupSeconds: WARMUP_S,
      sent: sent.sent,
      due: sent.due,
      // The sum of the apps' own slopes: a sample where an app's scrape timed out leaves only that app out.
      rssSlopeMbPerMin: r3(Object.values(perApp).reduce((a, p) => a + p.rssSlopeMbPerMin, 0)),
      eventLoopP99SlopeMsPerMin: r3(slope(per((s) => Math.max(0, ...Object.values(s.lagP99Ms))))),
      queueDepthSlope: r3(slope(per((s) => s.queueDepth))),
      outboxSlope: r3(slope(per((s) => s.outbox))),
      p99SlopeMsPerMin: r3(slope(per((s) => s.p99Ms))),
      errorSlopePerMin: r3(slope(per((s) => (s.errors * 60) / SAMPLE_S))),
      errorRatePct: figures.errorRatePct,
      errorKinds: figures.errorKinds,
      p99Ms: figures.p99Ms,
      routes: figures.routes,
      queueDepthMax: Math.max(0, ...samples.map((s) => s.queueDepth).filter(Number.isFinite)),
      deepestQueueAtMax: samples.reduce((best, s) => (s.queueDepth > best.queueDepth ? s : best), samples[0])?.deepestQueue ?? '',
      outboxMax: Math.max(0, ...samples.map((s) => s.outbox).filter(Number.isFinite)),
      drained,
      restarts,
      sessionRefreshes: refreshes(),
      perApp,
    };
    console.log(JSON.stringify(out));
  } finally {
    await pg.end().catch(() => undefined);
    await sys.stop();
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
