import { Alert, Anchor, Badge, Button, Card, Group, NativeSelect, NumberInput, SegmentedControl, Stack, Table, Text, Textarea, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { useApi } from '../api/api-context';
import { fieldErrorMap } from '../api/problem';
import type { Content, ContentStatus, Job, JobAccepted, Page } from '../api/types';
import { useActiveBrand } from '../brands/active-brand';
import { JobProgress } from '../jobs/job-progress';
import { useTrackedJob } from '../jobs/use-tracked-job';
import { generateSchema } from '../lib/content-rules';
import { formatInstant } from '../lib/dates';
import { PLATFORM_OPTIONS, platformLabel, statusColor } from '../lib/labels';
import { useDraft } from '../lib/use-draft';
import { issuesOf } from '../lib/validation';
import { QueryState, refusalOf } from '../shell/query-state';
import { GENERATE_JOB_KINDS } from './content-api';

const FILTERS: { value: ContentStatus | 'all'; label: string }[] = [
  { value: 'all', label: 'All' },
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
  const [draft, setDraft, clearDraft] = useDraft<{ brief: string; platform: string; variants: number }>(`content.generate.${brandId}`, { brief: '', platform: 'linkedin', variants: 2 });
  const [clientErrors, setClientErrors] = useState<Record<string, string>>({});
  const generate = useMutation({
    mutationFn: (body: { brandId: string; brief: string; platform: string; variants: number }) => api.post<JobAccepted>('/content/generate', body, { idempotencyKey: crypto.randomUUID() }),
    onSuccess: (accepted) => {
      clearDraft();
      job.start(accepted);
    },
  });
  const errors = { ...fieldErrorMap(generate.error), ...clientErrors };

  function submit(e: FormEvent) {
    e.preventDefault();
    const v = generateSchema.safeParse(draft);
    setClientErrors(issuesOf(v));
    if (v.success) generate.mutate({ brandId, ...v.data });
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
        <form onSubmit={submit} aria-label="Write a post" noValidate>
          <Stack gap="sm">
            {refusalOf(generate.error) && !Object.keys(fieldErrorMap(generate.error)).length && (
              <Alert color="red" role="alert">
                {refusalOf(generate.error)}
              </Alert>
            )}
            <Textarea label="Brief" required autosize minRows={2} placeholder="Announce the new single-origin beans from Huila" value={draft.brief} error={errors.brief} onChange={(e) => setDraft({ brief: e.currentTarget.value })} />
            <Group grow align="flex-start">
              <NativeSelect label="Platform" value={draft.platform} error={errors.platform} data={PLATFORM_OPTIONS} onChange={(e) => setDraft({ platform: e.currentTarget.value })} />
              <NumberInput label="Variants" min={1} max={5} allowDecimal={false} value={draft.variants} error={errors.variants} onChange={(v) => setDraft({ variants: typeof v === 'number' ? v : Number(v) || 0 })} />
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

/** The brand's posts, filtered by status (drafts waiting for approval first), and ad-hoc generation. */
export function ContentPage() {
  const api = useApi();
  const { active } = useActiveBrand();
  const [status, setStatus] = useState<ContentStatus | 'all'>('all');
  const list = useQuery({
    queryKey: ['contents', active?.id, status],
    enabled: !!active,
    queryFn: ({ signal }) => api.get<Page<Content>>(`/content?brandId=${active?.id}${status === 'all' ? '' : `&status=${status}`}&limit=100`, { signal }),
  });
  if (!active) return <Text>Create a brand first: content belongs to a brand.</Text>;
  const items = list.data?.items ?? [];
  const canEdit = active.role === 'editor' || active.role === 'owner';
  return (
    <Stack>
      <Title order={2}>Content — {active.name}</Title>
      <SegmentedControl aria-label="Filter by status" value={status} onChange={(v) => setStatus(v as ContentStatus | 'all')} data={FILTERS} w="fit-content" />
      {list.error || list.isLoading ? (
        <QueryState error={list.error} isLoading={list.isLoading} what="content" />
      ) : items.length === 0 ? (
        <Text c="dimmed">No posts {status === 'all' ? 'yet' : `with status ${status}`}. Plan a campaign, or write one from a brief.</Text>
      ) : (
        <Table striped withTableBorder highlightOnHover>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Post</Table.Th>
              <Table.Th>Platform</Table.Th>
              <Table.Th>Status</Table.Th>
              <Table.Th>Variants</Table.Th>
              <Table.Th>Updated</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((c) => (
              <Table.Tr key={c.id}>
                <Table.Td maw={480}>
                  <Anchor component={Link} to={`/content/${c.id}`} fw={500}>
                    {c.topic ?? 'Untitled post'}
                  </Anchor>
                  <Text size="xs" c="dimmed" lineClamp={1}>
                    {c.body}
                  </Text>
                </Table.Td>
                <Table.Td>{platformLabel(c.platform)}</Table.Td>
                <Table.Td>
                  <Badge variant="light" color={statusColor(c.status)}>
                    {c.status}
                  </Badge>
                  {c.failure && (
                    <Text size="xs" c="red" lineClamp={1}>
                      {c.failure.message}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>{c.variants.length}</Table.Td>
                <Table.Td>{formatInstant(c.updatedAt, active.timezone)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {canEdit && <GenerateForm brandId={active.id} />}
    </Stack>
  );
}
