import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { JobStatus } from '@mt/messages';
import { Metrics } from '@mt/runtime';
import type { Counter } from 'prom-client';
import { JobRepository } from '../repositories/job.repository';

/**
 * Jobs as an operator sees them, by kind (`content.generate`, `campaign.plan`…) and status:
 * `jobs_active` (queued or running now, read from the job table at scrape time) and
 * `jobs_finished_total` (succeeded, failed, cancelled, counted when the gateway records it).
 */
@Injectable()
export class JobMetrics implements OnModuleInit {
  private readonly finishedTotal: Counter<'kind' | 'status'>;

  constructor(
    private readonly metrics: Metrics,
    private readonly jobs: JobRepository,
  ) {
    this.finishedTotal = metrics.counter({
      name: 'jobs_finished_total',
      help: 'Jobs that ended, by kind and status (succeeded, failed, cancelled)',
      labelNames: ['kind', 'status'],
    });
  }

  onModuleInit(): void {
    this.metrics.scrapeGauge(
      'jobs_active',
      'Jobs queued or running now, by kind and status (a running count that only grows: an agent is stuck)',
      ['kind', 'status'],
      async () => (await this.jobs.countActive()).map((r) => ({ labels: { kind: r.kind, status: r.status }, value: r.count })),
    );
  }

  /** A job whose row just reached `status`; only the end of a job is counted. */
  changed(job: { kind: string; status: JobStatus }): void {
    if (job.status === 'succeeded' || job.status === 'failed' || job.status === 'cancelled') this.finishedTotal.inc({ kind: job.kind, status: job.status });
  }
}
