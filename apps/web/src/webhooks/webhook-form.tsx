import { Alert, Button, Checkbox, Group, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { z } from 'zod';
import { WEBHOOK_EVENT_TYPES } from '@mt/contracts/publishing.contract';
import { fieldErrorMap } from '../api/problem';
import type { WebhookEventType, WebhookSubscription } from '../api/types';
import { useDraft } from '../lib/use-draft';
import { issuesOf } from '../lib/validation';
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

/** The gateway's CreateWebhookDto rules, checked before sending (the server checks them again). */
export const webhookSchema = z.object({
  url: z
    .string()
    .trim()
    .min(1, 'is required')
    .max(2000, 'must be at most 2,000 characters')
    .regex(/^https?:\/\/[^\s/$.?#][^\s]*$/i, 'must be an http(s) URL'),
  events: z.array(z.enum(WEBHOOK_EVENT_TYPES)).min(1, 'pick at least one event'),
});

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
    const v = webhookSchema.safeParse(draft);
    setClientErrors(issuesOf(v));
    if (!v.success) return;
    // Sent in the catalogue's order, whatever order they were ticked in.
    const events = WEBHOOK_EVENT_TYPES.filter((t) => v.data.events.includes(t));
    create.mutate(
      { url: v.data.url, events },
      {
        onSuccess: (created) => {
          clearDraft();
          setDraft({ url: '', events: [] });
          onCreated(created);
          create.reset();
        },
      },
    );
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
          maxLength={2000}
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
