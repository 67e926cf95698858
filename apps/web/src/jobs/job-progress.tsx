import { Alert, Badge, Button, Group, Progress, Stack, Text } from '@mantine/core';
import { useEffect, useRef, useState } from 'react';
import type { Job } from '../api/types';
import { useJob } from './use-job';

/** Human names of job kinds; an unknown kind shows as it is. */
const KIND_LABELS: Record<string, string> = {
  'brand.voice': 'Learning the brand voice',
  'brand.strategy': 'Drafting the brand strategy',
  'campaign.plan': 'Planning the campaign calendar',
  'content.generate': 'Writing content variants',
  'analytics.simulate': 'Simulating performance data',
  'brand.insights': 'Finding insights',
  'inbox.reply': 'Drafting a reply',
  'content.targets.adapt': 'Adapting the text to each channel',
};

export const jobLabel = (kind: string): string => KIND_LABELS[kind] ?? kind;

function percent(job: Job): number {
  const { done, total } = job.progress;
  if (job.status === 'succeeded') return 100;
  return total > 0 ? Math.min(100, Math.round((done / total) * 100)) : 0;
}

/** A job's live progress; a failure shows what failed and a retry button. */
export function JobProgress({ jobId, onDone }: { jobId: string; onDone?: (job: Job) => void }) {
  const { job, error, retry } = useJob(jobId);
  const [retrying, setRetrying] = useState(false);
  const [retryError, setRetryError] = useState<string | null>(null);
  // Each success is reported once, after render (the parent's state changes in its own update).
  const reported = useRef<string | null>(null);
  const onDoneRef = useRef(onDone);
  onDoneRef.current = onDone;
  const doneKey = job?.status === 'succeeded' ? `${job.id}:${job.updatedAt}` : null;
  useEffect(() => {
    if (!doneKey || !job || reported.current === doneKey) return;
    reported.current = doneKey;
    onDoneRef.current?.(job);
  }, [doneKey, job]);

  if (error) {
    return (
      <Alert color="red" title="This job cannot be shown">
        {error.message}
      </Alert>
    );
  }
  if (!job)
    return (
      <Text size="sm" c="dimmed">
        Connecting to the job…
      </Text>
    );

  const label = jobLabel(job.kind);
  if (job.status === 'failed') {
    return (
      <Alert color="red" title={`${label} failed`} role="alert">
        <Stack gap="xs">
          <Text size="sm">
            {job.error?.title ?? 'The job failed.'}
            {job.error?.detail ? ` ${job.error.detail}` : ''}
          </Text>
          {job.error?.code && (
            <Text size="xs" c="dimmed">
              Code: {job.error.code}
            </Text>
          )}
          {retryError && (
            <Text size="sm" c="red">
              {retryError}
            </Text>
          )}
          <Group>
            <Button
              size="xs"
              loading={retrying}
              onClick={async () => {
                setRetrying(true);
                setRetryError(null);
                try {
                  await retry();
                } catch (e) {
                  setRetryError(e instanceof Error ? e.message : 'The retry was refused.');
                } finally {
                  setRetrying(false);
                }
              }}
            >
              Retry
            </Button>
          </Group>
        </Stack>
      </Alert>
    );
  }

  const value = percent(job);
  return (
    <Stack gap={4}>
      <Group justify="space-between">
        <Text size="sm" fw={500}>
          {label}
        </Text>
        <Badge variant="light" color={job.status === 'succeeded' ? 'green' : job.status === 'cancelled' ? 'gray' : 'blue'}>
          {job.status}
        </Badge>
      </Group>
      <Progress value={value} animated={job.status === 'running'} aria-label={`${label}: ${value}%`} />
      <Text size="xs" c="dimmed">
        {job.progress.total > 0 ? `${job.progress.done} of ${job.progress.total} steps` : job.status === 'queued' ? 'Waiting for an agent…' : 'Working…'}
      </Text>
    </Stack>
  );
}
