import { Injectable } from '@nestjs/common';
import type { JobFailedEvent, JobProgressEvent, JobStartedEvent, JobSucceededEvent } from '@mt/messages';
import type { JobEntity } from '../entities/job.entity';
import { JobRepository } from '../repositories/job.repository';
import { JobMetrics } from './job-metrics.service';
import { JobWatch } from './job-watch.service';

/**
 * Applies the agents' job events to the rows. Each update only applies to a job still queued or
 * running (and of the same attempt), so a late or duplicate event for a cancelled, finished or
 * retried job changes nothing.
 */
@Injectable()
export class JobProgressService {
  constructor(
    private readonly jobs: JobRepository,
    private readonly watch: JobWatch,
    private readonly metrics: JobMetrics,
  ) {}

  async started(e: JobStartedEvent): Promise<void> {
    this.notify(await this.jobs.markStarted(e.jobId, e.attempt, e.total));
  }

  async progress(e: JobProgressEvent): Promise<void> {
    this.notify(await this.jobs.setProgress(e.jobId, e.attempt, e.done, e.total));
  }

  async succeeded(e: JobSucceededEvent): Promise<void> {
    this.notify(await this.jobs.succeed(e.jobId, e.attempt, e.result));
  }

  async failed(e: JobFailedEvent): Promise<void> {
    this.notify(await this.jobs.fail(e.jobId, e.attempt, e.error));
  }

  private notify(job: JobEntity | null): void {
    // The handler's transaction commits right after it returns; a stream that reads the row
    // before that still has its poll to catch the change.
    if (!job) return;
    this.metrics.changed(job);
    setImmediate(() => this.watch.publish(job));
  }
}
