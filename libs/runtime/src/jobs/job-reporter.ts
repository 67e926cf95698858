import { Injectable } from '@nestjs/common';
import { AppLogger } from '../logging/json-logger';
import { isConnectionLoss, isRetryable, JOB_EVENTS, type JobTask, type TaskEnvelope, UnitOfWork } from '@mt/messages';
import { toJobProblem } from './job-problem';

/** What a job's work may report while it runs. */
export interface JobProgressReport {
  /** In a staged job the returned promise settles when the progress event is committed. */
  progress(done: number, total: number): void | Promise<void>;
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
  private readonly logger = new AppLogger('JobReporter');

  constructor(private readonly uow: UnitOfWork) {}

  started(job: Job, total?: number): void {
    this.uow.publishEvent(JOB_EVENTS.started, { jobId: job.jobId, attempt: job.attempt, ...(total !== undefined ? { total } : {}) });
  }

  progress(job: Job, done: number, total: number): void {
    this.uow.publishEvent(JOB_EVENTS.progress, { jobId: job.jobId, attempt: job.attempt, done, total });
  }

  succeeded(job: Job, result: unknown): void {
    this.uow.publishEvent(JOB_EVENTS.succeeded, { jobId: job.jobId, attempt: job.attempt, result: result ?? null });
  }

  failed(job: Job, error: unknown): void {
    const problem = toJobProblem(error);
    if (problem.status >= 500) {
      // The user sees a bare INTERNAL (its message may leak internals); the operator needs the cause.
      this.logger.error('a job failed', {
        jobId: job.jobId,
        attempt: job.attempt,
        code: problem.code,
        error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
        ...(error instanceof Error && error.stack ? { stack: error.stack } : {}),
      });
    }
    this.uow.publishEvent(JOB_EVENTS.failed, { jobId: job.jobId, attempt: job.attempt, error: problem });
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

  /**
   * A job whose work must run outside any transaction — it asks other agents or calls AI (on the
   * embedded database a transaction holds the only session; a paid answer must not be held
   * hostage by a rollback). Register its handler with `manualTransaction: true`.
   *
   * `prepare` runs with no transaction open: access checks, questions to other agents, AI calls
   * (give them the idempotency key `jobKey(task)` so a redelivery is answered from the AI cache).
   * `report.progress` commits its event at once, so the user sees live progress. `commit` then
   * writes the outcome in ONE transaction together with the `succeeded` event: a failure half-way
   * leaves nothing written. `commit` must be idempotent (a redelivery after a crash runs it again).
   *
   * Failures: a retryable error with deliveries left is rethrown (the mesh retries the task with
   * backoff; the job stays running); anything else is reported as `failed` and the handler returns
   * normally. With `reportAtOnce` (work whose calls already retried, such as AI calls through
   * AiService) every error is reported at once — except a lost database connection that the short
   * repeats here did not outlast: that task goes back to the mesh while deliveries are left, so an
   * outage of tens of seconds costs the user a wait, not a failed job.
   */
  async runStaged<P, S, R>(
    task: TaskEnvelope<JobTask<P>>,
    work: { prepare(input: P, report: JobProgressReport): Promise<S>; commit(prepared: S, input: P): Promise<R> },
    options: { reportAtOnce?: boolean } = {},
  ): Promise<R | undefined> {
    const job = task.payload;
    await afterConnectionLoss(() => this.uow.publishOnly(() => this.started(job)));
    const report: JobProgressReport = {
      progress: (done, total) => afterConnectionLoss(() => this.uow.publishOnly(() => this.progress(job, done, total))),
    };
    try {
      // `prepare` may run again (a redelivery after a crash does): its AI calls carry the attempt's
      // idempotency key, so a repeat after a lost connection is answered from the AI cache.
      const prepared = await afterConnectionLoss(() => work.prepare(job.input, report));
      // A connection lost mid-commit rolled the transaction back (or, lost during COMMIT itself,
      // committed it: `commit` is idempotent); the prepared outcome is run through it again.
      return await afterConnectionLoss(() =>
        this.uow.transaction(async () => {
          const result = await work.commit(prepared, job.input);
          this.succeeded(job, result);
          return result;
        }),
      );
    } catch (err) {
      const deliveriesLeft = task.retry_count < task.max_retries;
      if (deliveriesLeft && (isConnectionLoss(err) || (!options.reportAtOnce && isRetryable(err)))) throw err;
      await afterConnectionLoss(() => this.uow.publishOnly(() => this.failed(job, err)));
      return undefined;
    }
  }
}

/** Waits before each repeat of a transaction whose database connection was lost (about 6 s in all). */
const CONNECTION_LOSS_DELAYS_MS = [100, 300, 800, 1_500, 3_000];

/** Runs `tx` again, after a short wait, while it fails because the database connection was lost. */
export async function afterConnectionLoss<T>(tx: () => Promise<T>, delaysMs: readonly number[] = CONNECTION_LOSS_DELAYS_MS): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await tx();
    } catch (err) {
      if (attempt >= delaysMs.length || !isConnectionLoss(err)) throw err;
      await new Promise((r) => setTimeout(r, delaysMs[attempt]));
    }
  }
}

/** The idempotency key of one attempt of a job: AI calls made with it are paid once per attempt. */
export function jobKey(task: TaskEnvelope<JobTask<unknown>>): string {
  return `job:${task.payload.jobId}:${task.payload.attempt ?? 1}`;
}
