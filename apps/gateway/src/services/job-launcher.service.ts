import { Injectable } from '@nestjs/common';
import { type EventMap, type JobTask, type OpenTaskMap, TASK_ROUTES, UnitOfWork } from '@mt/messages';
import type { JobAcceptedDto } from '../dtos/job.dto';
import type { CurrentUserInfo } from '../http/current-user';
import { ProblemError } from '../http/problem';
import { JobRepository } from '../repositories/job.repository';
import { toJobAccepted } from './job-view';

export interface LaunchJob<P> {
  user: Pick<CurrentUserInfo, 'id'>;
  brandId?: string | null;
  /** What the client sees, e.g. 'brand.strategy'. */
  kind: string;
  /** The task the agent runs; routed by TASK_ROUTES unless `agent` is given. */
  taskType: string;
  payload: P;
  agent?: string;
}

/**
 * Starts long work: the job row and the task to the agent are written in ONE transaction (the
 * task leaves through the outbox), so there is never a job nobody works on nor work nobody
 * tracks. Controllers answer the result with 202 and `Location: jobPath(jobId)`.
 */
@Injectable()
export class JobLauncher {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly jobs: JobRepository,
  ) {}

  async launch<P>(req: LaunchJob<P>): Promise<JobAcceptedDto> {
    const agent = req.agent ?? TASK_ROUTES[req.taskType];
    if (!agent) throw new ProblemError('INTERNAL', `No agent is routed for ${req.taskType}`);
    const job = await this.uow.transaction(async () => {
      const created = await this.jobs.insert({
        userId: req.user.id,
        brandId: req.brandId ?? null,
        kind: req.kind,
        taskType: req.taskType,
        agent,
        taskPayload: req.payload ?? null,
      });
      this.send(created.agent, created.taskType, created.id, created.attempts, req.payload);
      return created;
    });
    return toJobAccepted(job);
  }

  /** The task of one attempt; the idempotency key makes a duplicate send of the same attempt harmless. */
  send(agent: string, taskType: string, jobId: string, attempt: number, input: unknown): void {
    const task: JobTask<unknown> = { jobId, attempt, input };
    // A job's task type comes from its stored row, so this one send is not typed by the map.
    (this.uow as unknown as UnitOfWork<EventMap, OpenTaskMap>).sendTask(agent, taskType, task, { idempotencyKey: `job:${jobId}:${attempt}` });
  }
}
