import { MeshHarness, TRANSPORTS, eventually } from '../../../messages/test/harness';
import perfHooks from 'node:perf_hooks';
import { EVENT_LOOP_RESOLUTION_MS, Metrics } from './metrics';

/** Every series of a family whose labels include `labels`, as [labels, value] (label order does not matter). */
async function series(metrics: Metrics, name: string, labels: Record<string, string> = {}): Promise<[Record<string, string>, number][]> {
  const out: [Record<string, string>, number][] = [];
  for (const line of (await metrics.text()).split('\n')) {
    const m = /^(\w+)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const have = Object.fromEntries([...(m[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((x) => [x[1], x[2]]));
    if (Object.entries(labels).every(([k, v]) => have[k] === v)) out.push([have, Number(m[3])]);
  }
  return out;
}

const value = async (metrics: Metrics, name: string, labels: Record<string, string>) => (await series(metrics, name, labels))[0]?.[1];

describe.each(TRANSPORTS)('queue depth and consumers read from the %s broker at scrape time', (kind) => {
  let h: MeshHarness;
  beforeEach(async () => {
    h = await MeshHarness.create(kind);
  });
  afterEach(async () => {
    await h.close();
  });

  it("shows messages waiting in an agent's queue and who consumes it; a node that only sends reports no queue", async () => {
    const metrics = new Metrics('test');
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const worker = await h.node('worker', { observer: metrics.meshObserver('worker'), prefetch: 1, batchSize: 1, concurrency: 1, unbatchedConcurrency: 1 });
    worker.handlers.add({ kind: 'task', type: 'test.slow', options: {}, handle: () => gate });
    await worker.start();
    const sender = await h.node('sender', { routes: { 'test.slow': 'worker' }, observer: metrics.meshObserver('sender') });
    await sender.startSender();

    // The first scrape already answers (the inspecting channel opens on demand).
    expect(await value(metrics, 'mesh_queue_consumers', { agent: 'worker', queue: 'tasks' })).toBe(1);
    for (let i = 0; i < 5; i++) await sender.client.dispatch('test.slow', { n: i });
    // One in the handler's hands (prefetch 1), four waiting on the broker.
    await eventually(async () => (await value(metrics, 'mesh_queue_messages', { agent: 'worker', queue: 'tasks' })) === 4, 'four messages waiting', 15_000);
    expect(await value(metrics, 'mesh_queue_consumers', { agent: 'worker', queue: 'tasks' })).toBe(1);
    expect(await value(metrics, 'mesh_queue_consumers', { agent: 'worker', queue: 'dead' })).toBe(1);
    expect(await value(metrics, 'mesh_queue_messages', { agent: 'worker', queue: 'rpc' })).toBe(0);
    expect(await series(metrics, 'mesh_queue_messages', { agent: 'sender' })).toEqual([]);

    release();
    await eventually(async () => (await value(metrics, 'mesh_queue_messages', { agent: 'worker', queue: 'tasks' })) === 0, 'the queue drained', 15_000);
    // The broker is still fine to publish on after the scrapes (a passive check never closes the publishing channel).
    await sender.client.dispatch('test.slow', { n: 99 });
    await eventually(
      async () => (await value(metrics, 'mesh_messages_total', { agent: 'worker', type: 'test.slow', outcome: 'handled' })) === 6,
      'six handled',
      15_000,
    );
  });

  it('leaves out a queue the broker does not know, without failing the scrape', async () => {
    const metrics = new Metrics('test');
    const stats = await h.broker.inspectQueue(`${h.topology.agentQueue('nobody')}-missing`);
    expect(stats).toBeNull();
    const node = await h.node('worker', { observer: metrics.meshObserver('worker') });
    await node.start();
    expect(await value(metrics, 'mesh_queue_consumers', { agent: 'worker', queue: 'tasks' })).toBe(1);
  });
});

describe('Metrics', () => {
  it('counts AI attempts, tokens and cost by agent, task, model and outcome', async () => {
    const metrics = new Metrics('test');
    const ai = metrics.aiObserver();
    const base = { agent: 'creation-agent', task: 'content.generate', model: 'gpt-4o-mini', provider: 'openai' };
    ai.attempt({ ...base, outcome: 'failed', tokensIn: 100, tokensOut: 0, costUsd: 0.0001 });
    ai.attempt({ ...base, outcome: 'succeeded', tokensIn: 120, tokensOut: 300, costUsd: 0.0025 });
    ai.attempt({ ...base, outcome: 'succeeded', tokensIn: 80, tokensOut: 200, costUsd: 0.0015 });
    const labels = { agent: 'creation-agent', task: 'content.generate', model: 'gpt-4o-mini' };
    expect(await value(metrics, 'ai_calls_total', { ...labels, outcome: 'succeeded' })).toBe(2);
    expect(await value(metrics, 'ai_calls_total', { ...labels, outcome: 'failed' })).toBe(1);
    expect(await value(metrics, 'ai_tokens_total', { ...labels, outcome: 'succeeded', direction: 'in' })).toBe(200);
    expect(await value(metrics, 'ai_tokens_total', { ...labels, outcome: 'succeeded', direction: 'out' })).toBe(500);
    expect(await value(metrics, 'ai_cost_usd_total', { ...labels, outcome: 'succeeded' })).toBeCloseTo(0.004, 9);
  });

  it('counts RPC timeouts by caller and task type beside the latency histogram', async () => {
    const metrics = new Metrics('test');
    const obs = metrics.meshObserver('gateway');
    obs.rpc?.('brand.get', 'timeout', 3);
    obs.rpc?.('brand.get', 'ok', 0.002);
    expect(await value(metrics, 'mesh_rpc_timeouts_total', { caller: 'gateway', type: 'brand.get' })).toBe(1);
    expect(await value(metrics, 'mesh_rpc_duration_seconds_count', { caller: 'gateway', type: 'brand.get', outcome: 'ok' })).toBe(1);
  });

  it('answers a scrape even when a gauge read at scrape time fails', async () => {
    const metrics = new Metrics('test');
    metrics.scrapeGauge('broken_thing', 'always fails', ['kind'], async () => {
      throw new Error('database down');
    });
    metrics.scrapeGauge('fine_thing', 'works', ['kind'], async () => [{ labels: { kind: 'a' }, value: 3 }]);
    expect(await series(metrics, 'broken_thing')).toEqual([]);
    expect(await value(metrics, 'fine_thing', { kind: 'a' })).toBe(3);
    // The same family asked for twice is one family (two apps of one process).
    expect(metrics.counter({ name: 'x_total', help: 'x', labelNames: ['k'] })).toBe(metrics.counter({ name: 'x_total', help: 'x', labelNames: ['k'] }));
  });

  it('samples the event-loop delay every 100 ms, not every 10 ms: an idle process is not woken 100 times a second (ADR 204)', async () => {
    const monitor = jest.spyOn(perfHooks, 'monitorEventLoopDelay');
    try {
      const metrics = new Metrics('test');
      expect(monitor).toHaveBeenCalledWith({ resolution: EVENT_LOOP_RESOLUTION_MS });
      expect(EVENT_LOOP_RESOLUTION_MS).toBe(100);
      // The lag series are still exported.
      expect(await series(metrics, 'nodejs_eventloop_lag_p99_seconds')).toHaveLength(1);
    } finally {
      monitor.mockRestore();
    }
  });
});
