import { useCallback, useState } from 'react';
import type { Job, JobAccepted } from '../api/types';
import { useRunningJobs } from './running-jobs';

const PREFIX = 'mt.job.';

function read(scope: string): string | null {
  try {
    return window.sessionStorage.getItem(PREFIX + scope);
  } catch {
    return null;
  }
}

/**
 * The job a page started for one thing (a campaign's plan, a brand's voice): its id is kept in
 * sessionStorage under `scope`, so a reload mid-generation follows the same job again; a job
 * started elsewhere (another tab, before the tab was opened) is found in the running jobs by
 * kind and brand when `match` allows it.
 */
export function useTrackedJob(scope: string, opts: { kinds: string[]; brandId?: string | null; match?: boolean }) {
  const [stored, setStored] = useState<{ scope: string; id: string | null }>(() => ({ scope, id: read(scope) }));
  const id = stored.scope === scope ? stored.id : read(scope);
  const { data } = useRunningJobs();
  const running: Job | null =
    opts.match === false ? null : (data?.items.find((j) => opts.kinds.includes(j.kind) && (!opts.brandId || j.brandId === opts.brandId)) ?? null);

  const start = useCallback(
    (accepted: JobAccepted | { jobId: string }) => {
      try {
        window.sessionStorage.setItem(PREFIX + scope, accepted.jobId);
      } catch {
        // Still followed in this page; a reload finds it through the running jobs.
      }
      setStored({ scope, id: accepted.jobId });
    },
    [scope],
  );
  const clear = useCallback(() => {
    try {
      window.sessionStorage.removeItem(PREFIX + scope);
    } catch {
      // see above
    }
    setStored({ scope, id: null });
  }, [scope]);

  return { jobId: id ?? running?.id ?? null, start, clear };
}
