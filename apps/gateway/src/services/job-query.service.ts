import { Injectable } from '@nestjs/common';
import type { JobListQueryDto, JobPageDto, JobViewDto } from '../dtos/job.dto';
import type { JobEntity } from '../entities/job.entity';
import { ProblemError } from '../http/problem';
import { JobRepository } from '../repositories/job.repository';
import { decodeJobCursor, encodeJobCursor, toJobView } from './job-view';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Reading jobs: a user sees only the jobs they started; any other id is simply not found. */
@Injectable()
export class JobQueryService {
  constructor(private readonly jobs: JobRepository) {}

  /** `brandIds`: only a job of these brands (a brand-restricted personal access token). */
  async own(userId: string, jobId: string, brandIds?: string[]): Promise<JobEntity> {
    const job = UUID.test(jobId) ? await this.jobs.findForUser(jobId, userId) : null;
    if (!job || (brandIds && !(job.brandId && brandIds.includes(job.brandId)))) throw new ProblemError('NOT_FOUND', `No job ${jobId}`);
    return job;
  }

  async get(userId: string, jobId: string): Promise<JobViewDto> {
    return toJobView(await this.own(userId, jobId));
  }

  async list(userId: string, q: JobListQueryDto, brandIds?: string[]): Promise<JobPageDto> {
    const limit = q.limit ?? 20;
    let afterId: string | undefined;
    if (q.cursor) {
      const id = decodeJobCursor(q.cursor);
      if (!id) {
        throw new ProblemError('VALIDATION_FAILED', 'cursor: is not a cursor this API gave out', {
          errors: [{ field: 'cursor', message: 'is not a cursor this API gave out' }],
        });
      }
      afterId = id;
    }
    const rows = await this.jobs.list({ userId, status: q.status, limit, afterId, brandIds });
    const page = rows.slice(0, limit);
    return {
      items: page.map(toJobView),
      nextCursor: rows.length > limit ? encodeJobCursor(page[page.length - 1].id) : null,
    };
  }
}
