import { z } from 'zod';
import { JOB_STATUSES, type JobStatus } from '../jobs.contract';
import { PageQueryShape } from './page.shapes';

/** The job shapes (ADR 182, 195): the gateway's job routes and the web app's job types. */

const jobStatus = z.enum(JOB_STATUSES as readonly JobStatus[] as [JobStatus, ...JobStatus[]], { error: `must be one of ${JOB_STATUSES.join(', ')}` });

/** GET /jobs: the list convention plus a status filter. */
export const JobListQueryShape = PageQueryShape.extend({ status: jobStatus.optional() });

export const JobProgressShape = z.object({ done: z.number(), total: z.number() });

export const JobProblemShape = z.object({
  code: z.string().meta({ example: 'AI_TIMEOUT' }),
  title: z.string(),
  detail: z.string(),
  status: z.number(),
});

/** GET /jobs/{id}. */
export const JobViewShape = z.object({
  id: z.uuid(),
  kind: z.string().meta({ example: 'brand.strategy' }),
  status: jobStatus,
  progress: JobProgressShape,
  result: z.unknown().optional().meta({ description: 'Present once the job succeeded; its shape depends on the kind.' }),
  error: JobProblemShape.optional(),
  brandId: z.uuid().nullable(),
  attempts: z.number().meta({ description: '1, plus one per retry' }),
  createdAt: z.string(),
  updatedAt: z.string(),
  links: z.object({
    self: z.string().meta({ example: '/api/v1/jobs/6f1c…' }),
    events: z.string().meta({ example: '/api/v1/jobs/6f1c…/events' }),
  }),
});

/** The 202 answer of every route that starts a job (with `Location: /api/v1/jobs/{id}`). */
export const JobAcceptedShape = z.object({
  jobId: z.uuid(),
  status: jobStatus,
  kind: z.string(),
  links: z.object({ self: z.string().meta({ example: '/api/v1/jobs/6f1c…' }) }),
});
