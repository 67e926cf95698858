import { collectDefaultMetrics, Counter, type CounterConfiguration, Gauge, Histogram, type HistogramConfiguration, Registry } from 'prom-client';
import type { AiObserver } from '@mt/ai';
import type { MeshGaugeSources, MeshObserver, MeshQueueStats } from '@mt/messages';

/** One series of a gauge read at scrape time. */
export interface GaugeReading<L extends string> {
  labels: Record<L, string>;
  value: number;
}

/**
 * How often the event-loop delay histogram (`nodejs_eventloop_lag_*`) samples the loop. prom-client's
 * default, 10 ms, is a timer outside JavaScript that wakes an idle process 100 times a second — the
 * largest idle cost of the one-process system (ADR 204). At 100 ms a blocked loop still shows in
 * max and p99 (a block of 100 ms or more always; a shorter one when a sample falls in it), and a
 * 10 s scrape interval still holds 100 samples.
 */
export const EVENT_LOOP_RESOLUTION_MS = 100;

/**
 * One Prometheus registry per process: Node's default metrics, HTTP requests (gateway) and mesh
 * messages (every agent; in the embedded mode all of them, told apart by the `agent` label).
 */
export class Metrics {
  readonly registry = new Registry();
  private readonly httpRequests: Counter<'method' | 'route' | 'status'>;
  private readonly httpDuration: Histogram<'method' | 'route'>;
  private readonly messages: Counter<'agent' | 'type' | 'outcome'>;
  private readonly handlerDuration: Histogram<'agent' | 'type'>;
  private readonly agentUp: Gauge<'agent'>;
  private readonly rejected: Counter<'agent' | 'reason'>;
  private readonly rpcDuration: Histogram<'caller' | 'type' | 'outcome'>;
  private readonly rpcTimeouts: Counter<'caller' | 'type'>;
  private readonly aiCalls: Counter<'agent' | 'task' | 'model' | 'outcome'>;
  private readonly aiTokens: Counter<'agent' | 'task' | 'model' | 'outcome' | 'direction'>;
  private readonly aiCost: Counter<'agent' | 'task' | 'model' | 'outcome'>;
  /** Per agent: what a scrape reads from its database (outbox, dead letters). */
  private readonly sources = new Map<string, MeshGaugeSources>();

