import { Alert, Anchor, Badge, Button, Card, Group, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { Content } from '../api/types';
import { useApi } from '../api/api-context';
import { platformLabel, statusColor } from '../lib/labels';
import { refusalOf } from '../shell/query-state';
import { contentKey } from './content-api';

type Target = NonNullable<Content['targets']>[number];

/** What a target's status means to the person reading it. */
const STATUS_WORDS: Record<Target['status'], string> = {
  pending: 'Not scheduled yet',
  scheduled: 'Scheduled',
  publishing: 'Publishing',
  unknown: 'Checking with the platform',
  published: 'Published',
  failed: 'Failed',
  cancelled: 'Cancelled',
};

/**
 * Compose once (ADR 186): where the post goes, each target with its own text, status and outcome
 * (the published post's link, or the platform's message). Publishing again sends only the
 * targets that are not published or on their way.
 */
export function ContentTargets({ content, canEdit }: { content: Content; canEdit: boolean }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const targets = content.targets ?? [];
  const failed = targets.filter((t) => t.status === 'failed' || t.status === 'cancelled');
  const retry = useMutation({
    mutationFn: () => api.post(`/content/${content.id}/publish`, {}, { idempotencyKey: crypto.randomUUID() }),
    onSuccess: () => {
      notifications.show({ color: 'blue', message: `Publishing again to ${failed.map((t) => platformLabel(t.platform)).join(', ')}…` });
      void queryClient.invalidateQueries({ queryKey: contentKey(content.id) });
    },
  });
  if (targets.length === 0) return null;
  return (
    <Card withBorder aria-label="Targets">
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={4}>Targets</Title>
          {canEdit && failed.length > 0 && (
            <Button size="xs" onClick={() => retry.mutate()} loading={retry.isPending}>
              Publish the failed targets again
            </Button>
          )}
        </Group>
        {retry.error && <Alert color="red">{refusalOf(retry.error) ?? 'The targets could not be published again; try once more.'}</Alert>}
        {targets.map((t) => (
          <Stack key={t.connectionId} gap={2} aria-label={`Target ${platformLabel(t.platform)}`}>
            <Group gap="xs">
              <Text fw={600}>{platformLabel(t.platform)}</Text>
              <Badge color={statusColor(t.status)}>{STATUS_WORDS[t.status]}</Badge>
              {t.outcome?.url && (
                <Anchor href={t.outcome.url} target="_blank" rel="noreferrer" size="sm">
                  View the post
                </Anchor>
              )}
            </Group>
            <Text size="sm" c="dimmed" style={{ whiteSpace: 'pre-wrap' }}>
              {t.body ?? 'The post’s text'}
            </Text>
            {t.outcome?.error && t.status !== 'published' && (
              <Text size="sm" c="red">
                {t.outcome.error.message} ({t.outcome.error.code})
              </Text>
            )}
          </Stack>
        ))}
      </Stack>
    </Card>
  );
}
