import { Button, Card, Group, Stack, Text, Title } from '@mantine/core';
import { QueryState } from '../shell/query-state';
import { useMarkRead, useNotifications } from './notification-api';
import { NotificationItem } from './notification-bell';

export function NotificationsPage() {
  const q = useNotifications();
  const mark = useMarkRead();
  const items = q.data?.items ?? [];
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>Notifications</Title>
        {(q.data?.unread ?? 0) > 0 && (
          <Button variant="light" onClick={() => mark.mutate('all')}>
            Mark all read
          </Button>
        )}
      </Group>
      {!q.data ? (
        <QueryState error={q.error} isLoading={q.isLoading} what="notifications" />
      ) : items.length === 0 ? (
        <Text c="dimmed">No notifications: publish failures, channels to reconnect and finished AI work show here.</Text>
      ) : (
        <Stack gap="xs">
          {items.map((n) => (
            <Card key={n.id} withBorder padding="sm" bg={n.readAt ? undefined : 'var(--mantine-color-indigo-0)'}>
              <NotificationItem n={n} />
            </Card>
          ))}
        </Stack>
      )}
    </Stack>
  );
}
