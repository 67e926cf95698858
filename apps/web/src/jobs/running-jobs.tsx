import { Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useApi } from '../api/api-context';
import type { Job, Page } from '../api/types';
import { JobProgress } from './job-progress';

/**
 * The caller's running work (GET /jobs?status=running): after a reload mid-generation the page
 * finds its jobs again here and follows them live.
 */
export function useRunningJobs() {
  const api = useApi();
  return useQuery({
    queryKey: ['jobs', 'running'],
    queryFn: ({ signal }) => api.get<Page<Job>>('/jobs?status=running&limit=20', { signal }),
    refetchInterval: 10_000,
    // A missing jobs route or a hiccup must not take the whole page to the fallback view.
    throwOnError: false,
  });
}

export function RunningJobs() {
  const { data } = useRunningJobs();
  const jobs = data?.items ?? [];
  if (!jobs.length)
    return (
      <Text size="sm" c="dimmed">
        No AI work is running.
      </Text>
    );
  return (
    <Stack gap="md">
      {jobs.map((j) => (
        <JobProgress key={j.id} jobId={j.id} />
      ))}
    </Stack>
  );
}

/** The running job of a kind for a brand, if any: a page that starts AI work finds it again after a reload. */
export function useRunningJob(kind: string, brandId: string | null | undefined): Job | null {
  const { data } = useRunningJobs();
  return data?.items.find((j) => j.kind === kind && (!brandId || j.brandId === brandId)) ?? null;
}
