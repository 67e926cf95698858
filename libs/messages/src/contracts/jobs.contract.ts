/** Long-running work: the gateway records the job, the agent doing it reports through these events. */
export type JobStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';

export const JOB_STATUSES: readonly JobStatus[] = ['queued', 'running', 'succeeded', 'failed', 'cancelled'];
/** A job in one of these states changes no more (except failed → queued by an explicit retry). */
export const FINAL_JOB_STATUSES: readonly JobStatus[] = ['succeeded', 'failed', 'cancelled'];

/** An RFC 9457 problem, as a failed job carries it (the same shape the HTTP API answers errors with). */
export interface JobProblem {
  code: string;
  title: string;
  detail: string;
  status: number;
}

/**
 * Every job event names the job and, when the agent knows it, the attempt it reports on: after a
 * retry, a late event of an earlier attempt is ignored.
 */
export interface JobEventBase {
  jobId: string;
  attempt?: number;
}
export interface JobStartedEvent extends JobEventBase {
  /** Units of work the job will do, when known. */
  total?: number;
}
export interface JobProgressEvent extends JobEventBase {
  done: number;
  total: number;
}
export interface JobSucceededEvent extends JobEventBase {
  result: unknown;
}
export interface JobFailedEvent extends JobEventBase {
  error: JobProblem;
}
/** Published by the gateway when a user cancels: an agent may stop work on it (its later events are ignored anyway). */
export interface JobCancelledEvent {
  jobId: string;
  kind: string;
  taskType: string;
}

export const JOB_EVENTS = {
  started: 'job.started',
  progress: 'job.progress',
  succeeded: 'job.succeeded',
  failed: 'job.failed',
  cancelled: 'job.cancelled',
} as const;

/** Every job task's payload carries the job id it reports on and the attempt (1 on launch, +1 per retry). */
export interface JobTask<P> {
  jobId: string;
  attempt?: number;
  input: P;
}

/** The job events (ADR 134): agents report, the gateway announces a cancellation. */
export interface JobEventMap {
  [JOB_EVENTS.started]: JobStartedEvent;
  [JOB_EVENTS.progress]: JobProgressEvent;
  [JOB_EVENTS.succeeded]: JobSucceededEvent;
  [JOB_EVENTS.failed]: JobFailedEvent;
  [JOB_EVENTS.cancelled]: JobCancelledEvent;
}
