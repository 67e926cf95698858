import { Injectable } from '@nestjs/common';
import { UnitOfWork, type JobProblem, type JobStatus } from '@mt/messages';
import { JobEntity } from '../entities/job.entity';

export interface NewJob {
  userId: string;
  brandId: string | null;
  tokenId?: string | null;
  kind: string;
  taskType: string;
  agent: string;
  taskPayload: unknown;
  /** The started request's Idempotency-Key (hashed) and fingerprint, when it carried one (ADR 168). */
  idempotencyKey?: string | null;
  requestFingerprint?: string | null;
}

export interface JobListFilter {
  userId: string;
  status?: JobStatus;
  limit: number;
  /** The id of the last job of the previous page. */
  afterId?: string;
  /** Only jobs of these brands (a brand-restricted personal access token). */
  brandIds?: string[];
}

const ACTIVE = `status IN ('queued', 'running')`;
// Events of an earlier attempt (before a retry) must not touch the new one.
const SAME_ATTEMPT = `($2::integer IS NULL OR attempts = $2::integer)`;

interface JobRow {
  id: string;
  user_id: string;
  brand_id: string | null;
  kind: string;
  status: JobStatus;
  progress_done: number;
  progress_total: number;
  task_type: string;
  agent: string;
  task_payload: unknown;
  result: unknown;
  error: JobProblem | null;
  attempts: number;
  idempotency_key: string | null;
  request_fingerprint: string | null;
  created_at: Date;
  updated_at: Date;
}

function fromRow(r: JobRow): JobEntity {
  return Object.assign(new JobEntity(), {
    id: r.id,
    userId: r.user_id,
    brandId: r.brand_id,
    kind: r.kind,
    status: r.status,
    progressDone: r.progress_done,
    progressTotal: r.progress_total,
    taskType: r.task_type,
    agent: r.agent,
    taskPayload: r.task_payload,
    result: r.result,
    error: r.error,
    attempts: r.attempts,
    idempotencyKey: r.idempotency_key,
    requestFingerprint: r.request_fingerprint,
    createdAt: new Date(r.created_at),
    updatedAt: new Date(r.updated_at),
  });
}

/** Every query on gateway.job. Writes join the current unit of work's transaction. */
@Injectable()
export class JobRepository {
  constructor(private readonly uow: UnitOfWork) {}

  private get repo() {
    return this.uow.manager().getRepository(JobEntity);
  }

  async insert(job: NewJob): Promise<JobEntity> {
    const entity = this.repo.create({ ...job, status: 'queued', progressDone: 0, progressTotal: 0, attempts: 1, result: null, error: null });
    return this.repo.save(entity);
  }

  /** The job a user started with a request carrying this Idempotency-Key (hashed), if any. */
  findByRequestKey(userId: string, idempotencyKey: string): Promise<JobEntity | null> {
    return this.repo.findOneBy({ userId, idempotencyKey });
  }

  /** Frees a job's key once it is older than keys are kept, so the key may start a new job. */
  async releaseRequestKey(id: string): Promise<void> {
    await this.uow.manager().query(`UPDATE "gateway".job SET idempotency_key = NULL, request_fingerprint = NULL WHERE id = $1`, [id]);
  }

  /** Jobs queued or running, counted by kind and status (metrics, read at scrape time). */
  async countActive(): Promise<{ kind: string; status: JobStatus; count: number }[]> {
    const rows: { kind: string; status: JobStatus; count: string }[] = await this.uow
      .manager()
      .query(`SELECT kind, status, count(*) AS count FROM "gateway".job WHERE ${ACTIVE} GROUP BY kind, status`);
    return rows.map((r) => ({ kind: r.kind, status: r.status, count: Number(r.count) }));
  }

  /** The ids of the jobs a token started since an instant (its AI budget's month). */
  async idsOfToken(tokenId: string, since: Date): Promise<string[]> {
    const rows: { id: string }[] = await this.uow.manager().query(`SELECT id FROM "gateway".job WHERE token_id = $1 AND created_at >= $2`, [tokenId, since]);
    return rows.map((r) => r.id);
  }

