import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebhookReceiverFake } from '../../apps/publishing-agent/test/fakes';
import { api, registerUser, until } from '../support/http';
import {
  APPS,
  idLikeLabels,
  jsonLines,
  ROOT,
  type RunningSystem,
  type Sample,
  scrape,
  spawnApp,
  startEmbeddedProcess,
  startServiceProcesses,
} from '../support/processes';

/**
 * What an operator on call reads, from the platform run the way it is deployed (`npm start`'s one
 * process, and the six apps as six processes on RabbitMQ): after a user's content is generated,
 * approved, published to a channel and announced to a webhook subscriber, each app's /metrics
 * shows it — by kind, never by id — and the logs of that work are JSON lines that join up.
 */
const CHANNEL_SECRET = 'whsec_b2JzZXJ2YWJpbGl0eS10ZXN0LXNlY3JldC0xMjM=';
const AGENTS = APPS.filter((a) => a !== 'gateway');
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const ENV = {
  // The channel and the subscriber are fakes on 127.0.0.1.
  CHANNEL_ALLOW_PRIVATE_URLS: 'true',
  SCHEDULER_POLL_MS: '250',
  WEBHOOK_RETRY_BASE_MS: '200',
  RATE_LIMIT_PUBLIC_PER_MIN: '100000',
};

