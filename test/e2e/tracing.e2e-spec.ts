import { OtlpReceiver, type ReceivedSpan, SPAN_KIND } from '../support/otlp-receiver';
import { api, until } from '../support/http';
import { idLikeLabels, type RunningSystem, type Sample, scrape, startEmbeddedProcess, startServiceProcesses } from '../support/processes';

/**
 * Traces as an operator gets them: the platform started the way it is run (`npm start`'s one
 * process, or the six apps as six processes) with OTEL_EXPORTER_OTLP_ENDPOINT pointing at an
 * OTLP/HTTP receiver started here, then a user's campaign planned end to end. The system runs in
 * child processes because the OpenTelemetry instrumentations patch modules as Node loads them,
 * which Jest's own module loader bypasses.
 */
const CAMPAIGN = {
  name: 'Spring origins',
  goal: 'Grow subscriptions',
  startDate: '2027-03-01',
  endDate: '2027-03-14',
  platforms: ['linkedin', 'x'],
  postsPerWeek: 3,
};
const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-0[01]$/;

type Running = RunningSystem;
const startEmbedded = startEmbeddedProcess;
const startServices = startServiceProcesses;

function traceIdOf(headers: Headers): string {
  const m = TRACEPARENT.exec(headers.get('traceparent') ?? '');
  if (!m) throw new Error(`no traceparent in the answer: ${headers.get('traceparent')}`);
  return m[1];
}

async function registerWithBrand(url: string): Promise<{ token: string; brandId: string }> {
  const reg = await api(url, 'POST', '/api/v1/auth/register', {
    body: { email: `trace-${Date.now()}@example.com`, password: 'correct horse battery 42', name: 'Tracer' },
  });
  expect(reg.status).toBe(201);
  const token = reg.body.accessToken as string;
  const call = (method: string, route: string, body?: unknown) => api(url, method, `/api/v1${route}`, { token, body });
  const brand = await call('POST', '/brands', {
    name: 'Northwind Roasters',
    industry: 'Coffee',
    description: 'A small-batch roaster shipping beans within 48 hours of roasting.',
    audience: 'Home baristas who care about origin',
    tone: 'warm, expert, playful',
    pillars: ['Brewing tips', 'Origins', 'Behind the roast'],
    timezone: 'Europe/Berlin',
  });
  expect(brand.status).toBe(201);
  return { token, brandId: brand.body.id as string };
}

/** register → brand → campaign → plan → content for every entry; answers the plan request's trace id. */
async function planCampaign(url: string): Promise<{ traceId: string; token: string }> {
  const { token, brandId } = await registerWithBrand(url);
  const call = (method: string, route: string, body?: unknown) => api(url, method, `/api/v1${route}`, { token, body });
  const campaign = await call('POST', '/campaigns', { brandId, ...CAMPAIGN });
  expect(campaign.status).toBe(201);
  const plan = await call('POST', `/campaigns/${campaign.body.id}/plan`);
  expect(plan.status).toBe(202);
  const traceId = traceIdOf(plan.headers);
  await until(
    'the plan job to succeed',
    async () => {
      const j = await call('GET', `/jobs/${plan.body.jobId}`);
      if (j.body.status === 'failed') throw new Error(`plan job failed: ${JSON.stringify(j.body)}`);
      return j.body.status === 'succeeded' ? j.body : undefined;
    },
    120_000,
  );
  await until(
    'content for all 12 entries',
    async () => {
      const r = await call('GET', `/content?brandId=${brandId}&campaignId=${campaign.body.id}&limit=100`);
      return r.body.items?.length === 12 ? true : undefined;
    },
    120_000,
  );
  return { traceId, token };
}

const byId = (spans: ReceivedSpan[]) => new Map(spans.map((s) => [s.spanId, s]));

