import { execFileSync } from 'node:child_process';
import { WebhookReceiverFake } from '../../apps/publishing-agent/test/fakes';
import { AGENTS } from '@mt/messages';
import { api, until } from '../support/platform';
import { APPS, METRICS_TOKEN } from '../support/processes';
import { AT_REST, ledgerAtRest, ownerWithBrand, startTrialSystem, type TrialSystem } from './support/trial-system';
import { effectsOf, onceEach, WorkStream } from './support/work-stream';

/**
 * Trial 3, the broker drops every connection: mid-stream, RabbitMQ closes every connection of the
 * trial's vhost (`rabbitmqctl close_all_connections -p <vhost>`) and refuses new ones for twelve
 * seconds (the vhost's connection limit set to 0, then lifted; the issue asks for 10–30 s), twice. Only this run's vhost is
 * touched: the broker itself keeps running for everyone else.
 */
const RPC_TIMEOUT_MS = 3_000;
const OUTAGE_MS = 12_000;
const CHANNEL_SECRET = 'whsec_cmVzaWxpZW5jZS1icm9rZXItdHJpYWwtc2VjcmV0';

jest.setTimeout(900_000);

const rabbitmqctl = (...args: string[]) => execFileSync('rabbitmqctl', args, { stdio: 'pipe', encoding: 'utf8' });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('trial 3: RabbitMQ closes every connection of the vhost mid-stream', () => {
  let sys: TrialSystem;
  let receiver: WebhookReceiverFake;

  beforeAll(async () => {
    receiver = await new WebhookReceiverFake(CHANNEL_SECRET, { latencyMs: 10 }).start();
    sys = await startTrialSystem('broker', {
      CHANNEL_ALLOW_PRIVATE_URLS: 'true',
      SCHEDULER_POLL_MS: '200',
      SCHEDULER_IDLE_MAX_MS: '500',
      PUBLISH_RETRY_BASE_MS: '500',
      PUBLISH_RETRY_CAP_MS: '2000',
      RPC_TIMEOUT_MS: String(RPC_TIMEOUT_MS),
    });
    expect(sys.vhost).toMatch(/^mt-test-/);
  }, 300_000);

  afterAll(async () => {
    if (sys?.vhost) {
      try {
        rabbitmqctl('clear_vhost_limits', '-p', sys.vhost);
      } catch {
        // no limit left to clear
      }
    }
    await sys?.stop();
    await receiver?.stop();
  });

  it('publishers keep their outbox rows and send them later, consumers come back, RPCs answer 503 meanwhile, nothing is lost or doubled', async () => {
    const { token, brandId } = await ownerWithBrand(sys.url);
    const hook = await api(sys.url, 'POST', '/api/v1/connections', {
      token,
      body: { brandId, platform: 'webhook', displayName: 'Shop feed', config: { url: receiver.hookUrl, secret: CHANNEL_SECRET } },
    });
    expect(hook.status).toBe(201);

    const stream = new WorkStream(sys.url, token, brandId, hook.body.id, {
      label: 'Broker trial',
      launchEveryMs: 400,
      probeMs: 200,
      itemDeadlineMs: 90_000,
    }).start();
    const outages: { from: number; to: number }[] = [];
    const schemas = (await sys.query<{ s: string }>(`SELECT table_schema AS s FROM information_schema.tables WHERE table_name = 'outbox'`)).map((r) => r.s);
    const unsentSql = `SELECT (${schemas.map((x) => `(SELECT count(*) FROM "${x}".outbox WHERE published_at IS NULL)`).join(' + ')})::int AS n`;
    let unsentDuringOutage = 0;
    let quietSamples = 0;
    const survivorNames: string[] = [];
    /** Which process holds a connection (`ss` by the client's port), for the figures. */
    const ownerOf = (line: string) => {
      const port = /:(\d+) ->/.exec(line)?.[1];
      try {
        const pid = /pid=(\d+)/.exec(execFileSync('ss', ['-tnpH', `sport = :${port}`], { encoding: 'utf8' }))?.[1];
        const app = [...sys.children.entries()].find(([, c]) => String(c.pid) === pid)?.[0];
        return `${line} (${app ?? (String(process.pid) === pid ? 'this test process' : `pid ${pid}`)})`;
      } catch {
        return line;
      }
    };
    const running = () =>
      // (list_connections lists the whole node: keep this vhost's.)
      rabbitmqctl('list_connections', '--quiet', '--no-table-headers', 'vhost', 'name', 'state')
        .split('\n')
        .map((l) => l.trim().split('\t'))
        .filter(([vhost, , state]) => vhost === sys.vhost && state === 'running')
        .map(([, name]) => name);
    for (let round = 0; round < 2; round++) {
      await sleep(8_000);
      rabbitmqctl('set_vhost_limits', '-p', sys.vhost, '{"max-connections": 0}');
      rabbitmqctl('close_all_connections', '-p', sys.vhost, `resilience trial: broker-side close ${round + 1}`);
      const from = Date.now();
      // While it lasts: no connection of the vhost gets past the handshake, and what the agents
      // commit meanwhile (events of published posts, job results) waits in their outboxes.
      while (Date.now() - from < OUTAGE_MS) {
        const [o] = await sys.query<{ n: number }>(unsentSql);
        unsentDuringOutage = Math.max(unsentDuringOutage, o.n);
        const survivors = running();
        if (survivors.length === 0) quietSamples++;
        else {
          // A connection whose handshake was under way when the limit was set gets through: close it too.
          survivorNames.push(...survivors.map(ownerOf));
          rabbitmqctl('close_all_connections', '-p', sys.vhost, `resilience trial: broker-side close ${round + 1}, again`);
        }
        await sleep(300);
      }
      outages.push({ from, to: Date.now() });
      rabbitmqctl('clear_vhost_limits', '-p', sys.vhost);
    }
    await sleep(8_000);
    await stream.stop();
    const unavailable = stream.probes.filter((p) => p.status === 503);
    const items = stream.items;
    console.log(
      `trial 3 figures: ${items.length} items (generate, approve, publish); 2 outages of ${outages.map((o) => o.to - o.from).join(' and ')} ms; ` +
        `${unsentDuringOutage} outbox rows waiting at most ; ${quietSamples} samples with no connection running, ${survivorNames.length} survivors closed again (${survivorNames.slice(0, 3).join('; ')}); ${stream.probes.length} probes, ${unavailable.length} answered 503 ` +
        `(slowest ${Math.max(0, ...unavailable.map((p) => p.ms))} ms); probe answers ${[...new Set(stream.probes.map((p) => `${p.status} ${p.code ?? ''}`.trim()))].join(', ')}; ${items.reduce((s, i) => s + i.resent, 0)} POSTs sent again (${[...new Set(stream.retried)].join(', ')})`,
    );

    // Every app is back on the broker and ready; every agent's queue has its consumer again.
    const ready = await until(
      'the gateway to see every agent ready',
      async () => {
        const r = await api(sys.url, 'GET', '/health/ready', { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
        return r.status === 200 ? r.body : undefined;
      },
      120_000,
    );
    for (const agent of AGENTS) expect(ready.agents[agent]).toEqual({ ok: true, detail: 'ok' });
    const consumers = new Map(
      rabbitmqctl('list_queues', '-p', sys.vhost, '--quiet', '--no-table-headers', 'name', 'consumers')
        .trim()
        .split('\n')
        .map((l) => l.trim().split(/\s+/))
        .map(([name, n]) => [name, Number(n)] as const),
    );
    // The outage was real: samples found no connection of the vhost running.
    expect(quietSamples).toBeGreaterThan(0);
    expect(AGENTS.filter((agent) => !((consumers.get(sys.topology.agentQueue(agent)) ?? 0) >= 1))).toEqual([]);
    expect(APPS.every((a) => sys.children.get(a)?.exitCode === null)).toBe(true);

    // RPCs during the outages answered 503 AGENT_UNAVAILABLE with Retry-After, never hung, never anything else.
    const odd = stream.probes.filter((p) => p.status !== 200 && !(p.status === 503 && p.code === 'AGENT_UNAVAILABLE' && p.retryAfter));
    expect(odd).toEqual([]);
    expect(unavailable.length).toBeGreaterThan(0);
    expect(Math.max(...stream.probes.map((p) => p.ms))).toBeLessThan(RPC_TIMEOUT_MS + 30_000);
    // …and only around the outages (from the close until the apps are back).
    const around = (p: { at: number }) => outages.some((o) => p.at >= o.from - 15_000 && p.at <= o.to + 30_000);
    expect(unavailable.filter((p) => !around(p))).toEqual([]);

    // Every accepted request had its effect exactly once.
    // Enough work crossed the outages to mean something. How much depends on the machine's load (11
    // items at load average 22, 42 idle), so the bar is low: the effects check below is the trial.
    expect(items.length).toBeGreaterThan(8);
    await until(
      'every post to be delivered',
      async () => (new Set(receiver.deliveries.map((d) => d.body.data.contentId)).size >= items.length ? true : undefined),
      60_000,
    ).catch(() => undefined);
    expect(await effectsOf(stream, brandId, sys.query, () => receiver.deliveries.map((d) => String(d.body.data.contentId)))).toEqual(onceEach(items.length));

    expect(await ledgerAtRest(sys, 60_000)).toEqual(AT_REST);
  });
});
