import { Alert, Badge, Button, Card, CopyButton, Grid, Group, SegmentedControl, Stack, Text, Textarea, Title, UnstyledButton } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { ReplyShape } from '@mt/contracts/shapes/message.shapes';
import { useApi } from '../api/api-context';
import { fieldErrorMap } from '../api/problem';
import type { InboxMessage, InboxMessageStatus, Job, JobAccepted, Page } from '../api/types';
import { useActiveBrand } from '../brands/active-brand';
import { JobProgress } from '../jobs/job-progress';
import { useTrackedJob } from '../jobs/use-tracked-job';
import { formatInstant } from '../lib/dates';
import { humanize, platformLabel, statusColor } from '../lib/labels';
import { useDraft } from '../lib/use-draft';
import { requestIssues } from '../lib/validation';
import { useConnections } from '../content/content-api';
import { EmptyState } from '../shell/empty-state';
import { QueryState, refusalOf } from '../shell/query-state';

const FILTERS: { value: InboxMessageStatus | 'all'; label: string }[] = [
  { value: 'all', label: 'All' },
  { value: 'new', label: 'New' },
  { value: 'drafted', label: 'Drafted' },
  { value: 'replied', label: 'Replied' },
];

function Signals({ m }: { m: Pick<InboxMessage, 'intent' | 'sentiment'> }) {
  return (
    <Group gap={4}>
      {m.intent && (
        <Badge size="sm" variant="light" color={statusColor(m.intent)}>
          {humanize(m.intent)}
        </Badge>
      )}
      {m.sentiment && (
        <Badge size="sm" variant="dot" color={statusColor(m.sentiment)}>
          {m.sentiment}
        </Badge>
      )}
    </Group>
  );
}

