import { Alert, Button, Card, Checkbox, Group, Stack, Text, Textarea, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import type { Content, JobAccepted } from '../api/types';
import { useApi } from '../api/api-context';
import { JobProgress } from '../jobs/job-progress';
import { platformLabel } from '../lib/labels';
import { refusalOf } from '../shell/query-state';
import { contentKey, useConnections } from './content-api';
import type { AdaptTargetsRequest, TargetInput, TargetSet } from './target-types';

/** One chosen connection and its own text ('' follows the post's text). */
interface Choice {
  connectionId: string;
  body: string;
}

const choicesOf = (content: Content): Choice[] => (content.targets ?? []).map((t) => ({ connectionId: t.connectionId, body: t.body ?? '' }));

/**
 * Compose once (ADR 186/194): choose the connections a draft goes to, see and edit each one's own
 * text, and have the AI adapt the post's text to each platform (a job; the texts land on the
 * targets and can be edited here afterwards). Approval covers the set, so it changes only on a draft.
 */
export function TargetEditor({ content }: { content: Content }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const connections = useConnections(content.brandId);
  const [choices, setChoices] = useState<Choice[]>(() => choicesOf(content));
  const [jobId, setJobId] = useState<string | null>(null);
  const saved = JSON.stringify(choicesOf(content));
  // The post's targets changed on the server (an adaptation landed): show them.
  useEffect(() => setChoices(JSON.parse(saved) as Choice[]), [saved]);

  const save = useMutation({
    mutationFn: (list: Choice[]) => {
      const targets: TargetInput[] = list.map((c) => ({ connectionId: c.connectionId, ...(c.body.trim() ? { body: c.body } : {}) }));
      return api.request<TargetSet>('PUT', `/content/${content.id}/targets`, { body: { targets } });
    },
    onSuccess: () => {
      notifications.show({ color: 'green', message: 'Targets saved' });
      void queryClient.invalidateQueries({ queryKey: contentKey(content.id) });
    },
  });
  const adapt = useMutation({
    mutationFn: () => api.post<JobAccepted>(`/content/${content.id}/targets/adapt`, {} satisfies AdaptTargetsRequest),
    onSuccess: (job) => setJobId(job.jobId),
  });

  const toggle = (connectionId: string, on: boolean) =>
    setChoices((cs) => (on ? [...cs, { connectionId, body: '' }] : cs.filter((c) => c.connectionId !== connectionId)));
  const setBody = (connectionId: string, body: string) => setChoices((cs) => cs.map((c) => (c.connectionId === connectionId ? { ...c, body } : c)));
  const active = (connections.data ?? []).filter((c) => c.status === 'active' || choices.some((x) => x.connectionId === c.id));
  const dirty = JSON.stringify(choices) !== saved;

  return (
    <Card withBorder aria-label="Where it goes">
      <Stack gap="sm">
        <Title order={4}>Where it goes</Title>
        <Text size="sm" c="dimmed">
          Choose the channels this post goes to. Each can have its own text; left empty, it publishes the post’s text.
        </Text>
        {active.length === 0 && <Text size="sm">No connected channels yet.</Text>}
        {active.map((c) => {
          const chosen = choices.find((x) => x.connectionId === c.id);
          return (
            <Stack key={c.id} gap={4}>
              <Checkbox label={`${c.displayName} (${platformLabel(c.platform)})`} checked={!!chosen} onChange={(e) => toggle(c.id, e.currentTarget.checked)} />
              {chosen && (
                <Textarea
                  aria-label={`Text for ${c.displayName}`}
                  placeholder="The post’s text"
                  autosize
                  minRows={2}
                  value={chosen.body}
                  onChange={(e) => setBody(c.id, e.currentTarget.value)}
                />
              )}
            </Stack>
          );
        })}
        {save.error && <Alert color="red">{refusalOf(save.error) ?? 'The targets could not be saved; try once more.'}</Alert>}
        {adapt.error && <Alert color="red">{refusalOf(adapt.error) ?? 'The texts could not be adapted; try once more.'}</Alert>}
        {jobId && (
          <JobProgress
            jobId={jobId}
            onDone={() => {
              notifications.show({ color: 'green', message: 'Texts adapted to each channel' });
              void queryClient.invalidateQueries({ queryKey: contentKey(content.id) });
            }}
          />
        )}
        <Group>
          <Button size="xs" onClick={() => save.mutate(choices)} loading={save.isPending} disabled={!dirty}>
            Save targets
          </Button>
          <Button size="xs" variant="light" onClick={() => adapt.mutate()} loading={adapt.isPending} disabled={dirty || (content.targets ?? []).length === 0}>
            Adapt the text to each channel with AI
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}
