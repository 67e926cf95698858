import { Alert, Badge, Button, Group, Stack, Table, Text, VisuallyHidden } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { WebhookDelivery, WebhookDeliveryStatus, WebhookSubscription } from '../api/types';
import { formatInstant } from '../lib/dates';
import { QueryState, refusalOf } from '../shell/query-state';
import { useDeliveries, useReplayDelivery } from './webhooks-api';

const STATUS: Record<WebhookDeliveryStatus, { label: string; color: string }> = {
  pending: { label: 'Pending', color: 'gray' },
  delivering: { label: 'Sending', color: 'blue' },
  delivered: { label: 'Delivered', color: 'green' },
  failed: { label: 'Failed', color: 'red' },
};

/** When it was delivered, or when the next attempt is due; a failed one has neither. */
function outcome(d: WebhookDelivery, timeZone: string): string {
  if (d.deliveredAt) return `Delivered ${formatInstant(d.deliveredAt, timeZone)}`;
  if (d.nextAttemptAt && d.status !== 'failed') return `Next attempt ${formatInstant(d.nextAttemptAt, timeZone)}`;
  return '—';
}

/** The delivery log of one subscription, newest first, with a replay per delivery. */
export function WebhookDeliveries({ webhook, timeZone, id }: { webhook: WebhookSubscription; timeZone: string; id: string }) {
  const log = useDeliveries(webhook.id);
  const replay = useReplayDelivery(webhook.id);
  const deliveries = log.data?.pages.flatMap((p) => p.items) ?? [];
  const refusal = refusalOf(replay.error);

  function replayOne(d: WebhookDelivery) {
    replay.mutate(d.id, {
      onSuccess: (created) => notifications.show({ color: 'green', message: `A new ${created.eventType} delivery is queued, with the same webhook-id.` }),
    });
  }

  return (
    <Stack id={id} gap="xs">
      {refusal && (
        <Alert color="red" role="alert" title="The delivery could not be replayed">
          {refusal}
        </Alert>
      )}
      {log.error || log.isLoading ? (
        <QueryState error={log.error} isLoading={log.isLoading} what="deliveries" />
      ) : deliveries.length === 0 ? (
        <Text size="sm" c="dimmed">
          No delivery yet: one is logged each time a subscribed event happens.
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={720}>
          <Table verticalSpacing="xs" aria-label={`Deliveries to ${webhook.url}`}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Event</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th>Attempts</Table.Th>
                <Table.Th>Last status code</Table.Th>
                <Table.Th>Last error</Table.Th>
                <Table.Th>Delivered / next attempt</Table.Th>
                <Table.Th>
                  <VisuallyHidden>Actions</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {deliveries.map((d) => (
                <Table.Tr key={d.id}>
                  <Table.Td>
                    <Text size="sm">{d.eventType}</Text>
                    <Text size="xs" c="dimmed">
                      {formatInstant(d.createdAt, timeZone)}
                      {d.replayOf ? ' · replay' : ''}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Badge variant="light" color={STATUS[d.status]?.color ?? 'gray'}>
                      {STATUS[d.status]?.label ?? d.status}
                    </Badge>
                  </Table.Td>
                  <Table.Td>{d.attempts}</Table.Td>
                  <Table.Td>{d.lastStatusCode ?? '—'}</Table.Td>
                  <Table.Td>
                    <Text size="sm" style={{ wordBreak: 'break-word' }}>
                      {d.lastError ?? '—'}
                    </Text>
                  </Table.Td>
                  <Table.Td>{outcome(d, timeZone)}</Table.Td>
                  <Table.Td>
                    <Button
                      size="xs"
                      variant="light"
                      loading={replay.isPending && replay.variables === d.id}
                      disabled={replay.isPending}
                      onClick={() => replayOne(d)}
                      aria-label={`Replay ${d.eventType} of ${formatInstant(d.createdAt, timeZone)}`}
                    >
                      Replay
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {!log.isLoading && !log.error && (
        <Group gap="xs">
          {log.hasNextPage && (
            <Button size="xs" variant="default" loading={log.isFetchingNextPage} onClick={() => void log.fetchNextPage()}>
              Load more
            </Button>
          )}
          <Button
            size="xs"
            variant="subtle"
            loading={log.isRefetching && !log.isFetchingNextPage}
            onClick={() => void log.refetch()}
            aria-label={`Refresh the deliveries to ${webhook.url}`}
          >
            Refresh
          </Button>
        </Group>
      )}
    </Stack>
  );
}