/** What the issue asks of the plan's trace, whatever the run mode. */
async function expectOneTraceAcrossTheMesh(receiver: OtlpReceiver, traceId: string): Promise<ReceivedSpan[]> {
  // Spans arrive in batches from each process, a child often before its parent: wait until
  // content.created has been handled and every parent has arrived (or time is up, then assert).
  const complete = (t: ReceivedSpan[]) => {
    const ids = byId(t);
    const services = new Set(t.map((s) => s.service));
    return (
      t.some((s) => s.kind === SPAN_KIND.consumer && s.name === 'process content.created') &&
      ['gateway', 'strategy-agent', 'creation-agent'].every((n) => services.has(n)) &&
      t.filter((s) => !ids.has(s.parentSpanId)).length === 1
    );
  };
  await until('the plan trace to be complete', async () => (complete(receiver.trace(traceId)) ? true : undefined), 60_000).catch(() => undefined);
  const spans = receiver.trace(traceId);
  const services = new Set(spans.map((s) => s.service));
  expect([...services]).toEqual(expect.arrayContaining(['gateway', 'strategy-agent', 'creation-agent']));

  // The request's server span is named by its route template, never the raw path with ids.
  const server = spans.find((s) => s.kind === SPAN_KIND.server && s.service === 'gateway');
  expect(server?.name).toBe('POST /api/v1/campaigns/:id/plan');

  // PostgreSQL spans in the agents' work, not only in the gateway's.
  const pg = spans.filter((s) => s.attributes['db.system'] === 'postgresql' || s.attributes['db.system.name'] === 'postgresql');
  expect(pg.some((s) => s.service === 'strategy-agent')).toBe(true);
  expect(pg.some((s) => s.service === 'creation-agent')).toBe(true);

  // PRODUCER → CONSUMER across the mesh: the consumer's parent is the producer span in the envelope.
  const index = byId(spans);
  const pairs = spans
    .filter((s) => s.kind === SPAN_KIND.consumer && s.name.startsWith('process '))
    .map((c) => ({ consumer: c, producer: index.get(c.parentSpanId) }))
    .filter((p) => p.producer?.kind === SPAN_KIND.producer && p.producer.service !== p.consumer.service);
  const names = pairs.map((p) => `${p.producer!.service}:${p.producer!.name} → ${p.consumer.service}:${p.consumer.name}`);
  expect(names).toEqual(
    expect.arrayContaining([
      'gateway:send campaign.plan → strategy-agent:process campaign.plan',
      'strategy-agent:send campaign.planned → creation-agent:process campaign.planned',
    ]),
  );
  for (const { consumer, producer } of pairs) {
    expect(consumer.attributes['messaging.message.id']).toBe(producer!.attributes['messaging.message.id']);
    expect(consumer.attributes['messaging.operation.type']).toBe('process');
    expect(['rabbitmq', 'in_process']).toContain(consumer.attributes['messaging.system']);
  }
  // The relay's send spans hang under the span the outbox row was written in (the context stored
  // with the row), which records the row's creation as a `create <type>` event naming the message
  // (ADR 191: no `create` span of its own).
  const sends = spans.filter((s) => s.kind === SPAN_KIND.producer && s.attributes['marketing_team.outbox'] === true);
  expect(sends.length).toBeGreaterThan(0);
  for (const s of sends) {
    const writer = index.get(s.parentSpanId);
    expect(writer?.kind === SPAN_KIND.server || writer?.kind === SPAN_KIND.consumer).toBe(true);
    const created = writer?.events.find((e) => e.attributes['messaging.message.id'] === s.attributes['messaging.message.id']);
    expect(created?.name).toBe(s.name.replace(/^send /, 'create '));
  }

  // Times an operator can read: each statement shows within the span it ran in, each `create`
  // event within its writer's span, though each app's wall clock may be adjusted while a job runs
  // (children are timed on their local parent's clock, ADR 241).
  const outside = (inner: { start: bigint; end: bigint }, outer: ReceivedSpan) => inner.start < outer.start || inner.end > outer.end;
  const misplaced = pg.flatMap((s) => {
    const parent = index.get(s.parentSpanId);
    return parent && parent.service === s.service && outside(s, parent)
      ? [`${s.service}:${s.name} (${s.start}–${s.end}) in ${parent.name} (${parent.start}–${parent.end})`]
      : [];
  });
  for (const s of sends) {
    const writer = index.get(s.parentSpanId)!;
    for (const e of writer.events.filter((e) => e.name.startsWith('create '))) {
      if (outside({ start: e.time, end: e.time }, writer))
        misplaced.push(`${writer.service}:${e.name} (${e.time}) in ${writer.name} (${writer.start}–${writer.end})`);
    }
  }
  expect(misplaced).toEqual([]);

  // Each entry's post is written under its own message: its AI attempts are children of its own
  // `process content.entry.generate` span, though its call may have waited for one of the creation
  // agent's AI_CONCURRENCY slots and started when another entry's call ended.
  const generations = spans.filter((s) => s.service === 'creation-agent' && s.name === 'process content.entry.generate');
  expect(generations.length).toBeGreaterThanOrEqual(12);
  const attemptsUnder = (g: ReceivedSpan) => spans.filter((s) => s.parentSpanId === g.spanId && s.attributes['gen_ai.operation.name'] === 'chat').length;
  expect(generations.map(attemptsUnder).filter((n) => n === 0)).toEqual([]);

  // One trace, no orphans: every span but the request's own has its parent in the trace.
  const orphans = spans.filter((s) => s !== server && !index.has(s.parentSpanId));
  expect(orphans.map((s) => `${s.service}:${s.name}`)).toEqual([]);
  return spans;
}

