import { Alert, Badge, Button, Card, Group, Modal, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useId, useState } from 'react';
import { ApiError } from '../api/problem';
import type { Brand, WebhookSubscription } from '../api/types';
import { useActiveBrand } from '../brands/active-brand';
import { formatInstant } from '../lib/dates';
import { QueryState, refusalOf } from '../shell/query-state';
import { WebhookDeliveries } from './webhook-deliveries';
import { WebhookForm } from './webhook-form';
import { WebhookSecret } from './webhook-secret';
import { useDeleteWebhook, useEnableWebhook, useWebhooks } from './webhooks-api';

type Created = WebhookSubscription & { secret: string };

function OwnersOnly({ brand }: { brand: Brand }) {
  return (
    <Alert color="blue" title="Only the brand's owners manage webhooks">
      A webhook sends {brand.name}'s data to another service, so only its owners can see, create, turn on or delete webhooks and their delivery logs. Ask an
      owner of {brand.name} if you need one.
    </Alert>
  );
}

function WebhookCard(props: { webhook: WebhookSubscription; brand: Brand; onDelete(w: WebhookSubscription): void }) {
  const { webhook: w, brand } = props;
  const headingId = useId();
  const logId = useId();
  const [showLog, setShowLog] = useState(false);
  const enable = useEnableWebhook(brand.id);
  const disabled = w.status === 'disabled';

  return (
    <Card withBorder component="section" aria-labelledby={headingId} padding="md">
      <Stack gap="xs">
        <Group justify="space-between" align="flex-start" wrap="nowrap">
          <Stack gap={4} style={{ minWidth: 0 }}>
            <Title order={4} id={headingId} style={{ wordBreak: 'break-all' }}>
              {w.url}
            </Title>
            <Text size="xs" c="dimmed">
              Created {formatInstant(w.createdAt, brand.timezone)}
            </Text>
          </Stack>
          <Badge variant="light" color={disabled ? 'red' : 'green'} style={{ flexShrink: 0 }}>
            {disabled ? 'Turned off' : 'Active'}
          </Badge>
        </Group>
        {disabled && (
          <Alert color="red" variant="light" title={`Turned off ${formatInstant(w.disabledAt, brand.timezone)}`}>
            <Stack gap="xs" align="flex-start">
              <Text size="sm">{w.disabledReason ?? 'Its deliveries kept failing.'}</Text>
              <Text size="sm">
                Nothing is sent to it while it is off. Fix the receiver, turn it on again, then replay the deliveries you need from the log.
              </Text>
              {refusalOf(enable.error) && (
                <Text size="sm" c="red" role="alert">
                  {refusalOf(enable.error)}
                </Text>
              )}
              <Button
                size="xs"
                loading={enable.isPending}
                onClick={() =>
                  enable.mutate(w.id, { onSuccess: () => notifications.show({ color: 'green', message: `The webhook to ${w.url} is on again.` }) })
                }
                aria-label={`Turn on again ${w.url}`}
              >
                Turn on again
              </Button>
            </Stack>
          </Alert>
        )}
        <Group gap={6}>
          <Text size="xs" c="dimmed">
            Events:
          </Text>
          {w.events.map((e) => (
            <Badge key={e} variant="outline" color="gray" tt="none">
              {e}
            </Badge>
          ))}
        </Group>
        <Group gap="xs">
          <Button size="xs" variant="light" aria-expanded={showLog} aria-controls={showLog ? logId : undefined} onClick={() => setShowLog((v) => !v)}>
            {showLog ? 'Hide deliveries' : 'Show deliveries'}
          </Button>
          <Button size="xs" variant="subtle" color="red" onClick={() => props.onDelete(w)} aria-label={`Delete ${w.url}`}>
            Delete
          </Button>
        </Group>
        {showLog && <WebhookDeliveries webhook={w} timeZone={brand.timezone} id={logId} />}
      </Stack>
    </Card>
  );
}

