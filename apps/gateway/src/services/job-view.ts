import type { JobAcceptedDto, JobViewDto } from '../dtos/job.dto';
import type { JobEntity } from '../entities/job.entity';

/** Where a job lives in the API (the Location of every 202 that starts one). */
export const jobPath = (id: string) => `/api/v1/jobs/${id}`;

export function toJobView(j: JobEntity): JobViewDto {
  return {
    id: j.id,
    kind: j.kind,
    status: j.status,
    progress: { done: j.progressDone, total: j.progressTotal },
    ...(j.status === 'succeeded' ? { result: j.result } : {}),
    ...(j.error ? { error: j.error } : {}),
    brandId: j.brandId,
    attempts: j.attempts,
    createdAt: j.createdAt.toISOString(),
    updatedAt: j.updatedAt.toISOString(),
    links: { self: jobPath(j.id), events: `${jobPath(j.id)}/events` },
  };
}

export function toJobAccepted(j: JobEntity): JobAcceptedDto {
  return { jobId: j.id, status: j.status, kind: j.kind, links: { self: jobPath(j.id) } };
}

/** Cursors are opaque to clients: the last id of the page, base64url-encoded. */
export function encodeJobCursor(id: string): string {
  return Buffer.from(id, 'utf8').toString('base64url');
}

export function decodeJobCursor(cursor: string): string | null {
  const id = Buffer.from(cursor, 'base64url').toString('utf8');
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id) ? id : null;
}
