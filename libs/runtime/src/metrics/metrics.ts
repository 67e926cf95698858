import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { MeshGaugeSources, MeshObserver } from '@mt/messages';

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
  /** Per agent: what a scrape reads from its database (outbox, dead letters). */
  private readonly sources = new Map<string, MeshGaugeSources>();

  constructor(processName: string) {
    this.registry.setDefaultLabels({ process: processName });
    collectDefaultMetrics({ register: this.registry });
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
    this.meshGauges();
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
      rpc: (type, outcome, seconds) => this.rpcDuration.observe({ caller: agent, type, outcome }, seconds),
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