function Webhooks({ brand }: { brand: Brand }) {
  const list = useWebhooks(brand.id);
  const remove = useDeleteWebhook(brand.id);
  const [created, setCreated] = useState<Created | null>(null);
  const [deleting, setDeleting] = useState<WebhookSubscription | null>(null);
  const listHeading = useId();
  const formHeading = useId();

  // The role in the brand list can be stale (changed by another owner since): the API has the last word.
  if (list.error instanceof ApiError && list.error.status === 403) return <OwnersOnly brand={brand} />;
  const webhooks = list.data ?? [];

  function confirmDelete() {
    if (!deleting) return;
    const gone = deleting;
    remove.mutate(gone.id, {
      onSuccess: () => {
        setDeleting(null);
        if (created?.id === gone.id) setCreated(null);
        notifications.show({ color: 'green', message: `The webhook to ${gone.url} is deleted.` });
      },
    });
  }

  return (
    <>
      {created && <WebhookSecret webhook={created} onDismiss={() => setCreated(null)} />}
      <Stack component="section" aria-labelledby={listHeading} gap="sm">
        <Title order={3} id={listHeading}>
          Subscriptions
        </Title>
        {list.error || list.isLoading ? (
          <QueryState error={list.error} isLoading={list.isLoading} what="webhooks" />
        ) : webhooks.length === 0 ? (
          <Text c="dimmed">No webhook yet: subscribe a URL to events below.</Text>
        ) : (
          webhooks.map((w) => <WebhookCard key={w.id} webhook={w} brand={brand} onDelete={setDeleting} />)
        )}
      </Stack>
      <Card withBorder component="section" aria-labelledby={formHeading}>
        <Stack gap="sm">
          <Title order={3} id={formHeading}>
            New webhook
          </Title>
          <WebhookForm brandId={brand.id} onCreated={(w) => (w.secret ? setCreated({ ...w, secret: w.secret }) : setCreated(null))} />
        </Stack>
      </Card>
      <Modal
        opened={!!deleting}
        onClose={() => {
          setDeleting(null);
          remove.reset();
        }}
        title="Delete this webhook?"
        closeButtonProps={{ 'aria-label': 'Close' }}
      >
        {deleting && (
          <Stack gap="sm">
            <Text size="sm">
              No more events will be sent to <strong style={{ wordBreak: 'break-all' }}>{deleting.url}</strong>, and its signing secret stops working. This
              cannot be undone.
            </Text>
            {refusalOf(remove.error) && (
              <Text size="sm" c="red" role="alert">
                {refusalOf(remove.error)}
              </Text>
            )}
            <Group justify="flex-end" gap="xs">
              <Button
                variant="default"
                onClick={() => {
                  setDeleting(null);
                  remove.reset();
                }}
              >
                Cancel
              </Button>
              <Button color="red" loading={remove.isPending} onClick={confirmDelete}>
                Delete webhook
              </Button>
            </Group>
          </Stack>
        )}
      </Modal>
    </>
  );
}

/** The active brand's outbound webhooks (owners only): subscriptions, their delivery logs and replays. */
export function WebhooksPage() {
  const { active } = useActiveBrand();
  if (!active) return <Text>Create a brand first: webhooks belong to a brand.</Text>;
  return (
    <Stack>
      <Title order={2}>Webhooks — {active.name}</Title>
      <Text c="dimmed" size="sm">
        Each subscribed event is POSTed to your URL as signed JSON (Standard Webhooks). A delivery that fails is retried with backoff; a webhook whose
        deliveries keep failing, or whose receiver answers 410 Gone, is turned off.
      </Text>
      {/* Every webhook route is owner-only: other members are told so without a call that would be refused. */}
      {active.role && active.role !== 'owner' ? <OwnersOnly brand={active} /> : <Webhooks key={active.id} brand={active} />}
    </Stack>
  );
}