  constructor(processName: string) {
    this.registry.setDefaultLabels({ process: processName });
    collectDefaultMetrics({ register: this.registry, eventLoopMonitoringPrecision: EVENT_LOOP_RESOLUTION_MS });
    this.httpRequests = new Counter({
      name: 'http_requests_total',
      help: 'HTTP requests answered, by route template and status',
      labelNames: ['method', 'route', 'status'],
      registers: [this.registry],
    });
    this.httpDuration = new Histogram({
      name: 'http_request_duration_seconds',
      help: 'Time to answer an HTTP request',
      labelNames: ['method', 'route'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [this.registry],
    });
    this.messages = new Counter({
      name: 'mesh_messages_total',
      help: 'Messages an agent took: handled, duplicate, retried, dead_lettered, answered_error',
      labelNames: ['agent', 'type', 'outcome'],
      registers: [this.registry],
    });
    this.handlerDuration = new Histogram({
      name: 'mesh_handler_duration_seconds',
      help: 'Time from taking a message to settling it (transaction included)',
      labelNames: ['agent', 'type'],
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1, 5],
      registers: [this.registry],
    });
    this.agentUp = new Gauge({
      name: 'mesh_agent_up',
      help: "Whether an agent answered the gateway's last readiness check (1) or not (0)",
      labelNames: ['agent'],
      registers: [this.registry],
    });
    this.rejected = new Counter({
      name: 'mesh_dead_lettered_on_arrival_total',
      help: 'Messages dead-lettered before any handler: malformed envelope, or no handler for the type',
      labelNames: ['agent', 'reason'],
      registers: [this.registry],
    });
    this.rpcDuration = new Histogram({
      name: 'mesh_rpc_duration_seconds',
      help: 'Time a caller waited for an RPC answer, by task type and outcome (ok, error, timeout)',
      labelNames: ['caller', 'type', 'outcome'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [this.registry],
    });
    this.rpcTimeouts = new Counter({
      name: 'mesh_rpc_timeouts_total',
      help: 'RPCs that got no answer in time (the caller answered AGENT_UNAVAILABLE), by caller and task type',
      labelNames: ['caller', 'type'],
      registers: [this.registry],
    });
    this.aiCalls = new Counter({
      name: 'ai_calls_total',
      help: 'AI attempts (one ai_log row each), by agent, task, configured model and outcome (succeeded, failed, cached, refused)',
      labelNames: ['agent', 'task', 'model', 'outcome'],
      registers: [this.registry],
    });
    this.aiTokens = new Counter({
      name: 'ai_tokens_total',
      help: 'AI tokens used, by agent, task, model, outcome and direction (in = prompt, out = completion)',
      labelNames: ['agent', 'task', 'model', 'outcome', 'direction'],
      registers: [this.registry],
    });
    this.aiCost = new Counter({
      name: 'ai_cost_usd_total',
      help: 'Estimated AI cost in US dollars (the price table of ai_log), by agent, task, model and outcome',
      labelNames: ['agent', 'task', 'model', 'outcome'],
      registers: [this.registry],
    });
    this.meshGauges();
  }

  /** A counter an app owns (publish outcomes, webhook deliveries…); the same family when asked twice. */
  counter<L extends string>(config: Omit<CounterConfiguration<L>, 'registers'>): Counter<L> {
    return (this.registry.getSingleMetric(config.name) as Counter<L> | undefined) ?? new Counter({ ...config, registers: [this.registry] });
  }

  /** A histogram an app owns; the same family when asked twice. */
  histogram<L extends string>(config: Omit<HistogramConfiguration<L>, 'registers'>): Histogram<L> {
    return (this.registry.getSingleMetric(config.name) as Histogram<L> | undefined) ?? new Histogram({ ...config, registers: [this.registry] });
  }

  /**
   * A gauge read when Prometheus scrapes (ADR 092): `read` answers every series of the family. A
   * failing read leaves the family empty for that scrape instead of failing the scrape.
   */
  scrapeGauge<L extends string>(name: string, help: string, labelNames: readonly L[], read: () => Promise<GaugeReading<L>[]>): void {
    if (this.registry.getSingleMetric(name)) return;
    new Gauge<L>({
      name,
      help,
      labelNames,
      registers: [this.registry],
      async collect() {
        this.reset();
        const readings = await read().catch(() => [] as GaugeReading<L>[]);
        for (const r of readings) this.set(r.labels as never, r.value);
      },
    });
  }

  /** Reports of libs/ai: one per attempt, as counters (a span carries the same figures for its trace). */
  aiObserver(): AiObserver {
    return {
      attempt: (r) => {
        const labels = { agent: r.agent, task: r.task, model: r.model, outcome: r.outcome };
        this.aiCalls.inc(labels);
        if (r.tokensIn > 0) this.aiTokens.inc({ ...labels, direction: 'in' }, r.tokensIn);
        if (r.tokensOut > 0) this.aiTokens.inc({ ...labels, direction: 'out' }, r.tokensOut);
        this.aiCost.inc(labels, r.costUsd);
      },
    };
  }

  /** The gateway's last readiness check of an agent: 1 answered ok, 0 did not. */
  setAgentUp(agent: string, up: boolean): void {
    this.agentUp.set({ agent }, up ? 1 : 0);
  }

  private meshGauges(): void {
    this.perAgentGauge('mesh_outbox_backlog', 'Outbox rows committed and not yet published, per agent', async (src) => (await src.outbox()).backlog);
    this.perAgentGauge(
      'mesh_outbox_oldest_age_seconds',
      'Age of the oldest unpublished outbox row, per agent (0 when none): the relay is behind or the broker is down',
      async (src) => (await src.outbox()).oldestAgeSeconds,
    );
    this.perAgentGauge('mesh_dead_letters_waiting', 'Dead letters kept and not replayed, per agent (npm run dlq)', (src) => src.deadLettersWaiting());
    // One passive check per queue serves both families of a scrape.
    const queues = this.perScrape(async () => {
      const all: (MeshQueueStats & { agent: string })[] = [];
      for (const [agent, src] of this.sources) {
        for (const q of await src.queues().catch(() => [])) all.push({ agent, ...q });
      }
      return all;
    });
    this.scrapeGauge(
      'mesh_queue_messages',
      "Messages waiting in an agent's queue on the broker (tasks = tasks and events, rpc = requests, dead = dead letters not yet kept)",
      ['agent', 'queue'],
      async () => (await queues()).map((q) => ({ labels: { agent: q.agent, queue: q.queue }, value: q.messages })),
    );
    this.scrapeGauge(
      'mesh_queue_consumers',
      "Consumers attached to an agent's queue on the broker: 0 on the tasks queue means nobody is working it",
      ['agent', 'queue'],
      async () => (await queues()).map((q) => ({ labels: { agent: q.agent, queue: q.queue }, value: q.consumers })),
    );
  }

  /** The same answer for every family of one scrape (reads started within a second share one result). */
  private perScrape<T>(read: () => Promise<T>): () => Promise<T> {
    let last: { at: number; value: Promise<T> } | null = null;
    return () => {
      const now = Date.now();
      if (!last || now - last.at > 1_000) last = { at: now, value: read() };
      return last.value;
    };
  }

  /** A gauge read at scrape time from each agent's database; an agent whose read fails is left out of that scrape. */
  private perAgentGauge(name: string, help: string, read: (src: MeshGaugeSources) => Promise<number>): void {
    const sources = this.sources;
    new Gauge({
      name,
      help,
      labelNames: ['agent'],
      registers: [this.registry],
      async collect() {
        this.reset();
        for (const [agent, src] of sources) {
          const value = await read(src).catch(() => undefined);
          if (value !== undefined) this.set({ agent }, value);
        }
      },
    });
  }

  observeHttp(method: string, route: string, status: number, seconds: number): void {
    this.httpRequests.inc({ method, route, status: String(status) });
    this.httpDuration.observe({ method, route }, seconds);
  }

  meshObserver(agent: string): MeshObserver {
    return {
      settled: (type, outcome, seconds) => {
        this.messages.inc({ agent, type, outcome });
        if (seconds !== undefined) this.handlerDuration.observe({ agent, type }, seconds);
      },
      rejected: (reason) => this.rejected.inc({ agent, reason }),
      rpc: (type, outcome, seconds) => {
        this.rpcDuration.observe({ caller: agent, type, outcome }, seconds);
        if (outcome === 'timeout') this.rpcTimeouts.inc({ caller: agent, type });
      },
      watch: (sources) => void this.sources.set(agent, sources),
    };
  }

  text(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
