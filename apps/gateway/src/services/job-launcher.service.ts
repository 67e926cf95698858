import { Injectable } from '@nestjs/common';
import { BRAND_TASKS, type EventMap, type JobTask, MeshClient, type OpenTaskMap, TASK_ROUTES, UnitOfWork } from '@mt/messages';
import type { JobAcceptedDto } from '../dtos/job.dto';
import type { JobEntity } from '../entities/job.entity';
import type { CurrentUserInfo } from '../http/current-user';
import { IDEMPOTENCY_TTL_MS } from '../http/idempotency.interceptor';
import { ProblemError } from '../http/problem';
import { JobRepository } from '../repositories/job.repository';
import { jobRequestKeyOf, type JobRequestKey } from './job-request-key';
import { toJobAccepted } from './job-view';

/** The unique index that holds one job per user and Idempotency-Key. */
const REQUEST_KEY_INDEX = 'job_user_idempotency_key_idx';

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
 *
 * A request with an Idempotency-Key leaves the key (hashed) and the request's fingerprint on the
 * job row, unique per user (ADR 168): the key-value store's record of the key (ADR 030) can be
 * lost — a flush, a restart — and then the same key and request sent again answer the first job
 * here instead of starting a second, and the same key with another request answers 422
 * IDEMPOTENCY_KEY_REUSED, as the store would have.
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
    const key = jobRequestKeyOf(req.user.id);
    const earlier = key ? await this.startedWith(req.user.id, key) : null;
    if (earlier) return toJobAccepted(earlier);
    await this.checkTokenBudget(req.user.token);
    let job: JobEntity;
    try {
      job = await this.uow.transaction(async () => {
        const created = await this.jobs.insert({
          userId: req.user.id,
          brandId: req.brandId ?? null,
          tokenId: req.user.token?.id ?? null,
          kind: req.kind,
          taskType: req.taskType,
          agent,
          taskPayload: req.payload ?? null,
          idempotencyKey: key?.keyHash ?? null,
          requestFingerprint: key?.fingerprint ?? null,
        });
        this.send(created.agent, created.taskType, created.id, created.attempts, req.payload);
        return created;
      });
    } catch (err) {
      // Two copies of the request at once (the store's claim lost between them): the first
      // committed job is the answer to both.
      const raced = key && isUniqueViolation(err, REQUEST_KEY_INDEX) ? await this.startedWith(req.user.id, key) : null;
      if (!raced) throw err;
      job = raced;
    }
    return toJobAccepted(job);
  }

  /**
   * The job this user started with this Idempotency-Key within the time keys are kept (24 h, ADR
   * 030), or null; another request under the same key is refused as the store refuses it. An older
   * job lets go of the key, which may then start a new job.
   */
  private async startedWith(userId: string, key: JobRequestKey): Promise<JobEntity | null> {
    const job = await this.jobs.findByRequestKey(userId, key.keyHash);
    if (!job) return null;
    if (Date.now() - job.createdAt.getTime() > IDEMPOTENCY_TTL_MS) {
      await this.jobs.releaseRequestKey(job.id);
      return null;
    }
    if (job.requestFingerprint !== key.fingerprint) {
      throw new ProblemError('IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was already used with a different request; use a new key for a new request');
    }
    return job;
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

/** A PostgreSQL unique violation (23505) of the named index, as TypeORM surfaces it. */
function isUniqueViolation(err: unknown, index: string): boolean {
  const e = err as { code?: string; constraint?: string; driverError?: { code?: string; constraint?: string } } | null;
  const code = e?.code ?? e?.driverError?.code;
  const constraint = e?.constraint ?? e?.driverError?.constraint;
  return code === '23505' && (constraint === undefined || constraint === index);
}
