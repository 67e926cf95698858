import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useState } from 'react';
import { useApi } from '../api/api-context';
import { ApiError } from '../api/problem';
import { FINAL_JOB_STATUSES, type Job, type JobAccepted } from '../api/types';
import { readSse } from './sse';

export type JobTransport = 'stream' | 'poll';

export interface JobState {
  job: Job | null;
  /** A problem reading the job itself (e.g. 404), not the job's own failure (that is job.error). */
  error: ApiError | null;
  transport: JobTransport | null;
  retry(): Promise<void>;
  cancel(): Promise<void>;
}

export const isFinal = (job: Job | null): boolean => !!job && FINAL_JOB_STATUSES.includes(job.status);

/**
 * Live state of one job: the event stream (GET /jobs/{id}/events, read with fetch so the access
 * token travels in the Authorization header), falling back to polling GET /jobs/{id} when the
 * stream cannot be opened or ends before the job does.
 */
export function useJob(jobId: string | null, opts: { pollMs?: number } = {}): JobState {
  const api = useApi();
  const queryClient = useQueryClient();
  const pollMs = opts.pollMs ?? 1000;
  const [job, setJob] = useState<Job | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [transport, setTransport] = useState<JobTransport | null>(null);
  // Retry re-queues the same job id: a new generation opens a new subscription.
  const [generation, setGeneration] = useState(0);

  useEffect(() => {
    if (!jobId) return;
    const abort = new AbortController();
    let last: Job | null = null;
    const update = (j: Job) => {
      last = j;
      setJob(j);
      if (isFinal(j)) void queryClient.invalidateQueries({ queryKey: ['jobs'] });
    };

    const stream = async (): Promise<void> => {
      const res = await api.send('GET', `/jobs/${jobId}/events`, { signal: abort.signal, headers: { accept: 'text/event-stream' } });
      if (!res.body || !(res.headers.get('content-type') ?? '').includes('text/event-stream')) throw new Error('not an event stream');
      setTransport('stream');
      for await (const ev of readSse(res.body)) {
        if (abort.signal.aborted) return;
        try {
          update(JSON.parse(ev.data) as Job);
        } catch {
          // A malformed event is skipped; the next one (or polling) carries the state.
        }
      }
    };

    const poll = async (): Promise<void> => {
      setTransport('poll');
      while (!abort.signal.aborted && !isFinal(last)) {
        try {
          update(await api.get<Job>(`/jobs/${jobId}`, { signal: abort.signal }));
        } catch (e) {
          if (abort.signal.aborted) return;
          // 4xx: the job is not (or no longer) ours to see; stop. Network/5xx: keep trying.
          if (e instanceof ApiError && e.status >= 400 && e.status < 500) {
            setError(e);
            return;
          }
        }
        if (isFinal(last)) return;
        await sleep(pollMs, abort.signal);
      }
    };

    (async () => {
      try {
        await stream();
      } catch (e) {
        if (abort.signal.aborted) return;
        if (e instanceof ApiError && e.status >= 400 && e.status < 500 && e.status !== 429) {
          setError(e);
          return;
        }
      }
      if (!abort.signal.aborted && !isFinal(last)) await poll();
    })();

    return () => abort.abort();
  }, [api, queryClient, jobId, generation, pollMs]);

  const retry = useCallback(async () => {
    if (!jobId) return;
    const accepted = await api.post<JobAccepted>(`/jobs/${jobId}/retry`);
    setJob((j) => (j ? { ...j, status: accepted.status, error: undefined, progress: { done: 0, total: j.progress.total } } : j));
    setError(null);
    setGeneration((g) => g + 1);
  }, [api, jobId]);

  const cancel = useCallback(async () => {
    if (!jobId) return;
    setJob(await api.post<Job>(`/jobs/${jobId}/cancel`));
  }, [api, jobId]);

  return { job, error, transport, retry, cancel };
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(t);
      resolve();
    });
  });
}
