import { Injectable } from '@nestjs/common';
import { BRAND_TASKS, type EventMap, type JobTask, MeshClient, type OpenTaskMap, TASK_ROUTES, UnitOfWork } from '@mt/messages';
import type { JobAcceptedDto } from '../dtos/job.dto';
import type { CurrentUserInfo } from '../http/current-user';
import { ProblemError } from '../http/problem';
import { JobRepository } from '../repositories/job.repository';
import { toJobAccepted } from './job-view';

export interface LaunchJob<P> {
  user: Pick<CurrentUserInfo, 'id' | 'token'>;
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
    private readonly mesh: MeshClient,
  ) {}

  async launch<P>(req: LaunchJob<P>): Promise<JobAcceptedDto> {
    const agent = req.agent ?? TASK_ROUTES[req.taskType];
    if (!agent) throw new ProblemError('INTERNAL', `No agent is routed for ${req.taskType}`);
    await this.checkTokenBudget(req.user.token);
    const job = await this.uow.transaction(async () => {
      const created = await this.jobs.insert({
        userId: req.user.id,
        brandId: req.brandId ?? null,
        tokenId: req.user.token?.id ?? null,
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

  /**
   * A token with its own monthly AI budget starts no job once its jobs of this UTC month have cost
   * that much (ADR 117 addendum), answering the code a brand's spent budget answers. Checked, not
   * reserved, as the brand budget (ADR 013): the job that crosses the line runs to its end.
   */
  private async checkTokenBudget(token: CurrentUserInfo['token']): Promise<void> {
    const limit = token?.aiBudgetUsd;
    if (!token || limit === null || limit === undefined) return;
    const now = new Date();
    const since = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
    const jobIds = await this.jobs.idsOfToken(token.id, since);
    const { spentUsd } = jobIds.length ? await this.mesh.request(BRAND_TASKS.aiSpendOfJobs, { jobIds, since: since.toISOString() }) : { spentUsd: 0 };
    if (spentUsd >= limit) {
      throw new ProblemError(
        'AI_BUDGET_EXCEEDED',
        `This token has spent $${spentUsd.toFixed(4)} of its $${limit.toFixed(2)} AI budget for this month; its user's other tokens and sessions are not affected.`,
      );
    }
  }

  /** The task of one attempt; the idempotency key makes a duplicate send of the same attempt harmless. */
  send(agent: string, taskType: string, jobId: string, attempt: number, input: unknown): void {
    const task: JobTask<unknown> = { jobId, attempt, input };
    // A job's task type comes from its stored row, so this one send is not typed by the map.
    (this.uow as unknown as UnitOfWork<EventMap, OpenTaskMap>).sendTask(agent, taskType, task, { idempotencyKey: `job:${jobId}:${attempt}` });
  }
}