/** Scrapes each app: the mesh metrics are there, and no label value looks like an id (shared rule, test/support/processes.ts). */
async function expectBoundedMetrics(sys: Running): Promise<void> {
  const families = new Set<string>();
  const samples: Sample[] = [];
  for (const url of sys.metricsUrls) {
    const s = await scrape(url);
    samples.push(...s.samples);
    for (const f of s.samples) families.add(f.name);
  }
  expect(idLikeLabels(samples)).toEqual([]);
  for (const name of [
    'http_requests_total',
    'mesh_messages_total',
    'mesh_outbox_backlog',
    'mesh_outbox_oldest_age_seconds',
    'mesh_dead_letters_waiting',
    'mesh_rpc_duration_seconds_bucket',
  ]) {
    expect([...families]).toContain(name);
  }
}

function logLinesOf(output: string, traceId: string): Record<string, unknown>[] {
  return output
    .split('\n')
    .filter((l) => l.startsWith('{') && l.includes(traceId))
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

describe('traces, logs and trace ids exported over OTLP', () => {
  let receiver: OtlpReceiver;

  beforeAll(async () => {
    receiver = await OtlpReceiver.start();
  });
  afterAll(async () => {
    await receiver?.close();
  });

  // Two AI calls at a time: a plan's twelve posts queue for the creation agent's slots.
  const otel = () => ({ OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_BSP_SCHEDULE_DELAY: '200', OTEL_TRACES_SAMPLER: 'always_on', AI_CONCURRENCY: '2' });

  describe('embedded (`npm start`, one process)', () => {
    let sys: Running;
    beforeAll(async () => {
      sys = await startEmbedded(otel());
    }, 180_000);
    afterAll(async () => {
      await sys?.stop();
    }, 60_000);

    it('follows a plan from the gateway through strategy-agent to creation-agent in one trace, per app', async () => {
      try {
        const { traceId, token } = await planCampaign(sys.url);
        const spans = await expectOneTraceAcrossTheMesh(receiver, traceId);
        expect(spans.find((s) => s.service === 'creation-agent' && s.attributes['messaging.system'])?.attributes['messaging.system']).toBe('in_process');
        // Neither the logs nor the spans hold a password or a token.
        const exported = JSON.stringify(receiver.spans, (_, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
        for (const secret of ['correct horse battery 42', token]) {
          expect(sys.output()).not.toContain(secret);
          expect(exported).not.toContain(secret);
        }
        // AI attempts: model, provider, task, tokens and cost, never the prompt.
        const ai = spans.filter((s) => s.attributes['gen_ai.operation.name'] === 'chat');
        expect(ai.length).toBeGreaterThan(0);
        for (const s of ai) {
          expect(s.attributes).toEqual(
            expect.objectContaining({
              'gen_ai.request.model': expect.any(String),
              'gen_ai.provider.name': expect.any(String),
              'marketing_team.ai.task': expect.any(String),
            }),
          );
          expect(typeof s.attributes['gen_ai.usage.input_tokens']).toBe('number');
          expect(Object.keys(s.attributes).some((k) => /prompt|completion|content/.test(k))).toBe(false);
        }
        // Log lines of that plan carry its trace id, in the gateway and in the agents that handled it.
        const lines = logLinesOf(sys.output(), traceId);
        const apps = new Set(lines.map((l) => l.app));
        expect([...apps]).toEqual(expect.arrayContaining(['gateway', 'strategy-agent', 'creation-agent']));
        const request = lines.find((l) => l.msg === 'request');
        expect(request).toMatchObject({ method: 'POST', route: '/api/v1/campaigns/:id/plan', status: 202, trace_id: traceId });
        expect(typeof request?.user_id).toBe('string');
        const handled = lines.filter((l) => l.msg === 'message settled');
        expect(handled.length).toBeGreaterThan(0);
        for (const l of handled)
          expect(l).toMatchObject({ trace_id: traceId, span_id: expect.stringMatching(/^[0-9a-f]{16}$/), correlation_id: expect.any(String) });
        await expectBoundedMetrics(sys);
      } catch (err) {
        throw new Error(`${(err as Error).message}\n--- output ---\n${sys.output().slice(-3000)}`);
      }
    }, 300_000);
  });

  describe('services (six processes)', () => {
    let sys: Running;
    beforeAll(async () => {
      sys = await startServices(otel());
    }, 240_000);
    afterAll(async () => {
      await sys?.stop();
    }, 90_000);

    it('follows a plan across RabbitMQ through every process in one trace', async () => {
      const { traceId } = await planCampaign(sys.url);
      const spans = await expectOneTraceAcrossTheMesh(receiver, traceId);
      expect(spans.find((s) => s.service === 'creation-agent' && s.attributes['messaging.system'])?.attributes['messaging.system']).toBe('rabbitmq');
      const lines = logLinesOf(sys.output(), traceId);
      expect([...new Set(lines.map((l) => l.app))]).toEqual(expect.arrayContaining(['gateway', 'strategy-agent', 'creation-agent']));
      await expectBoundedMetrics(sys);
    }, 300_000);

    it('puts the trace id of a 5xx answer in its problem body, and that trace reaches the receiver', async () => {
      const { token, brandId } = await registerWithBrand(sys.url);
      const brandAgent = sys.children.get('brand-agent')!;
      brandAgent.kill('SIGSTOP'); // the agent stops answering: the gateway's RPC times out
      try {
        const r = await api(sys.url, 'GET', `/api/v1/brands/${brandId}`, { token });
        expect(r.status).toBe(503);
        expect(r.body.code).toBe('AGENT_UNAVAILABLE');
        expect(r.body.traceId).toBe(traceIdOf(r.headers));
        const server = await until('the 503 request span', async () => receiver.trace(r.body.traceId).find((s) => s.kind === SPAN_KIND.server), 30_000);
        expect(server).toMatchObject({ service: 'gateway', name: 'GET /api/v1/brands/:id', status: 2 });
        const rpc = receiver.trace(r.body.traceId).find((s) => s.kind === SPAN_KIND.producer && s.name === 'send brand.get');
        expect(rpc?.attributes['error.type']).toBe('AGENT_UNAVAILABLE');
        // The error line carries the same trace id.
        await until('the error log line', async () => (logLinesOf(sys.output(), r.body.traceId).some((l) => l.level === 'error') ? true : undefined), 10_000);
      } finally {
        brandAgent.kill('SIGCONT');
      }
    }, 300_000);
  });

  it('connects nowhere when no OTLP endpoint is set', async () => {
    // The exporter's default address is localhost:4318: listen there (IPv4 and, where there is
    // one, IPv6 loopback) and expect silence.
    const standIns = [await OtlpReceiver.start(4318)];
    const v6 = await OtlpReceiver.start(4318, '::1').catch(() => null);
    if (v6) standIns.push(v6);
    let sys: Running | undefined;
    try {
      sys = await startEmbedded({ OTEL_SERVICE_NAME: 'marketing-team', OTEL_TRACES_SAMPLER: 'always_on', OTEL_BSP_SCHEDULE_DELAY: '100' });
      const reg = await api(sys.url, 'POST', '/api/v1/auth/register', {
        body: { email: `quiet-${Date.now()}@example.com`, password: 'correct horse battery 42', name: 'Quiet' },
      });
      expect(reg.status).toBe(201);
      // Still a trace id for the user and the logs, made without an SDK.
      expect(traceIdOf(reg.headers)).toMatch(/^[0-9a-f]{32}$/);
      await new Promise((r) => setTimeout(r, 1500));
      expect(standIns.map((r) => r.connections)).toEqual(standIns.map(() => 0));
      // …and the process says why, so an operator who expected traces knows what to set.
      expect(sys.output()).toContain('OTEL_EXPORTER_OTLP_ENDPOINT');
    } finally {
      await sys?.stop();
      for (const r of standIns) await r.close();
    }
  }, 240_000);
});
