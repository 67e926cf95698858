import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Checkbox,
  Group,
  NativeSelect,
  NumberInput,
  SegmentedControl,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { GenerateContentShape } from '@mt/contracts/shapes/content.shapes';
import { BulkScheduleShape } from '@mt/contracts/shapes/review.shapes';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useApi } from '../api/api-context';
import { fieldErrorMap } from '../api/problem';
import type { BulkContentResult, Content, ContentStatus, Job, JobAccepted, Page } from '../api/types';
import { useActiveBrand } from '../brands/active-brand';
import { JobProgress } from '../jobs/job-progress';
import { useTrackedJob } from '../jobs/use-tracked-job';
import { formatInstant, viewerTimeZone } from '../lib/dates';
import { firstWords, PLATFORM_OPTIONS, platformLabel, statusColor } from '../lib/labels';
import { PlatformMark } from '../campaigns/calendar-view';
import { notifications } from '@mantine/notifications';
import { useDraft } from '../lib/use-draft';
import { requestIssues } from '../lib/validation';
import { BuiltInEngineNotice } from '../ai-provider/built-in-engine-notice';
import { EmptyState } from '../shell/empty-state';
import { QueryState, refusalOf } from '../shell/query-state';
import { GENERATE_JOB_KINDS, useConnections } from './content-api';
import { defaultPublishAt, instantOf } from './publish-panel';
import { nameIn, useMembers } from './review-panel';
import { useAuth } from '../auth/auth-context';

type Filter = ContentStatus | 'all' | 'mine';
const FILTERS: { value: Filter; label: string }[] = [
  { value: 'all', label: 'All' },
  { value: 'mine', label: 'Awaiting my approval' },
  { value: 'draft', label: 'To review' },
  { value: 'approved', label: 'Approved' },
  { value: 'scheduled', label: 'Scheduled' },
  { value: 'published', label: 'Published' },
  { value: 'failed', label: 'Failed' },
];