function Conversation({ m, canEdit }: { m: InboxMessage; canEdit: boolean }) {
  const timezone = useActiveBrand().active?.timezone;
  const api = useApi();
  const queryClient = useQueryClient();
  const job = useTrackedJob(`ai-reply.${m.id}`, { kinds: ['inbox.reply'], match: false });
  const [draft, setDraft, clearDraft] = useDraft<{ body: string }>(`reply.${m.id}`, { body: m.draft ?? '' });
  const [clientErrors, setClientErrors] = useState<Record<string, string>>({});
  // A draft written by the AI fills the box unless the user has typed something already.
  useEffect(() => {
    if (m.draft && !draft.body) setDraft({ body: m.draft });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [m.draft]);
  const refresh = () => void queryClient.invalidateQueries({ queryKey: ['messages'] });
  const aiReply = useMutation({
    mutationFn: () => api.post<JobAccepted>(`/messages/${m.id}/ai-reply`, undefined, { idempotencyKey: crypto.randomUUID() }),
    onSuccess: (a) => job.start(a),
  });
  const send = useMutation({
    mutationFn: (body: string) => api.post<InboxMessage>(`/messages/${m.id}/reply`, { body }, { idempotencyKey: crypto.randomUUID() }),
    onSuccess: (saved) => {
      clearDraft();
      // Only a channel's acceptance makes a reply "sent"; a recorded one is said to be saved.
      notifications.show(
        (saved as InboxMessage | undefined)?.reply?.sent
          ? { color: 'green', message: `Reply sent to ${m.author} on ${platformLabel(m.channel)}.` }
          : { color: 'yellow', message: `Reply saved, not sent: answer ${m.author} on ${platformLabel(m.channel)} with it.` },
      );
      refresh();
    },
  });
  function drafted(j: Job) {
    job.clear();
    const reply = (j.result as { reply?: string } | undefined)?.reply;
    if (reply) setDraft({ body: reply });
    refresh();
  }
  function submit(e: FormEvent) {
    e.preventDefault();
    // Sent trimmed (a reply of spaces is none), checked with the API's own shape.
    const body = draft.body.trim();
    const refused = requestIssues(ReplyShape, { body });
    setClientErrors(refused);
    if (!Object.keys(refused).length) send.mutate(body);
  }
  const errors = { ...fieldErrorMap(send.error), ...clientErrors };
  const refusal = refusalOf(aiReply.error) ?? (Object.keys(fieldErrorMap(send.error)).length ? null : refusalOf(send.error));

  return (
    <Card withBorder>
      <Stack gap="sm">
        <Group justify="space-between">
          <Text fw={600}>
            {m.author}{' '}
            <Text span c="dimmed" size="sm">
              on {platformLabel(m.channel)}
            </Text>
          </Text>
          <Text size="xs" c="dimmed">
            {formatInstant(m.receivedAt, timezone)}
          </Text>
        </Group>
        <Signals m={m} />
        <Text style={{ whiteSpace: 'pre-wrap' }}>{m.body}</Text>
        {m.reply ? (
          <Alert color={m.reply.sent ? 'green' : 'yellow'} title={m.reply.sent ? `Replied on ${platformLabel(m.channel)}` : 'Reply saved, not sent'}>
            <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
              {m.reply.body}
            </Text>
            {!m.reply.sent && (
              <Text size="xs" mt={4}>
                Sending replies to {platformLabel(m.channel)} from here is not available yet: copy this reply and post it on {platformLabel(m.channel)}.
              </Text>
            )}
            <Group gap="xs" mt={4}>
              <Text size="xs" c="dimmed">
                {formatInstant(m.reply.at, timezone)}
              </Text>
              {!m.reply.sent && (
                <CopyButton value={m.reply.body}>
                  {({ copied, copy }) => (
                    <Button size="compact-xs" variant="light" onClick={copy}>
                      {copied ? 'Copied' : 'Copy reply'}
                    </Button>
                  )}
                </CopyButton>
              )}
            </Group>
          </Alert>
        ) : canEdit ? (
          <>
            {refusal && (
              <Alert color="red" role="alert">
                {refusal}
              </Alert>
            )}
            {job.jobId && <JobProgress jobId={job.jobId} onDone={drafted} />}
            <form onSubmit={submit} aria-label={`Reply to ${m.author}`} noValidate>
              <Stack gap="xs">
                <Textarea
                  label="Your reply"
                  autosize
                  minRows={3}
                  value={draft.body}
                  error={errors.body}
                  onChange={(e) => setDraft({ body: e.currentTarget.value })}
                  description={`${m.draft ? 'Drafted by the AI: edit it first. ' : ''}The reply is saved here; post it on ${platformLabel(m.channel)} yourself (the app does not send replies yet).`}
                />
                <Group>
                  <Button type="submit" loading={send.isPending}>
                    Save reply
                  </Button>
                  <Button variant="light" onClick={() => aiReply.mutate()} loading={aiReply.isPending} disabled={!!job.jobId}>
                    {m.draft ? 'Draft again with AI' : 'Draft with AI'}
                  </Button>
                </Group>
              </Stack>
            </form>
          </>
        ) : null}
      </Stack>
    </Card>
  );
}

/** Comments and messages of the brand's channels, their intent and sentiment, AI reply drafts to edit and send. */
export function InboxPage() {
  const api = useApi();
  const { active } = useActiveBrand();
  const [status, setStatus] = useState<InboxMessageStatus | 'all'>('all');
  const [openId, setOpenId] = useState<string | null>(null);
  const list = useQuery({
    queryKey: ['messages', active?.id, status],
    enabled: !!active,
    queryFn: ({ signal }) => api.get<Page<InboxMessage>>(`/messages?brandId=${active?.id}${status === 'all' ? '' : `&status=${status}`}&limit=100`, { signal }),
    refetchInterval: 30_000,
  });
  // With no channel connected nothing can arrive: the empty inbox says where to connect one.
  const connections = useConnections(active?.id);
  if (!active) return <Text>Create a brand first: the inbox belongs to a brand.</Text>;
  const items = list.data?.items ?? [];
  const open = items.find((m) => m.id === openId) ?? items[0];
  const canEdit = active.role === 'editor' || active.role === 'owner';
  return (
    <Stack>
      <Title order={2}>Inbox — {active.name}</Title>
      <SegmentedControl
        aria-label="Filter by status"
        value={status}
        onChange={(v) => setStatus(v as InboxMessageStatus | 'all')}
        data={FILTERS}
        w="fit-content"
      />
      {!list.data ? (
        <QueryState error={list.error} isLoading={list.isLoading} what="messages" />
      ) : items.length === 0 ? (
        status !== 'all' ? (
          <Text c="dimmed">No messages with status {status}.</Text>
        ) : connections.data && connections.data.length === 0 ? (
          <EmptyState title="No messages yet" steps={[{ label: 'Connect a channel', to: '/channels' }]}>
            Comments and messages arrive here from the brand&apos;s connected channels, and no channel is connected yet.
          </EmptyState>
        ) : (
          <EmptyState title="No messages yet" steps={[{ label: 'Publish a post', to: '/content' }]}>
            Comments and messages from the connected channels arrive here: a published post is what people answer.
          </EmptyState>
        )
      ) : (
        <Grid>
          <Grid.Col span={{ base: 12, md: 5 }}>
            <Stack gap={6} role="list" aria-label="Messages">
              {items.map((m) => (
                <UnstyledButton
                  key={m.id}
                  role="listitem"
                  onClick={() => setOpenId(m.id)}
                  aria-current={open?.id === m.id}
                  aria-label={`${m.author}: ${m.body.slice(0, 60)}`}
                >
                  <Card withBorder padding="xs" bg={open?.id === m.id ? 'var(--mantine-color-indigo-0)' : undefined}>
                    <Group justify="space-between" wrap="nowrap">
                      <Text size="sm" fw={m.status === 'new' ? 700 : 500} truncate>
                        {m.author}
                      </Text>
                      <Badge size="xs" variant="light" color={statusColor(m.status)}>
                        {m.status}
                      </Badge>
                    </Group>
                    <Text size="xs" c="dimmed" lineClamp={2}>
                      {m.body}
                    </Text>
                    <Signals m={m} />
                  </Card>
                </UnstyledButton>
              ))}
            </Stack>
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 7 }}>{open && <Conversation key={open.id} m={open} canEdit={canEdit} />}</Grid.Col>
        </Grid>
      )}
    </Stack>
  );
}