/** A brand's event subscriber: takes every delivery with 204. */
class Subscriber {
  private server: Server | null = null;
  received = 0;
  url = '';
  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        this.received++;
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((r) => this.server?.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/events`;
    return this;
  }
  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise((r) => this.server?.close(r));
  }
}

async function newBrand(url: string, token: string): Promise<string> {
  const brand = await api(url, 'POST', '/api/v1/brands', {
    token,
    body: {
      name: 'Northwind Roasters',
      industry: 'Coffee',
      description: 'A small-batch roaster shipping beans within 48 hours of roasting.',
      audience: 'Home baristas who care about origin',
      tone: 'warm, expert, playful',
      pillars: ['Brewing tips', 'Origins'],
      timezone: 'Europe/Berlin',
    },
  });
  expect(brand.status).toBe(201);
  return brand.body.id as string;
}

interface Work {
  token: string;
  userId: string;
  brandId: string;
  contentJobId: string;
  scheduledAt: Date;
}

/** register → brand → webhook channel and subscriber → generate content (a job) → approve → schedule → published and announced. */
async function publishOnePost(url: string, channel: WebhookReceiverFake, subscriber: Subscriber): Promise<Work> {
  const user = await registerUser(url, 'observer');
  const token = user.accessToken;
  const call = (method: string, route: string, body?: unknown) => api(url, method, `/api/v1${route}`, { token, body });
  const brandId = await newBrand(url, token);
  const connection = await call('POST', '/connections', {
    brandId,
    platform: 'webhook',
    displayName: 'Shop feed',
    config: { url: channel.hookUrl, secret: CHANNEL_SECRET },
  });
  expect(connection.status).toBe(201);
  const sub = await call('POST', '/webhooks', { brandId, url: subscriber.url, events: ['content.published'] });
  expect(sub.status).toBe(201);

  const start = await call('POST', '/content/generate', { brandId, brief: 'Our new single-origin espresso is here', platform: 'linkedin', variants: 1 });
  expect(start.status).toBe(202);
  const job = await until(
    'the generation job',
    async () => {
      const r = await call('GET', `/jobs/${start.body.jobId}`);
      return r.body.status === 'succeeded' || r.body.status === 'failed' ? r.body : undefined;
    },
    120_000,
  );
  expect(job.status).toBe('succeeded');
  const contentId = job.result.contentId as string;
  await until('publishing-agent to know the content', async () => {
    const r = await call('POST', `/content/${contentId}/approve`);
    return r.status === 200 ? r : undefined;
  });
  const scheduledAt = new Date(Date.now() + 1_500);
  await until(
    'the approval to reach publishing-agent',
    async () => {
      const r = await call('POST', `/content/${contentId}/schedule`, { at: scheduledAt.toISOString(), connectionIds: [connection.body.id] });
      if (r.status === 201) return r;
      if (r.status !== 404 && r.status !== 409) throw new Error(`schedule answered ${r.status}: ${JSON.stringify(r.body)}`);
      return undefined;
    },
    60_000,
  );
  await until(
    'the post to be published',
    async () => {
      const r = await call('GET', `/schedule?brandId=${brandId}`);
      return r.body.items?.some((i: { status: string }) => i.status === 'published') ? true : undefined;
    },
    60_000,
  );
  await until('content.published to reach the subscriber', async () => (subscriber.received > 0 ? true : undefined), 60_000);
  return { token, userId: user.user.id, brandId, contentJobId: start.body.jobId, scheduledAt };
}

/** Every app's samples; the families declared by any app. */
async function scrapeAll(sys: RunningSystem): Promise<{ samples: Sample[]; families: Set<string> }> {
  const samples: Sample[] = [];
  const families = new Set<string>();
  for (const url of sys.metricsUrls) {
    const s = await scrape(url);
    samples.push(...s.samples);
    for (const f of s.families) families.add(f);
  }
  return { samples, families };
}

/** The sum over every app of a family's series whose labels include `labels`. */
const total = (samples: Sample[], name: string, labels: Record<string, string> = {}) =>
  samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v)).reduce((n, s) => n + s.value, 0);

/** What both run modes must show after `publishOnePost`. */
async function expectMetricsOf(sys: RunningSystem): Promise<Sample[]> {
  // Counters are recorded as the work is committed; the last (webhook delivery) may trail the receiver by a moment.
  const { samples, families } = await until(
    'the webhook delivery to be counted',
    async () => {
      const s = await scrapeAll(sys);
      return total(s.samples, 'webhook_deliveries_total', { outcome: 'delivered' }) >= 1 ? s : undefined;
    },
    15_000,
  );
  expect(idLikeLabels(samples)).toEqual([]);
  for (const name of [
    'mesh_queue_messages',
    'mesh_queue_consumers',
    'mesh_rpc_timeouts_total',
    'jobs_active',
    'jobs_finished_total',
    'ai_calls_total',
    'ai_tokens_total',
    'ai_cost_usd_total',
    'publish_outcomes_total',
    'webhook_deliveries_total',
    'scheduler_lateness_seconds',
  ]) {
    expect([...families]).toContain(name);
  }

  // One post to the webhook channel: published once, never failed, unknown or reconciled.
  expect(total(samples, 'publish_outcomes_total', { platform: 'webhook', outcome: 'published' })).toBe(1);
  for (const outcome of ['failed', 'unknown', 'reconciled']) expect(total(samples, 'publish_outcomes_total', { platform: 'webhook', outcome })).toBe(0);
  // It started within a few seconds of its planned time (the scheduler polls every 250 ms).
  expect(total(samples, 'scheduler_lateness_seconds_count', { platform: 'webhook' })).toBe(1);
  const late = total(samples, 'scheduler_lateness_seconds_sum', { platform: 'webhook' });
  expect(late).toBeGreaterThanOrEqual(0);
  expect(late).toBeLessThan(10);
  expect(total(samples, 'webhook_deliveries_total', { outcome: 'delivered' })).toBe(1);

  // The generation job, by kind and status; nothing is left running.
  expect(total(samples, 'jobs_finished_total', { kind: 'content.generate', status: 'succeeded' })).toBe(1);
  expect(total(samples, 'jobs_active', { kind: 'content.generate' })).toBe(0);
  // Its AI work: attempts that succeeded, on the built-in engine, which uses no tokens and costs nothing.
  expect(total(samples, 'ai_calls_total', { agent: 'creation-agent', model: 'local-engine-v1', outcome: 'succeeded' })).toBeGreaterThanOrEqual(1);
  expect(total(samples, 'ai_tokens_total', { agent: 'creation-agent' })).toBe(0);
  expect(total(samples, 'ai_cost_usd_total', { agent: 'creation-agent', outcome: 'succeeded' })).toBe(0);
  expect(samples.some((s) => s.name === 'ai_cost_usd_total' && s.labels.agent === 'creation-agent')).toBe(true);
  const aiLabels = samples.filter((s) => s.name === 'ai_calls_total').map((s) => s.labels);
  for (const l of aiLabels) expect(Object.keys(l).sort()).toEqual(['agent', 'model', 'outcome', 'process', 'task']);

  // Every agent consumes its queue, and the work left nothing waiting there.
  const queues = samples.filter((s) => s.name.startsWith('mesh_queue_'));
  for (const agent of AGENTS) {
    const consumers = total(queues, 'mesh_queue_consumers', { agent, queue: 'tasks' });
    expect({ agent, consumers, dead: total(queues, 'mesh_queue_messages', { agent, queue: 'dead' }) }).toEqual({
      agent,
      consumers: expect.any(Number),
      dead: 0,
    });
    if (consumers < 1) throw new Error(`${agent}: no consumer on its tasks queue in ${JSON.stringify(queues.map((q) => [q.name, q.labels, q.value]))}`);
  }
  return samples;
}

/** The log lines of that work: JSON, one `request` line per answer, trace and request ids inside requests and messages. */
function expectLogsOf(sys: RunningSystem, work: Work): void {
  const { lines, other } = jsonLines(sys.output());
  // Node's own process warnings aside, every line an app writes is a JSON object.
  expect(other.filter((l) => !/^\(node:\d+\)|^\(Use `node --trace/.test(l))).toEqual([]);
  const requests = lines.filter((l) => l.msg === 'request' && l.user_id === work.userId);
  expect(requests.length).toBeGreaterThan(5);
  for (const r of requests) {
    expect(r).toMatchObject({
      app: 'gateway',
      method: expect.stringMatching(/^(GET|POST|PATCH|DELETE)$/),
      route: expect.stringMatching(/^\/api\/v1\//),
      status: expect.any(Number),
      duration_ms: expect.any(Number),
      request_id: expect.stringMatching(UUID),
      trace_id: expect.stringMatching(/^[0-9a-f]{32}$/),
    });
    // A route template, never a raw path with ids in it.
    expect(String(r.route)).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}/);
  }
  const generate = requests.find((r) => r.route === '/api/v1/content/generate');
  expect(generate).toMatchObject({ method: 'POST', status: 202, brand_id: work.brandId });
  const jobRead = requests.find((r) => r.route === '/api/v1/jobs/:id');
  expect(jobRead).toMatchObject({ method: 'GET', status: 200 });

  // The generation task handled by creation-agent: its lines carry the request's trace, the
  // correlation id and the brand; some line of the request's own trace was written in another app.
  const traceId = generate?.trace_id as string;
  const handled = lines.filter((l) => l.app === 'creation-agent' && l.msg === 'message settled' && l.trace_id === traceId);
  expect(handled.length).toBeGreaterThan(0);
  for (const l of handled) {
    expect(l).toMatchObject({
      span_id: expect.stringMatching(/^[0-9a-f]{16}$/),
      correlation_id: expect.any(String),
      message_id: expect.stringMatching(UUID),
      brand_id: work.brandId,
    });
  }
  // No secret in any line: the channel's signing secret, the user's token and password.
  const text = sys.output();
  for (const secret of [CHANNEL_SECRET, work.token, 'correct horse battery 42']) expect(text).not.toContain(secret);
}

