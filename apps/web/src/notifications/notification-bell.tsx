import { Anchor, Badge, Button, Divider, Group, Indicator, Popover, Stack, Text, UnstyledButton } from '@mantine/core';
import { useState } from 'react';
import { Link } from 'react-router';
import type { Notification } from '../api/types';
import { formatInstant } from '../lib/dates';
import { notificationHref, useMarkRead, useNotificationStream, useNotifications } from './notification-api';

export function NotificationItem({ n, onOpen }: { n: Notification; onOpen?: () => void }) {
  const mark = useMarkRead();
  const href = notificationHref(n);
  return (
    <Stack gap={2} data-unread={!n.readAt}>
      <Group justify="space-between" wrap="nowrap" align="flex-start">
        <Text size="sm" fw={n.readAt ? 400 : 600}>
          {href ? (
            <Anchor
              component={Link}
              to={href}
              onClick={() => {
                if (!n.readAt) mark.mutate([n.id]);
                onOpen?.();
              }}
              inherit
            >
              {n.title}
            </Anchor>
          ) : (
            n.title
          )}
        </Text>
        {!n.readAt && (
          <Button size="compact-xs" variant="subtle" onClick={() => mark.mutate([n.id])} aria-label={`Mark “${n.title}” as read`}>
            Mark read
          </Button>
        )}
      </Group>
      {n.body && (
        <Text size="xs" c="dimmed">
          {n.body}
        </Text>
      )}
      <Text size="xs" c="dimmed">
        {formatInstant(n.createdAt)}
      </Text>
    </Stack>
  );
}

/** The header's bell: unread count, the latest notifications, mark read. */
export function NotificationBell() {
  const live = useNotificationStream();
  const { data } = useNotifications({ live });
  const mark = useMarkRead();
  const [opened, setOpened] = useState(false);
  const unread = data?.unread ?? 0;
  const items = data?.items ?? [];
  return (
    <Popover width={360} position="bottom-end" shadow="md" withArrow opened={opened} onChange={setOpened} hideDetached={false}>
      <Popover.Target>
        <UnstyledButton onClick={() => setOpened((o) => !o)} aria-label={`Notifications: ${unread} unread`} px="xs" py={4}>
          <Indicator label={unread > 99 ? '99+' : unread} size={16} disabled={unread === 0} offset={2}>
            <svg
              width="20"
              height="20"
              viewBox="0 0 24 24"
              fill="none"
              stroke="currentColor"
              strokeWidth="2"
              strokeLinecap="round"
              strokeLinejoin="round"
              aria-hidden="true"
              style={{ display: 'block' }}
            >
              <path d="M18 8a6 6 0 0 0-12 0c0 7-3 9-3 9h18s-3-2-3-9" />
              <path d="M13.73 21a2 2 0 0 1-3.46 0" />
            </svg>
          </Indicator>
        </UnstyledButton>
      </Popover.Target>
      <Popover.Dropdown>
        <Group justify="space-between" mb="xs">
          <Text fw={600} size="sm">
            Notifications {unread > 0 && <Badge size="xs">{unread} new</Badge>}
          </Text>
          {unread > 0 && (
            <Button size="compact-xs" variant="light" onClick={() => mark.mutate('all')}>
              Mark all read
            </Button>
          )}
        </Group>
        {items.length === 0 ? (
          <Text size="sm" c="dimmed">
            Nothing new.
          </Text>
        ) : (
          <Stack gap="xs" mah={420} style={{ overflowY: 'auto' }}>
            {items.slice(0, 8).map((n, i) => (
              <div key={n.id}>
                {i > 0 && <Divider mb="xs" />}
                <NotificationItem n={n} onOpen={() => setOpened(false)} />
              </div>
            ))}
          </Stack>
        )}
        <Divider my="xs" />
        <Anchor component={Link} to="/notifications" size="sm" onClick={() => setOpened(false)}>
          All notifications
        </Anchor>
      </Popover.Dropdown>
    </Popover>
  );
}
