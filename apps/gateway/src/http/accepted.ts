import type { Response } from './fastify-request';
import type { JobAcceptedDto } from '../dtos/job.dto';

/**
 * The answer of a route that starts a job: 202 with `Location` on the job. Use with
 * `@Res({ passthrough: true }) res: Response` (and `@AiRoute()` when the job calls AI):
 *
 *   return accepted(res, await this.jobs.launch({ user, brandId, kind, taskType, payload }));
 */
export function accepted(res: Response, job: JobAcceptedDto): JobAcceptedDto {
  res.code(202).header('Location', job.links.self);
  return job;
}
