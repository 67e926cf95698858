import { Alert, Button, Checkbox, Group, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { WEBHOOK_EVENT_TYPES } from '@mt/contracts/publishing.contract';
import { CreateWebhookShape, WEBHOOK_URL_MAX } from '@mt/contracts/shapes/webhook.shapes';
import { fieldErrorMap } from '../api/problem';
import type { WebhookEventType, WebhookSubscription } from '../api/types';
import { useDraft } from '../lib/use-draft';
import { requestIssues } from '../lib/validation';
import { refusalOf } from '../shell/query-state';
import { useCreateWebhook } from './webhooks-api';

/** What each event means to a receiver; the checkbox shows the `type` it will receive. */
export const EVENT_HINTS: Record<WebhookEventType, string> = {
  'content.approved': 'A piece of content was approved',
  'content.scheduled': 'A post was scheduled on channels',
  'content.unscheduled': 'A scheduled post was taken off the schedule',
  'content.published': 'A post went out on a channel',
  'content.publish_failed': 'A post could not be published',
  'campaign.planned': 'A campaign plan is ready',
  'analytics.updated': 'New analytics figures arrived',
  'abtest.concluded': 'An A/B test picked its winner',
  'connection.changed': 'A channel was connected, disconnected or needs reconnecting',
};

interface Draft {
  url: string;
  events: string[];
}

/** Subscribes a URL to events; the created subscription (with its one-time secret) goes to `onCreated`. */
export function WebhookForm({ brandId, onCreated }: { brandId: string; onCreated(created: WebhookSubscription): void }) {
  const [draft, setDraft, clearDraft] = useDraft<Draft>(`webhook.new.${brandId}`, { url: '', events: [] });
  const [clientErrors, setClientErrors] = useState<Record<string, string>>({});
  const create = useCreateWebhook(brandId);
  const serverErrors = fieldErrorMap(create.error);
  const errors = { ...serverErrors, ...clientErrors };
  const formError = Object.keys(serverErrors).length ? null : refusalOf(create.error);

  function submit(e: FormEvent) {
    e.preventDefault();
    // Sent in the catalogue's order, whatever order they were ticked in; checked as sent, with the API's shape.
    const input = { url: draft.url.trim(), events: WEBHOOK_EVENT_TYPES.filter((t) => draft.events.includes(t)) };
    const refused = requestIssues(CreateWebhookShape, { brandId, ...input });
    setClientErrors(refused);
    if (Object.keys(refused).length) return;
    create.mutate(input, {
      onSuccess: (created) => {
        clearDraft();
        setDraft({ url: '', events: [] });
        onCreated(created);
        create.reset();
      },
    });
  }

  return (
    <form onSubmit={submit} noValidate aria-label="New webhook">
      <Stack gap="sm">
        {formError && (
          <Alert color="red" role="alert">
            {formError}
          </Alert>
        )}
        <TextInput
          label="Endpoint URL"
          description="Where each event is POSTed as signed JSON (Standard Webhooks)"
          placeholder="https://example.com/hooks/marketing"
          type="url"
          required
          maxLength={WEBHOOK_URL_MAX}
          value={draft.url}
          error={errors.url}
          onChange={(e) => setDraft({ url: e.currentTarget.value })}
        />
        <Checkbox.Group
          label="Events"
          description="The events sent to this URL"
          required
          value={draft.events}
          error={errors.events}
          onChange={(events) => setDraft({ events })}
        >
          <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }} mt="xs">
            {WEBHOOK_EVENT_TYPES.map((t) => (
              <Checkbox key={t} value={t} label={t} description={EVENT_HINTS[t]} />
            ))}
          </SimpleGrid>
        </Checkbox.Group>
        <Group>
          <Button type="submit" loading={create.isPending}>
            Create webhook
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
