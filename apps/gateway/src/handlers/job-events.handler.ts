import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { ApiExcludeController } from '@nestjs/swagger';
import { z } from 'zod';
import {
  type EventEnvelope,
  JOB_EVENTS,
  type JobFailedEvent,
  type JobProgressEvent,
  type JobStartedEvent,
  type JobSucceededEvent,
  MeshError,
  OnEvent,
} from '@mt/messages';
import { JobProgressService } from '../services/job-progress.service';

const base = { jobId: z.string().uuid(), attempt: z.number().int().min(1).optional() };
const started = z.object({ ...base, total: z.number().int().min(0).optional() });
const progress = z.object({ ...base, done: z.number().int().min(0), total: z.number().int().min(0) });
const succeeded = z.object({ ...base, result: z.unknown() });
const failed = z.object({
  ...base,
  error: z.object({ code: z.string().min(1), title: z.string(), detail: z.string(), status: z.number().int() }),
});

/** A malformed event can never succeed: straight to the dead-letter queue, with the reason. */
function parse<T>(schema: z.ZodType<T>, env: EventEnvelope<unknown>): T {
  const r = schema.safeParse(env.payload);
  if (!r.success) throw new MeshError('INVALID_JOB_EVENT', `${env.event_type}: ${r.error.issues[0]?.message ?? 'invalid'}`, { retryable: false });
  return r.data;
}

/**
 * A job event updates its job's row: batches in flight at once lock their jobs' rows in one order
 * (job ids sorted) before any update, and never deadlock on two jobs taken in opposite orders.
 * A malformed payload has no key (it goes to the dead-letter queue).
 */
const jobLock = { lockKey: (env: EventEnvelope<{ jobId?: unknown }>) => (typeof env.payload?.jobId === 'string' ? `job:${env.payload.jobId}` : undefined) };

/** The agents' reports on jobs the gateway tracks. */
@ApiExcludeController()
@Controller()
export class JobEventsHandler {
  constructor(private readonly progressService: JobProgressService) {}

  @OnEvent(JOB_EVENTS.started, jobLock)
  onStarted(@Payload() env: EventEnvelope<JobStartedEvent>) {
    return this.progressService.started(parse(started, env));
  }

  @OnEvent(JOB_EVENTS.progress, jobLock)
  onProgress(@Payload() env: EventEnvelope<JobProgressEvent>) {
    return this.progressService.progress(parse(progress, env));
  }

  @OnEvent(JOB_EVENTS.succeeded, jobLock)
  onSucceeded(@Payload() env: EventEnvelope<JobSucceededEvent>) {
    return this.progressService.succeeded(parse(succeeded, env));
  }

  @OnEvent(JOB_EVENTS.failed, jobLock)
  onFailed(@Payload() env: EventEnvelope<JobFailedEvent>) {
    return this.progressService.failed(parse(failed, env));
  }
}
