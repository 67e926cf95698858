import { Alert, Anchor, Badge, Button, Checkbox, Group, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { PublishNowShape, ScheduleContentShape } from '@mt/contracts/shapes/schedule.shapes';
import { useApi } from '../api/api-context';
import { fieldErrorMap } from '../api/problem';
import type { Content } from '../api/types';
import { formatInstant } from '../lib/dates';
import { platformLabel, statusColor } from '../lib/labels';
import { useDraft } from '../lib/use-draft';
import { requestIssues } from '../lib/validation';
import { refusalOf } from '../shell/query-state';
import { contentKey, useConnections, useContent, useContentSchedule } from './content-api';

const pad = (n: number) => String(n).padStart(2, '0');
/** An instant as a datetime-local value ("2026-11-24T09:30") in the browser's zone. */
const localInput = (d: Date) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;

/**
 * When "Publish at" starts: the calendar entry's planned slot while it is still ahead, else one
 * hour from now, rounded to the quarter.
 */
export function defaultPublishAt(planned: string | null | undefined, now = Date.now()): string {
  if (planned && Date.parse(planned) > now + 60_000) return localInput(new Date(planned));
  const d = new Date(now + 3_600_000);
  d.setMinutes(Math.ceil(d.getMinutes() / 15) * 15, 0, 0);
  return localInput(d);
}

/** A "Publish at" input's local date and time as the UTC instant a request carries (as typed when it names none, for the shape to refuse). */
export function instantOf(at: string): string {
  const time = Date.parse(at);
  return Number.isNaN(time) ? at : new Date(time).toISOString();
}

/** The body POST /content/{id}/schedule is sent. */
function scheduleBody(at: string, connectionIds: string[]): { at: string; connectionIds: string[] } {
  return { at: instantOf(at), connectionIds };
}

const browserZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;

/**
 * Scheduling and publishing of an approved post: to which channels and when, or now; every
 * schedule row with its outcome — a failed publish shows the platform's message and a retry.
 */
export function PublishPanel({ content, canEdit, timezone, plannedAt }: { content: Content; canEdit: boolean; timezone: string; plannedAt?: string | null }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const connections = useConnections(content.brandId);
  // After "publish now" or a retry the outcome arrives by events: the post and its rows are
  // re-read every 1.5 s until it is published or a minute has passed (a failure shows meanwhile).
  const [watchUntil, setWatchUntil] = useState(0);
  const watching = watchUntil > Date.now() && content.status !== 'published';
  useContent(content.id, { refetchInterval: watching ? 1500 : false });
  const schedule = useContentSchedule(content, watching);
  const usable = (connections.data ?? []).filter((c) => c.platform === content.platform);
  // `at` stays null until the user picks a time, so the planned slot (known a moment later) shows.
  const [draft, setDraft, clearDraft] = useDraft<{ at: string | null; connectionIds: string[] | null }>(`schedule.${content.id}`, {
    at: null,
    connectionIds: null,
  });
  const at = draft.at ?? defaultPublishAt(plannedAt);
  // Until the user picks, every active channel of the post's platform is ticked.
  const chosen = draft.connectionIds ?? usable.filter((c) => c.status === 'active').map((c) => c.id);
  const [clientErrors, setClientErrors] = useState<Record<string, string>>({});

  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: contentKey(content.id) });
    void queryClient.invalidateQueries({ queryKey: ['schedule'] });
  };
  const scheduleIt = useMutation({
    mutationFn: (body: { at: string; connectionIds: string[] }) => api.post(`/content/${content.id}/schedule`, body, { idempotencyKey: crypto.randomUUID() }),
    onSuccess: () => {
      clearDraft();
      notifications.show({ color: 'green', message: 'The post is scheduled.' });
      refresh();
    },
  });
  const progressId = `publishing.${content.id}`;
  const publishNow = useMutation({
    mutationFn: (connectionIds: string[]) => api.post(`/content/${content.id}/publish`, { connectionIds }, { idempotencyKey: crypto.randomUUID() }),
    onSuccess: () => {
      // Stays while the post goes out; replaced by the outcome (below), never left behind.
      notifications.show({ id: progressId, color: 'blue', loading: true, autoClose: false, message: `Publishing to ${platformLabel(content.platform)}…` });
      setWatchUntil(Date.now() + 60_000);
      refresh();
    },
    onSettled: refresh,
  });
  useEffect(() => {
    if (!watchUntil) return;
    if (content.status === 'published') {
      notifications.update({ id: progressId, color: 'green', loading: false, autoClose: 5000, message: `Published to ${platformLabel(content.platform)}.` });
      setWatchUntil(0);
    } else if (content.status === 'failed') {
      notifications.update({
        id: progressId,
        color: 'red',
        loading: false,
        autoClose: 5000,
        message: `Publishing to ${platformLabel(content.platform)} failed: see below.`,
      });
      setWatchUntil(0);
    } else if (watchUntil < Date.now()) {
      notifications.hide(progressId);
    }
  }, [content.status, watchUntil, progressId, content.platform]);
  useEffect(
    () => () => {
      notifications.hide(progressId);
    },
    [progressId],
  );
  const unschedule = useMutation({
    mutationFn: () => api.delete(`/content/${content.id}/schedule`),
    onSuccess: refresh,
  });

  function submit(e: FormEvent) {
    e.preventDefault();
    // The body sent, checked with its shape; beside it publishing-agent's own rule that the time is ahead (SCHEDULE_IN_PAST).
    const body = scheduleBody(at, chosen);
    const issues = requestIssues(ScheduleContentShape, body);
    if (!issues.at && Date.parse(body.at) <= Date.now()) issues.at = 'must be in the future';
    setClientErrors(issues);
    if (Object.keys(issues).length === 0) scheduleIt.mutate(body);
  }

  const errors = { ...fieldErrorMap(scheduleIt.error), ...clientErrors };
  const refusal = refusalOf(scheduleIt.error) ?? refusalOf(publishNow.error) ?? refusalOf(unschedule.error);
  const rows = schedule.data ?? [];
  const failedRows = rows.filter((r) => r.status === 'failed');
  const failure = content.failure ?? (failedRows[0]?.error ? { ...failedRows[0].error, at: failedRows[0].at } : null);
  // A retry goes to the channels that failed, or (no row known) to the active channels of the platform.
  const retryIds = failedRows.length ? [...new Set(failedRows.map((r) => r.connectionId))] : usable.filter((c) => c.status === 'active').map((c) => c.id);
  const ready = content.status === 'approved' || content.status === 'failed' || content.status === 'scheduled';

  return (
    <Stack gap="sm">
      <Title order={3} size="h4">
        {content.status === 'published' ? 'Where it was published' : 'Schedule and publish'}
      </Title>
      {content.status === 'published' && (
        <Text size="sm" c="dimmed">
          Published{content.publishedAt ? ` ${formatInstant(content.publishedAt, timezone)}` : ''}. To post it again, duplicate it from Content.
        </Text>
      )}
      {(content.status === 'failed' || (failedRows.length > 0 && content.status !== 'published')) && failure && (
        <Alert color="red" title={`Publishing to ${platformLabel(content.platform)} failed`} role="alert">
          <Stack gap={6}>
            <Text size="sm">{failure.message}</Text>
            <Text size="xs" c="dimmed">
              Code {failure.code}
              {failure.at ? ` · ${formatInstant(failure.at, timezone)}` : ''}
            </Text>
            {canEdit && (
              <Group>
                <Button
                  size="xs"
                  color="red"
                  variant="white"
                  loading={publishNow.isPending}
                  disabled={retryIds.length === 0}
                  onClick={() => publishNow.mutate(retryIds)}
                >
                  Retry publishing
                </Button>
              </Group>
            )}
          </Stack>
        </Alert>
      )}
      {refusal && (
        <Alert color="red" role="alert">
          {refusal}
        </Alert>
      )}
      {rows.length > 0 && (
        <Table withTableBorder>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Channel</Table.Th>
              <Table.Th>When ({timezone})</Table.Th>
              <Table.Th>Status</Table.Th>
              <Table.Th>Result</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((r) => (
              <Table.Tr key={r.id}>
                <Table.Td>{(connections.data ?? []).find((c) => c.id === r.connectionId)?.displayName ?? platformLabel(r.platform)}</Table.Td>
                <Table.Td>{formatInstant(r.at, timezone)}</Table.Td>
                <Table.Td>
                  <Badge variant="light" color={statusColor(r.status)}>
                    {r.status}
                  </Badge>
                </Table.Td>
                <Table.Td>
                  {r.url ? (
                    <Anchor href={r.url} target="_blank" rel="noreferrer" size="sm">
                      View post
                    </Anchor>
                  ) : r.error ? (
                    <Text size="sm" c="red">
                      {r.error.message}
                    </Text>
                  ) : (
                    '—'
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {!canEdit || content.status === 'published' ? null : !ready ? (
        <Text size="sm" c="dimmed">
          Approve the post to schedule or publish it.
        </Text>
      ) : (
        <form onSubmit={submit} aria-label="Schedule the post" noValidate>
          <Stack gap="sm" maw={560}>
            {usable.length === 0 ? (
              <Text size="sm">
                No {platformLabel(content.platform)} channel is connected.{' '}
                <Anchor component={Link} to="/channels">
                  Connect one
                </Anchor>
                .
              </Text>
            ) : (
              <Checkbox.Group label="Channels" required value={chosen} error={errors.connectionIds} onChange={(v) => setDraft({ connectionIds: v })}>
                <Stack gap={4} mt={4}>
                  {usable.map((c) => (
                    <Checkbox
                      key={c.id}
                      value={c.id}
                      disabled={c.status !== 'active'}
                      label={`${c.displayName}${c.status !== 'active' ? ` (${c.status.replace('_', ' ')})` : ''}`}
                    />
                  ))}
                </Stack>
              </Checkbox.Group>
            )}
            <TextInput
              type="datetime-local"
              label="Publish at"
              description={`Your time (${browserZone()}); the brand's calendar is in ${timezone}.`}
              required
              value={at}
              error={errors.at}
              onChange={(e) => setDraft({ at: e.currentTarget.value })}
            />
            <Group>
              <Button type="submit" loading={scheduleIt.isPending} disabled={usable.length === 0}>
                Schedule
              </Button>
              <Button
                variant="light"
                loading={publishNow.isPending}
                disabled={usable.length === 0}
                onClick={() => {
                  const issues = requestIssues(PublishNowShape, { connectionIds: chosen });
                  setClientErrors(issues);
                  if (Object.keys(issues).length === 0) publishNow.mutate(chosen);
                }}
              >
                Publish now
              </Button>
              {content.status === 'scheduled' && (
                <Button variant="subtle" color="red" loading={unschedule.isPending} onClick={() => unschedule.mutate()}>
                  Cancel the schedule
                </Button>
              )}
            </Group>
          </Stack>
        </form>
      )}
    </Stack>
  );
}
