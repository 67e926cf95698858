import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Metrics } from '@mt/runtime';
import { JobMetrics } from '../../apps/gateway/src/services/job-metrics.service';
import type { JobRepository } from '../../apps/gateway/src/repositories/job.repository';
import { PublishingMetrics } from '../../apps/publishing-agent/src/scheduling/services/publishing-metrics';

/**
 * The provisioned Grafana dashboard against the metric families the apps really register: a panel
 * whose query names a family nobody exports would stay empty on the night it is needed.
 */
const ROOT = path.resolve(__dirname, '../..');
const dashboard = JSON.parse(readFileSync(path.join(ROOT, 'deploy/grafana/dashboards/marketing-team.json'), 'utf8')) as {
  panels: { title: string; id: number; gridPos: { x: number; y: number; w: number; h: number }; targets: { expr: string }[] }[];
};

/** Every family any app of the platform registers: the shared ones, publishing-agent's and the gateway's. */
function registeredFamilies(): Set<string> {
  const metrics = new Metrics('test');
  new PublishingMetrics(metrics);
  new JobMetrics(metrics, { countActive: async () => [] } as unknown as JobRepository).onModuleInit();
  return new Set(metrics.registry.getMetricsAsArray().map((m) => m.name));
}

const PROMQL_WORDS = new Set(['sum', 'max', 'min', 'avg', 'count', 'rate', 'increase', 'irate', 'histogram_quantile', 'by', 'without', 'on', 'ignoring']);

/** The metric names a PromQL expression reads (label matchers, groupings and ranges removed). */
function metricsOf(expr: string): string[] {
  const bare = expr
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\b(by|without)\s*\([^)]*\)/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ');
  return [...bare.matchAll(/[a-zA-Z_:][a-zA-Z0-9_:]*/g)].map((m) => m[0]).filter((w) => !PROMQL_WORDS.has(w));
}

describe('Grafana dashboard (deploy/grafana/dashboards/marketing-team.json)', () => {
  const families = registeredFamilies();
  const known = (name: string) => families.has(name) || families.has(name.replace(/_(bucket|count|sum)$/, ''));

  it('queries only metric families the apps export', () => {
    const unknown = dashboard.panels.flatMap((p) => p.targets.flatMap((t) => metricsOf(t.expr).filter((m) => !known(m)).map((m) => `${p.title}: ${m}`)));
    expect(unknown).toEqual([]);
  });

  it('has a panel for each thing an operator on call looks for', () => {
    const reads = (family: string) => dashboard.panels.filter((p) => p.targets.some((t) => metricsOf(t.expr).some((m) => m.replace(/_(bucket|count|sum)$/, '') === family))).map((p) => p.title);
    for (const family of [
      'http_requests_total',
      'http_request_duration_seconds',
      'mesh_queue_messages',
      'mesh_queue_consumers',
      'mesh_dead_letters_waiting',
      'mesh_outbox_backlog',
      'mesh_outbox_oldest_age_seconds',
      'mesh_rpc_timeouts_total',
      'jobs_active',
      'jobs_finished_total',
      'ai_cost_usd_total',
      'ai_calls_total',
      'publish_outcomes_total',
      'webhook_deliveries_total',
      'scheduler_lateness_seconds',
    ]) {
      expect({ family, panels: reads(family) }).toEqual({ family, panels: expect.arrayContaining([expect.any(String)]) });
    }
    expect(dashboard.panels.find((p) => /AI cost per day/.test(p.title))?.targets[0].expr).toMatch(/increase\(ai_cost_usd_total\[1d\]\)/);
  });

  it('lays panels out without overlap, each with a unique id', () => {
    const ids = dashboard.panels.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    const cells = new Set<string>();
    for (const p of dashboard.panels) {
      for (let x = p.gridPos.x; x < p.gridPos.x + p.gridPos.w; x++) {
        for (let y = p.gridPos.y; y < p.gridPos.y + p.gridPos.h; y++) {
          const cell = `${x},${y}`;
          expect(cells.has(cell)).toBe(false);
          cells.add(cell);
        }
      }
    }
  });
});