describe('metrics and logs an operator reads (process per run mode)', () => {
  let channel: WebhookReceiverFake;
  let subscriber: Subscriber;
  beforeAll(async () => {
    channel = await new WebhookReceiverFake(CHANNEL_SECRET).start();
    subscriber = await new Subscriber().start();
  });
  afterAll(async () => {
    await channel?.stop();
    await subscriber?.stop();
  });

  describe('services (six processes on RabbitMQ)', () => {
    let sys: RunningSystem;
    beforeAll(async () => {
      sys = await startServiceProcesses(ENV);
    }, 240_000);
    afterAll(async () => {
      await sys?.stop();
    }, 90_000);

    it('counts the published post, the delivery, the job and its AI calls by kind only; queues per agent; the logs join up', async () => {
      try {
        const work = await publishOnePost(sys.url, channel, subscriber);
        const samples = await expectMetricsOf(sys);
        // Each agent's own process reports its own queue, consumed by itself.
        for (const agent of AGENTS) {
          const own = samples.filter((s) => s.name === 'mesh_queue_consumers' && s.labels.agent === agent);
          expect(own.map((s) => s.labels.process)).toEqual(own.map(() => agent));
        }
        expectLogsOf(sys, work);
      } catch (err) {
        throw new Error(`${(err as Error).stack}\n--- output ---\n${sys.output().slice(-3000)}`);
      }
    }, 300_000);

    it('counts an RPC that timed out by caller and task type, and logs the 503 with its stack and trace id', async () => {
      const user = await registerUser(sys.url, 'timeout');
      const brandId = await newBrand(sys.url, user.accessToken);
      const brandAgent = sys.children.get('brand-agent')!;
      brandAgent.kill('SIGSTOP');
      try {
        const r = await api(sys.url, 'GET', `/api/v1/brands/${brandId}`, { token: user.accessToken });
        expect(r.status).toBe(503);
        expect(r.body.code).toBe('AGENT_UNAVAILABLE');
        const gateway = await scrape(sys.metricsUrls[0]);
        expect(total(gateway.samples, 'mesh_rpc_timeouts_total', { caller: 'gateway', type: 'brand.get' })).toBe(1);
        expect(total(gateway.samples, 'mesh_rpc_duration_seconds_count', { caller: 'gateway', type: 'brand.get', outcome: 'timeout' })).toBe(1);
        const errorLine = await until(
          'the 503 error line',
          async () => jsonLines(sys.output()).lines.find((l) => l.level === 'error' && l.trace_id === r.body.traceId && typeof l.stack === 'string'),
          10_000,
        );
        expect(errorLine).toMatchObject({ app: 'gateway', request_id: r.headers.get('x-request-id'), user_id: user.user.id, brand_id: brandId });
        const requestLine = jsonLines(sys.output()).lines.find((l) => l.msg === 'request' && l.request_id === r.headers.get('x-request-id'));
        expect(requestLine).toMatchObject({
          method: 'GET',
          route: '/api/v1/brands/:id',
          status: 503,
          trace_id: r.body.traceId,
          user_id: user.user.id,
          brand_id: brandId,
        });
      } finally {
        brandAgent.kill('SIGCONT');
      }
    }, 120_000);
  });

  describe('embedded (`npm start`, one process)', () => {
    let sys: RunningSystem;
    beforeAll(async () => {
      sys = await startEmbeddedProcess(ENV);
    }, 180_000);
    afterAll(async () => {
      await sys?.stop();
    }, 60_000);

    it('shows the same families and values from the one process, in-process queues included', async () => {
      try {
        const work = await publishOnePost(sys.url, channel, subscriber);
        const samples = await expectMetricsOf(sys);
        expect(new Set(samples.map((s) => s.labels.process))).toEqual(new Set(['marketing-team']));
        expectLogsOf(sys, work);
      } catch (err) {
        throw new Error(`${(err as Error).stack}\n--- output ---\n${sys.output().slice(-3000)}`);
      }
    }, 300_000);
  });

  describe('start-up failures and crashes', () => {
    const run = (script: string, env: Record<string, string>) =>
      new Promise<{ code: number | null; output: string }>((resolve) => {
        const sink = { text: '' };
        const child = spawnApp(script, env, sink);
        child.on('exit', (code) => resolve({ code, output: sink.text }));
      });

    it('a setting missing or wrong, or a broker out of reach: one JSON line naming it, exit 1', async () => {
      const gateway = await run('apps/gateway/src/main.ts', { PORT: 'not-a-port' });
      expect(gateway.code).toBe(1);
      const g = jsonLines(gateway.output);
      expect(g.other).toEqual([]);
      expect(g.lines.at(-1)).toMatchObject({ level: 'error', app: 'gateway', msg: expect.stringMatching(/^gateway could not start: /), setting: 'PORT' });

      const agent = await run('apps/brand-agent/src/main.ts', {
        DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/postgres',
        AMQP_URL: 'amqp://guest:guest@127.0.0.1:1',
        REDIS_URL: process.env.MT_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379',
        JWT_SECRET: 'a-secret-that-is-long-enough-for-the-check',
      });
      expect(agent.code).toBe(1);
      const a = jsonLines(agent.output);
      expect(a.other.filter((l) => !/^\(node:\d+\)|^\(Use `node --trace/.test(l))).toEqual([]);
      const failure = a.lines.find((l) => String(l.msg).startsWith('brand-agent could not start: '));
      expect(failure).toMatchObject({ level: 'error', msg: expect.stringContaining('RabbitMQ is not reachable'), stack: expect.any(String) });
      expect(JSON.stringify(failure)).not.toContain('guest:guest');
    }, 180_000);

    it('an exception nobody caught ends the process as one JSON line with its stack', async () => {
      const script = [
        "const { installCrashLog } = require('./libs/runtime/src/logging/json-logger');",
        "installCrashLog('crash-test');",
        "setTimeout(() => { throw new Error('the printer is on fire'); }, 10);",
      ].join('\n');
      const out = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
        const child = spawn(process.execPath, ['-r', '@swc-node/register', '-e', script], {
          cwd: ROOT,
          env: { PATH: process.env.PATH },
          stdio: ['ignore', 'ignore', 'pipe'],
        });
        let stderr = '';
        child.stderr.on('data', (d) => (stderr += d));
        child.on('exit', (code) => resolve({ code, stderr }));
      });
      expect(out.code).toBe(1);
      const { lines, other } = jsonLines(out.stderr);
      expect(other).toEqual([]);
      expect(lines).toEqual([
        expect.objectContaining({
          level: 'error',
          app: 'crash-test',
          msg: 'crash-test crashed: uncaught exception: the printer is on fire',
          stack: expect.stringContaining('Error: the printer is on fire'),
        }),
      ]);
    }, 180_000);
  });
});