  findById(id: string): Promise<JobEntity | null> {
    return this.repo.findOneBy({ id });
  }

  findForUser(id: string, userId: string): Promise<JobEntity | null> {
    return this.repo.findOneBy({ id, userId });
  }

  /** Newest first, keyset-paginated on (created_at, id); asks for one more row than the page to know if there is a next one. */
  async list(f: JobListFilter): Promise<JobEntity[]> {
    const qb = this.repo
      .createQueryBuilder('j')
      .where('j.user_id = :userId', { userId: f.userId })
      .orderBy('j.created_at', 'DESC')
      .addOrderBy('j.id', 'DESC')
      .limit(f.limit + 1);
    if (f.status) qb.andWhere('j.status = :status', { status: f.status });
    if (f.brandIds) qb.andWhere('j.brand_id IN (:...brandIds)', { brandIds: f.brandIds });
    if (f.afterId) {
      qb.andWhere('(j.created_at, j.id) < (SELECT c.created_at, c.id FROM "gateway".job c WHERE c.id = :afterId AND c.user_id = :userId)', {
        afterId: f.afterId,
      });
    }
    return qb.getMany();
  }

  markStarted(jobId: string, attempt: number | undefined, total: number | undefined): Promise<JobEntity | null> {
    return this.updateOne(
      `UPDATE "gateway".job SET status = 'running', progress_total = COALESCE($3::integer, progress_total), updated_at = now()
       WHERE id = $1 AND ${ACTIVE} AND ${SAME_ATTEMPT} RETURNING *`,
      [jobId, attempt ?? null, total ?? null],
    );
  }

  /** Progress only grows: events may arrive out of order. */
  setProgress(jobId: string, attempt: number | undefined, done: number, total: number): Promise<JobEntity | null> {
    return this.updateOne(
      `UPDATE "gateway".job SET status = 'running', progress_done = GREATEST(progress_done, $3::integer),
         progress_total = $4::integer, updated_at = now()
       WHERE id = $1 AND ${ACTIVE} AND ${SAME_ATTEMPT} RETURNING *`,
      [jobId, attempt ?? null, done, total],
    );
  }

  succeed(jobId: string, attempt: number | undefined, result: unknown): Promise<JobEntity | null> {
    return this.updateOne(
      `UPDATE "gateway".job SET status = 'succeeded', result = $3::jsonb, error = NULL,
         progress_done = GREATEST(progress_done, progress_total), updated_at = now()
       WHERE id = $1 AND ${ACTIVE} AND ${SAME_ATTEMPT} RETURNING *`,
      [jobId, attempt ?? null, JSON.stringify(result ?? null)],
    );
  }

  fail(jobId: string, attempt: number | undefined, error: JobProblem): Promise<JobEntity | null> {
    return this.updateOne(
      `UPDATE "gateway".job SET status = 'failed', error = $3::jsonb, updated_at = now()
       WHERE id = $1 AND ${ACTIVE} AND ${SAME_ATTEMPT} RETURNING *`,
      [jobId, attempt ?? null, JSON.stringify(error)],
    );
  }

  cancel(id: string, userId: string): Promise<JobEntity | null> {
    return this.updateOne(
      `UPDATE "gateway".job SET status = 'cancelled', updated_at = now()
       WHERE id = $1 AND user_id = $2 AND ${ACTIVE} RETURNING *`,
      [id, userId],
    );
  }

  /** failed → queued, as a new attempt. */
  requeue(id: string, userId: string): Promise<JobEntity | null> {
    return this.updateOne(
      `UPDATE "gateway".job SET status = 'queued', attempts = attempts + 1, error = NULL, result = NULL,
         progress_done = 0, updated_at = now()
       WHERE id = $1 AND user_id = $2 AND status = 'failed' RETURNING *`,
      [id, userId],
    );
  }

  private async updateOne(sql: string, params: unknown[]): Promise<JobEntity | null> {
    // TypeORM's postgres driver answers an UPDATE … RETURNING with [rows, rowCount].
    const out = (await this.uow.manager().query(sql, params)) as [JobRow[], number];
    const row = out[0]?.[0];
    return row ? fromRow(row) : null;
  }
}
