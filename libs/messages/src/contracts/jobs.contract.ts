/** Long-running work: the gateway records the job, the agent doing it reports through these events. */
export type JobStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';

export interface JobProblem {
  code: string;
  title: string;
  detail: string;
  status: number;
}

export interface JobProgressEvent {
  jobId: string;
  done: number;
  total: number;
}
export interface JobSucceededEvent {
  jobId: string;
  result: unknown;
}
export interface JobFailedEvent {
  jobId: string;
  error: JobProblem;
}

export const JOB_EVENTS = {
  started: 'job.started',
  progress: 'job.progress',
  succeeded: 'job.succeeded',
  failed: 'job.failed',
} as const;

/** Every job task's payload carries the job id it reports on. */
export interface JobTask<P> {
  jobId: string;
  input: P;
}