function GenerateForm({ brandId }: { brandId: string }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const job = useTrackedJob(`content.generate.${brandId}`, { kinds: GENERATE_JOB_KINDS, brandId, match: false });
  const [draft, setDraft, clearDraft] = useDraft<{ brief: string; platform: string; variants: number }>(`content.generate.${brandId}`, {
    brief: '',
    platform: 'linkedin',
    variants: 2,
  });
  const [clientErrors, setClientErrors] = useState<Record<string, string>>({});
  const generate = useMutation({
    mutationFn: (body: { brandId: string; brief: string; platform: string; variants: number }) =>
      api.post<JobAccepted>('/content/generate', body, { idempotencyKey: crypto.randomUUID() }),
    onSuccess: (accepted) => {
      clearDraft();
      job.start(accepted);
    },
  });
  const errors = { ...fieldErrorMap(generate.error), ...clientErrors };

  function submit(e: FormEvent) {
    e.preventDefault();
    // The request as sent (the brief trimmed), checked with the API's own shape.
    const body = { brandId, ...draft, brief: draft.brief.trim() };
    const refused = requestIssues(GenerateContentShape, body);
    setClientErrors(refused);
    if (!Object.keys(refused).length) generate.mutate(body);
  }

  function done(j: Job) {
    job.clear();
    void queryClient.invalidateQueries({ queryKey: ['contents'] });
    const id = (j.result as { contentId?: string } | undefined)?.contentId;
    if (id) navigate(`/content/${id}`);
  }

  return (
    <Card withBorder>
      <Title order={3} size="h5" mb="xs">
        Write a post from a brief
      </Title>
      {job.jobId ? (
        <JobProgress jobId={job.jobId} onDone={done} />
      ) : (
        <form onSubmit={submit} aria-label="Write a post" noValidate id="write-a-post">
          <Stack gap="sm">
            {refusalOf(generate.error) && !Object.keys(fieldErrorMap(generate.error)).length && (
              <Alert color="red" role="alert">
                {refusalOf(generate.error)}
              </Alert>
            )}
            <Textarea
              label="Brief"
              required
              autosize
              minRows={2}
              placeholder="Announce the new single-origin beans from Huila"
              value={draft.brief}
              error={errors.brief}
              onChange={(e) => setDraft({ brief: e.currentTarget.value })}
            />
            <Group grow align="flex-start">
              <NativeSelect
                label="Platform"
                value={draft.platform}
                error={errors.platform}
                data={PLATFORM_OPTIONS}
                onChange={(e) => setDraft({ platform: e.currentTarget.value })}
              />
              <NumberInput
                label="Variants"
                min={1}
                max={5}
                allowDecimal={false}
                value={draft.variants}
                error={errors.variants}
                onChange={(v) => setDraft({ variants: typeof v === 'number' ? v : Number(v) || 0 })}
              />
            </Group>
            <Group>
              <Button type="submit" loading={generate.isPending}>
                Write variants
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Card>
  );
}

const plural = (n: number) => `${n} ${n === 1 ? 'post' : 'posts'}`;

/** What a bulk answer says: how many were done, and why the others were not (one line each). */
function summarize(verb: string, results: BulkContentResult['items'], items: Content[]): { color: string; message: string } {
  const done = results.filter((r) => r.outcome === 'done').length;
  const refused = results.filter((r) => r.outcome === 'refused');
  const title = (id: string) => {
    const c = items.find((x) => x.id === id);
    return c ? `“${postTitle(c)}”` : 'a post';
  };
  const why = refused.map((r) => `${title(r.contentId)}: ${r.message ?? r.code ?? 'refused'}`).join('; ');
  return { color: refused.length ? 'orange' : 'green', message: `${plural(done)} ${verb}.${refused.length ? ` Not ${verb}: ${why}.` : ''}` };
}

/** The field of POST /content/bulk/schedule the form owns: the posts and channels are the ones chosen, the brand the active one. */
const BulkScheduleTime = BulkScheduleShape.pick({ at: true });

/**
 * Approve, schedule or delete several posts at once (ADR 142): one request per action (per
 * platform when scheduling), each post answered on its own, so one refusal does not stop the rest.
 */
function BulkBar({ brandId, timezone, selected, items, onDone }: { brandId: string; timezone: string; selected: string[]; items: Content[]; onDone(): void }) {
  const api = useApi();
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [scheduling, setScheduling] = useState(false);
  const [at, setAt] = useState(() => defaultPublishAt(null));
  const [atIssue, setAtIssue] = useState<string>();
  const connections = useConnections(scheduling ? brandId : undefined);
  const chosen = items.filter((c) => selected.includes(c.id));
  const approvable = chosen.filter((c) => c.status === 'draft' || c.status === 'failed');
  const schedulable = chosen.filter((c) => c.status === 'approved');
  const run = useMutation({
    mutationFn: async (action: 'approve' | 'delete') => {
      const targets = action === 'approve' ? approvable : chosen;
      const r = await api.post<BulkContentResult>('/content/bulk', { brandId, action, contentIds: targets.map((c) => c.id) });
      return summarize(action === 'approve' ? 'approved' : 'deleted', r.items, items);
    },
    onSuccess: (s) => {
      notifications.show(s);
      setConfirmDelete(false);
      onDone();
    },
  });
  const schedule = useMutation({
    mutationFn: async (when: string) => {
      const active = (connections.data ?? []).filter((c) => c.status === 'active');
      const results: BulkContentResult['items'] = [];
      for (const platform of [...new Set(schedulable.map((c) => c.platform))]) {
        const posts = schedulable.filter((c) => c.platform === platform);
        const connectionIds = active.filter((c) => c.platform === platform).map((c) => c.id);
        if (connectionIds.length === 0) {
          results.push(...posts.map((c) => ({ contentId: c.id, outcome: 'refused' as const, message: `no ${platformLabel(platform)} channel is connected` })));
          continue;
        }
        const r = await api.post<BulkContentResult>('/content/bulk/schedule', {
          brandId,
          contentIds: posts.map((c) => c.id),
          at: when,
          connectionIds,
        });
        results.push(...r.items);
      }
      return summarize('scheduled', results, items);
    },
    onSuccess: (s) => {
      notifications.show(s);
      setScheduling(false);
      onDone();
    },
  });
  if (chosen.length === 0) return null;
  const refusal = refusalOf(run.error) ?? refusalOf(schedule.error);
  return (
    <Card withBorder padding="xs" role="region" aria-label="Selected posts">
      <Stack gap="xs">
        {refusal && (
          <Alert color="red" role="alert">
            {refusal}
          </Alert>
        )}
        <Group gap="sm" wrap="wrap">
          <Text size="sm" fw={600}>
            {chosen.length} selected
          </Text>
          <Button
            size="xs"
            color="teal"
            disabled={approvable.length === 0}
            loading={run.isPending && run.variables === 'approve'}
            onClick={() => run.mutate('approve')}
          >
            Approve {approvable.length}
          </Button>
          <Button size="xs" variant="light" disabled={schedulable.length === 0} onClick={() => setScheduling((v) => !v)} aria-expanded={scheduling}>
            Schedule {schedulable.length}…
          </Button>
          {confirmDelete ? (
            <>
              <Text size="sm">Delete {plural(chosen.length)}?</Text>
              <Button size="xs" color="red" loading={run.isPending && run.variables === 'delete'} onClick={() => run.mutate('delete')}>
                Delete
              </Button>
              <Button size="xs" variant="default" onClick={() => setConfirmDelete(false)}>
                Keep them
              </Button>
            </>
          ) : (
            <Button size="xs" variant="light" color="red" onClick={() => setConfirmDelete(true)}>
              Delete…
            </Button>
          )}
        </Group>
        {scheduling && schedulable.length > 0 && (
          <form
            aria-label="Schedule the selected posts"
            noValidate
            onSubmit={(e) => {
              e.preventDefault();
              // The time as sent, checked with the request's shape; beside it publishing-agent's own rule that it is ahead (SCHEDULE_IN_PAST).
              const when = instantOf(at);
              const issue = requestIssues(BulkScheduleTime, { at: when }).at;
              setAtIssue(issue);
              if (!issue && Date.parse(when) > Date.now()) schedule.mutate(when);
            }}
          >
            <Group gap="sm" align="flex-end" wrap="wrap">
              <TextInput
                type="datetime-local"
                label="Publish at"
                size="xs"
                value={at}
                onChange={(e) => {
                  setAt(e.currentTarget.value);
                  setAtIssue(undefined);
                }}
                error={atIssue ?? (at && Date.parse(at) <= Date.now() ? 'pick a time in the future' : undefined)}
                description={`Your clock${timezone && timezone !== viewerTimeZone() ? ` (the brand's is ${timezone})` : ''}; each post goes to every connected channel of its platform`}
              />
              <Button type="submit" size="xs" loading={schedule.isPending || connections.isLoading}>
                Schedule {plural(schedulable.length)}
              </Button>
            </Group>
          </form>
        )}
      </Stack>
    </Card>
  );
}

/** The brand's posts, filtered by status (drafts waiting for approval first), bulk actions, and ad-hoc generation. */
export function ContentPage() {
  const api = useApi();
  const queryClient = useQueryClient();
  const { active } = useActiveBrand();
  const [params] = useSearchParams();
  const [status, setStatus] = useState<Filter>(() => (FILTERS.some((f) => f.value === params.get('show')) ? (params.get('show') as Filter) : 'all'));
  const [selected, setSelected] = useState<string[]>([]);
  const { user } = useAuth();
  const members = useMembers(active?.id);
  const list = useQuery({
    queryKey: ['contents', active?.id, status],
    enabled: !!active,
    queryFn: ({ signal }) =>
      api.get<Page<Content>>(`/content?brandId=${active?.id}${status === 'all' ? '' : status === 'mine' ? '&awaiting=me' : `&status=${status}`}&limit=100`, {
        signal,
      }),
  });
  if (!active) return <Text>Create a brand first: content belongs to a brand.</Text>;
  const items = list.data?.items ?? [];
  const canEdit = active.role === 'editor' || active.role === 'owner';
  const allChosen = items.length > 0 && items.every((c) => selected.includes(c.id));
  const toggle = (id: string, on: boolean) => setSelected((s) => (on ? [...new Set([...s, id])] : s.filter((x) => x !== id)));
  return (
    <Stack>
      <Title order={2}>Content — {active.name}</Title>
      <BuiltInEngineNotice seenBuiltIn={items.some((c) => c.aiMeta?.engine === 'local-engine')} />
      <SegmentedControl aria-label="Filter by status" value={status} onChange={(v) => setStatus(v as Filter)} data={FILTERS} w="fit-content" visibleFrom="sm" />
      <NativeSelect label="Show" hiddenFrom="sm" value={status} onChange={(e) => setStatus(e.currentTarget.value as Filter)} data={FILTERS} />
      {canEdit && (
        <BulkBar
          brandId={active.id}
          timezone={active.timezone}
          selected={selected}
          items={items}
          onDone={() => {
            setSelected([]);
            void queryClient.invalidateQueries({ queryKey: ['contents'] });
          }}
        />
      )}
      {list.error || list.isLoading ? (
        <QueryState error={list.error} isLoading={list.isLoading} what="content" />
      ) : items.length === 0 ? (
        status === 'mine' ? (
          <Text c="dimmed">Nothing waits for your approval.</Text>
        ) : (
          <EmptyState
            title={`No posts ${status === 'all' ? 'yet' : `with status ${status}`}`}
            steps={[{ label: 'Plan a campaign', to: '/campaigns' }, ...(canEdit ? [{ label: 'Write a post from a brief', to: '#write-a-post' }] : [])]}
          >
            A campaign's plan writes its posts for you to review; a brief gives you one post now.
          </EmptyState>
        )
      ) : (
        <Table.ScrollContainer minWidth={560}>
          <Table striped withTableBorder highlightOnHover>
            <Table.Thead>
              <Table.Tr>
                {canEdit && (
                  <Table.Th w={36}>
                    <Checkbox
                      aria-label="Select every post shown"
                      checked={allChosen}
                      indeterminate={!allChosen && selected.length > 0}
                      onChange={(e) => setSelected(e.currentTarget.checked ? items.map((c) => c.id) : [])}
                    />
                  </Table.Th>
                )}
                <Table.Th>Post</Table.Th>
                <Table.Th>Platform</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th visibleFrom="sm">Variants</Table.Th>
                <Table.Th>Updated</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((c) => (
                <Table.Tr key={c.id}>
                  {canEdit && (
                    <Table.Td>
                      <Checkbox
                        aria-label={`Select “${postTitle(c)}”`}
                        checked={selected.includes(c.id)}
                        onChange={(e) => toggle(c.id, e.currentTarget.checked)}
                      />
                    </Table.Td>
                  )}
                  <Table.Td maw={480}>
                    <Anchor component={Link} to={`/content/${c.id}`} fw={500}>
                      {postTitle(c)}
                    </Anchor>
                    <Text size="xs" c="dimmed" lineClamp={1}>
                      {c.body}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Group gap={6} wrap="nowrap">
                      <PlatformMark platform={c.platform} size={16} />
                      <Text size="sm">{platformLabel(c.platform)}</Text>
                    </Group>
                  </Table.Td>
                  <Table.Td>
                    <Badge variant="light" color={statusColor(c.status)}>
                      {c.status}
                    </Badge>
                    {c.approvedAt && c.status !== 'draft' && (
                      <Text size="xs" c="dimmed">
                        Approved{nameIn(members.data?.items, c.approvedBy, user?.id) ? ` by ${nameIn(members.data?.items, c.approvedBy, user?.id)}` : ''}{' '}
                        {formatInstant(c.approvedAt, active.timezone)}
                      </Text>
                    )}
                    {c.reviewRequest && (
                      <Text size="xs" c="dimmed">
                        {c.reviewRequest.reviewerId === user?.id
                          ? 'Waiting for you'
                          : `Waiting for ${nameIn(members.data?.items, c.reviewRequest.reviewerId) ?? 'a teammate'}`}
                      </Text>
                    )}
                    {c.failure && (
                      <Text size="xs" c="red" lineClamp={1}>
                        {c.failure.message}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td visibleFrom="sm">{c.variants.length}</Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatInstant(c.updatedAt, active.timezone)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {canEdit && <GenerateForm brandId={active.id} />}
    </Stack>
  );
}

/** A post's title: its topic cut to a headline (a brief written as a paragraph is not a title). */
export const postTitle = (c: Pick<Content, 'topic' | 'body'>): string => firstWords(c.topic || c.body, 70) || 'Untitled post';
