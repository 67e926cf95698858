import { Injectable } from '@nestjs/common';
import {
  isRetryable,
  JOB_EVENTS,
  type JobFailedEvent,
  type JobProgressEvent,
  type JobStartedEvent,
  type JobSucceededEvent,
  type JobTask,
  type TaskEnvelope,
  UnitOfWork,
} from '@mt/messages';
import { toJobProblem } from './job-problem';

/** What a job's work may report while it runs. */
export interface JobProgressReport {
  progress(done: number, total: number): void;
}

type Job = Pick<JobTask<unknown>, 'jobId' | 'attempt'>;

/**
 * How an agent reports on a job the gateway tracks, from inside its task handler: each report is
 * an event written to the outbox of the handler's transaction, so the gateway hears of progress
 * and results exactly when (and only if) the work that produced them is committed.
 *
 * Reports become visible at commit: work of many steps that wants live progress sends itself one
 * task per step (each step commits its progress event).
 */
@Injectable()
export class JobReporter {
  constructor(private readonly uow: UnitOfWork) {}

  started(job: Job, total?: number): void {
    this.uow.publishEvent<JobStartedEvent>(JOB_EVENTS.started, { jobId: job.jobId, attempt: job.attempt, ...(total !== undefined ? { total } : {}) });
  }

  progress(job: Job, done: number, total: number): void {
    this.uow.publishEvent<JobProgressEvent>(JOB_EVENTS.progress, { jobId: job.jobId, attempt: job.attempt, done, total });
  }

  succeeded(job: Job, result: unknown): void {
    this.uow.publishEvent<JobSucceededEvent>(JOB_EVENTS.succeeded, { jobId: job.jobId, attempt: job.attempt, result: result ?? null });
  }

  failed(job: Job, error: unknown): void {
    this.uow.publishEvent<JobFailedEvent>(JOB_EVENTS.failed, { jobId: job.jobId, attempt: job.attempt, error: toJobProblem(error) });
  }

  /**
   * Runs a job task's work and reports it: started, then succeeded with what `work` returns. When
   * `work` throws, a retryable error with deliveries left is rethrown (the mesh retries the task;
   * the job stays running); any other error rolls back `work`'s writes to a savepoint and is
   * reported as failed — the handler then returns normally so that report is committed.
   */
  async run<P, R>(task: TaskEnvelope<JobTask<P>>, work: (input: P, report: JobProgressReport) => Promise<R>): Promise<R | undefined> {
    const job = task.payload;
    this.started(job);
    const report: JobProgressReport = { progress: (done, total) => this.progress(job, done, total) };
    const manager = this.uow.inTransaction() ? this.uow.manager() : null;
    await manager?.query('SAVEPOINT mt_job_work');
    try {
      const result = await work(job.input, report);
      await manager?.query('RELEASE SAVEPOINT mt_job_work');
      this.succeeded(job, result);
      return result;
    } catch (err) {
      if (isRetryable(err) && task.retry_count < task.max_retries) throw err;
      await manager?.query('ROLLBACK TO SAVEPOINT mt_job_work');
      this.failed(job, err);
      return undefined;
    }
  }
}
