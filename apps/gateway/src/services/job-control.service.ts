import { Injectable } from '@nestjs/common';
import { JOB_EVENTS, UnitOfWork } from '@mt/messages';
import type { JobAcceptedDto, JobViewDto } from '../dtos/job.dto';
import { ProblemError } from '../http/problem';
import { JobRepository } from '../repositories/job.repository';
import { JobLauncher } from './job-launcher.service';
import { JobQueryService } from './job-query.service';
import { JobMetrics } from './job-metrics.service';
import { JobWatch } from './job-watch.service';
import { toJobAccepted, toJobView } from './job-view';

/** What a user may do to a job of theirs: cancel it while it runs, retry it after it failed. */
@Injectable()
export class JobControlService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly jobs: JobRepository,
    private readonly query: JobQueryService,
    private readonly launcher: JobLauncher,
    private readonly watch: JobWatch,
    private readonly metrics: JobMetrics,
  ) {}

  /** queued/running → cancelled, announced with `job.cancelled` so the agent may stop; its later events are ignored. */
  async cancel(userId: string, jobId: string): Promise<JobViewDto> {
    const current = await this.query.own(userId, jobId);
    const cancelled = await this.uow.transaction(async () => {
      const job = await this.jobs.cancel(current.id, userId);
      if (!job) return null;
      this.uow.publishEvent(JOB_EVENTS.cancelled, { jobId: job.id, kind: job.kind, taskType: job.taskType });
      return job;
    });
    if (!cancelled) {
      const now = await this.query.own(userId, jobId);
      throw new ProblemError('CONFLICT', `The job is ${now.status}; only a queued or running job can be cancelled`);
    }
    this.metrics.changed(cancelled);
    this.watch.publish(cancelled);
    return toJobView(cancelled);
  }

  /** failed → queued again as a new attempt, with the same task sent again. */
  async retry(userId: string, jobId: string): Promise<JobAcceptedDto> {
    const current = await this.query.own(userId, jobId);
    const requeued = await this.uow.transaction(async () => {
      const job = await this.jobs.requeue(current.id, userId);
      if (job) this.launcher.send(job.agent, job.taskType, job.id, job.attempts, job.taskPayload);
      return job;
    });
    if (!requeued) {
      const now = await this.query.own(userId, jobId);
      throw new ProblemError('CONFLICT', `The job is ${now.status}; only a failed job can be retried`);
    }
    this.watch.publish(requeued);
    return toJobAccepted(requeued);
  }
}
