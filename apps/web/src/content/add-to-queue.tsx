import { Alert, Button, Group, Select, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { AddToQueueResult } from '@mt/contracts/publishing/scheduling.contract';
import { useApi } from '../api/api-context';
import type { Content } from '../api/types';
import { formatInstant } from '../lib/dates';
import { refusalOf } from '../shell/query-state';
import { contentKey, useConnections } from './content-api';

/**
 * "Add to queue" (ADR 147): an approved post goes on the next free slot of a channel's posting
 * queue, set up on the Channels page. Shown to editors once the post may be scheduled.
 */
export function AddToQueue({ content, canEdit, timezone }: { content: Content; canEdit: boolean; timezone: string }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const connections = useConnections(content.brandId);
  const usable = (connections.data ?? []).filter((c) => c.status === 'active' && (c.platform === content.platform || c.platform === 'webhook'));
  const [picked, setPicked] = useState<string | null>(null);
  const connectionId = picked ?? usable[0]?.id ?? null;
  const add = useMutation({
    mutationFn: (id: string) => api.post<AddToQueueResult>(`/content/${content.id}/queue`, { connectionId: id }, { idempotencyKey: crypto.randomUUID() }),
    onSuccess: (r) => {
      const item = r.items[0];
      if (item) notifications.show({ color: 'green', message: `Queued as post ${item.position}: ${formatInstant(item.at, timezone)}.` });
      void queryClient.invalidateQueries({ queryKey: contentKey(content.id) });
      void queryClient.invalidateQueries({ queryKey: ['schedule'] });
      void queryClient.invalidateQueries({ queryKey: ['queue', item?.connectionId] });
    },
  });
  const ready = content.status === 'approved' || content.status === 'failed' || content.status === 'scheduled';
  if (!canEdit || !ready || usable.length === 0) return null;
  const refusal = refusalOf(add.error);
  return (
    <Stack gap="xs" mt="md">
      <Title order={4} size="h6">
        Add to queue
      </Title>
      <Text size="sm" c="dimmed">
        The next free time of the channel’s weekly slots (set them on the Channels page).
      </Text>
      {refusal && (
        <Alert color="red" role="alert">
          {refusal}
        </Alert>
      )}
      <Group align="flex-end">
        <Select
          label="Queue of"
          data={usable.map((c) => ({ value: c.id, label: c.displayName }))}
          value={connectionId}
          onChange={setPicked}
          allowDeselect={false}
          w={260}
        />
        <Button variant="light" loading={add.isPending} disabled={!connectionId} onClick={() => connectionId && add.mutate(connectionId)}>
          Add to queue
        </Button>
      </Group>
    </Stack>
  );
}
