import { Alert, Anchor, Badge, Button, Card, Group, NumberInput, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { MAX_SIMULATED_DAYS, SimulateAnalyticsShape } from '@mt/contracts/shapes/analytics.shapes';
import { useApi } from '../api/api-context';
import { fieldErrorMap } from '../api/problem';
import type { Content, Insight, JobAccepted, Page } from '../api/types';
import type { AnalyticsOverview, ContentAnalytics } from '@mt/contracts/publishing.contract';
import { useActiveBrand } from '../brands/active-brand';
import { itemsOf } from '../campaigns/campaign-api';
import { JobProgress } from '../jobs/job-progress';
import { useTrackedJob } from '../jobs/use-tracked-job';
import { addDays, formatInstant, todayIso } from '../lib/dates';
import { formatNumber, formatPercent, platformLabel } from '../lib/labels';
import { requestIssues } from '../lib/validation';
import { QueryState, refusalOf } from '../shell/query-state';
import { EmptyState } from '../shell/empty-state';
import { DailyChart, PlatformChart } from './analytics-charts';
import { InsightCard } from './insight-card';
import { normalizeOverview, type Metrics } from './overview';

function SimulatedBadge() {
  return (
    <Badge color="orange" variant="light" title="Synthetic numbers from “Simulate data”, not from a platform">
      Simulated data
    </Badge>
  );
}

function Kpis({ totals }: { totals: Metrics }) {
  const cells: [string, string][] = [
    ['Impressions', formatNumber(totals.impressions)],
    ['Engagements', formatNumber(totals.engagements)],
    ['Clicks', formatNumber(totals.clicks)],
    ['Engagement rate', formatPercent(totals.engagementRate)],
  ];
  return (
    <SimpleGrid cols={{ base: 2, md: 4 }}>
      {cells.map(([k, v]) => (
        <Card key={k} withBorder padding="sm">
          <Text size="xs" c="dimmed">
            {k}
          </Text>
          <Text fw={700} size="xl">
            {v}
          </Text>
        </Card>
      ))}
    </SimpleGrid>
  );
}

function Insights({ brandId, canEdit }: { brandId: string; canEdit: boolean }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const key = ['insights', brandId];
  const list = useQuery({
    queryKey: key,
    queryFn: async ({ signal }) => itemsOf<Insight>(await api.get<unknown>(`/brands/${brandId}/insights`, { signal }), 'insights'),
    throwOnError: false,
  });
  const job = useTrackedJob(`insights.${brandId}`, { kinds: ['brand.insights', 'strategy.insights', 'insights.generate'], brandId });
  const generate = useMutation({
    mutationFn: () => api.post<JobAccepted>(`/brands/${brandId}/insights`, undefined, { idempotencyKey: crypto.randomUUID() }),
    onSuccess: (a) => job.start(a),
  });
  const items = list.data ?? [];
  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Title order={3}>Insights</Title>
        {canEdit && (
          <Button variant="light" onClick={() => generate.mutate()} loading={generate.isPending} disabled={!!job.jobId}>
            Find insights
          </Button>
        )}
      </Group>
      {refusalOf(generate.error) && (
        <Alert color="red" role="alert">
          {refusalOf(generate.error)}
        </Alert>
      )}
      {job.jobId && (
        <JobProgress
          jobId={job.jobId}
          onDone={() => {
            job.clear();
            void queryClient.invalidateQueries({ queryKey: key });
          }}
        />
      )}
      {list.error ? (
        <QueryState error={list.error} isLoading={false} what="insights" />
      ) : items.length === 0 ? (
        list.isLoading ? (
          <Text c="dimmed" size="sm">
            Loading…
          </Text>
        ) : (
          <EmptyState title="No insights yet" steps={[{ label: 'Publish a post', to: '/content' }]}>
            Insights are read from published posts with numbers (or simulated data): publish a post, then “Find insights”.
          </EmptyState>
        )
      ) : (
        <SimpleGrid cols={{ base: 1, md: 2 }}>
          {items.map((i) => (
            <InsightCard key={i.id} insight={i} badge={i.simulated ? <SimulatedBadge /> : null} />
          ))}
        </SimpleGrid>
      )}
    </Stack>
  );
}

function Simulate({ brandId, onDone }: { brandId: string; onDone(): void }) {
  const api = useApi();
  const [days, setDays] = useState<number>(30);
  const [clientErrors, setClientErrors] = useState<Record<string, string>>({});
  const job = useTrackedJob(`simulate.${brandId}`, { kinds: ['analytics.simulate'], brandId });
  const run = useMutation({
    mutationFn: (d: number) => api.post<JobAccepted>('/analytics/simulate', { brandId, days: d }, { idempotencyKey: crypto.randomUUID() }),
    onSuccess: (a) => job.start(a),
  });
  function submit(e: FormEvent) {
    e.preventDefault();
    const refused = requestIssues(SimulateAnalyticsShape, { brandId, days });
    setClientErrors(refused);
    if (!Object.keys(refused).length) run.mutate(days);
  }
  const errors = { ...fieldErrorMap(run.error), ...clientErrors };
  return (
    <Card withBorder>
      <Text fw={600} size="sm">
        No platform numbers yet?
      </Text>
      <Text size="xs" c="dimmed" mb="xs">
        Simulate engagement for the published posts to try the analytics and insights. Simulated numbers are labelled as such everywhere.
      </Text>
      {job.jobId ? (
        <JobProgress
          jobId={job.jobId}
          onDone={() => {
            job.clear();
            onDone();
          }}
        />
      ) : (
        <form onSubmit={submit} aria-label="Simulate data" noValidate>
          <Group align="flex-end">
            <NumberInput
              label="Days"
              min={1}
              max={MAX_SIMULATED_DAYS}
              allowDecimal={false}
              value={days}
              error={errors.days}
              onChange={(v) => setDays(typeof v === 'number' ? v : Number(v) || 0)}
              w={120}
            />
            <Button type="submit" variant="light" loading={run.isPending}>
              Simulate data
            </Button>
          </Group>
          {refusalOf(run.error) && !errors.days && (
            <Text size="sm" c="red" role="alert" mt="xs">
              {refusalOf(run.error)}
            </Text>
          )}
        </form>
      )}
    </Card>
  );
}

function PostRow({ content }: { content: Content }) {
  const timezone = useActiveBrand().active?.timezone;
  const api = useApi();
  const q = useQuery({
    queryKey: ['content', content.id, 'analytics'],
    queryFn: ({ signal }) => api.get<ContentAnalytics>(`/content/${content.id}/analytics`, { signal }),
    throwOnError: false,
  });
  const t = q.data?.totals;
  return (
    <Table.Tr>
      <Table.Td>
        <Anchor component={Link} to={`/content/${content.id}`} size="sm">
          {content.topic ?? content.body.slice(0, 60)}
        </Anchor>{' '}
        {q.data?.simulated && <SimulatedBadge />}
      </Table.Td>
      <Table.Td>{platformLabel(content.platform)}</Table.Td>
      <Table.Td>{formatInstant(content.publishedAt, timezone)}</Table.Td>
      <Table.Td>{t ? formatNumber(t.impressions) : '—'}</Table.Td>
      <Table.Td>{t ? formatNumber(t.engagements) : '—'}</Table.Td>
      <Table.Td>{t ? formatNumber(t.clicks) : '—'}</Table.Td>
      <Table.Td>{t ? formatPercent(t.engagementRate) : '—'}</Table.Td>
    </Table.Tr>
  );
}

/** The latest published posts with their own numbers (GET /content/{id}/analytics each). */
function PostsTable({ brandId }: { brandId: string }) {
  const api = useApi();
  const posts = useQuery({
    queryKey: ['contents', brandId, 'published', 'analytics'],
    queryFn: ({ signal }) => api.get<Page<Content>>(`/content?brandId=${brandId}&status=published&limit=20`, { signal }),
    throwOnError: false,
  });
  const items = posts.data?.items ?? [];
  return (
    <>
      <Title order={3}>Posts</Title>
      {items.length === 0 ? (
        posts.isLoading ? (
          <Text size="sm" c="dimmed">
            Loading…
          </Text>
        ) : (
          <EmptyState title="No published post yet" label="No published post" steps={[{ label: 'Approve and publish a post', to: '/content' }]}>
            The numbers of each post show here once it is published.
          </EmptyState>
        )
      ) : (
        <Table.ScrollContainer minWidth={520}>
          <Table withTableBorder striped aria-label="Numbers per post">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Post</Table.Th>
                <Table.Th>Platform</Table.Th>
                <Table.Th>Published</Table.Th>
                <Table.Th>Impressions</Table.Th>
                <Table.Th>Engagements</Table.Th>
                <Table.Th>Clicks</Table.Th>
                <Table.Th>Rate</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((c) => (
                <PostRow key={c.id} content={c} />
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </>
  );
}

/** Overview per platform and day, per-post numbers, insights with their evidence; simulated data says so. */
export function AnalyticsPage() {
  const api = useApi();
  const queryClient = useQueryClient();
  const { active } = useActiveBrand();
  const [from, setFrom] = useState(() => addDays(todayIso(), -29));
  const [to, setTo] = useState(() => todayIso());
  const overview = useQuery({
    queryKey: ['analytics', active?.id, from, to],
    enabled: !!active && from <= to,
    queryFn: async ({ signal }) =>
      normalizeOverview(await api.get<AnalyticsOverview>(`/analytics/overview?brandId=${active?.id}&from=${from}&to=${to}`, { signal })),
  });
  if (!active) return <Text>Create a brand first: analytics belong to a brand.</Text>;
  const canEdit = active.role === 'editor' || active.role === 'owner';
  const o = overview.data;
  return (
    <Stack>
      <Group justify="space-between" align="flex-end">
        <Group gap="sm">
          <Title order={2}>Analytics — {active.name}</Title>
          {o?.simulated && <SimulatedBadge />}
        </Group>
        <Group gap="xs" align="flex-end">
          <TextInput
            type="date"
            label="From"
            size="xs"
            value={from}
            max={to}
            error={from > to ? 'after “To”' : undefined}
            onChange={(e) => setFrom(e.currentTarget.value)}
          />
          <TextInput type="date" label="To" size="xs" value={to} onChange={(e) => setTo(e.currentTarget.value)} />
        </Group>
      </Group>
      {!o ? (
        <QueryState error={overview.error} isLoading={overview.isLoading} what="analytics" />
      ) : (
        <>
          {o.simulated && (
            <Alert color="orange" variant="light" title="Includes simulated data">
              Some of these numbers were generated by “Simulate data”, not measured on a platform.
            </Alert>
          )}
          <Kpis totals={o.totals} />
          <SimpleGrid cols={{ base: 1, lg: 2 }}>
            <Card withBorder>
              <Title order={3} size="h5" mb="xs">
                Per day
              </Title>
              {o.byDay.length ? (
                <DailyChart overview={o} />
              ) : (
                <Text size="sm" c="dimmed">
                  No numbers in this period.
                </Text>
              )}
            </Card>
            <Card withBorder>
              <Title order={3} size="h5" mb="xs">
                Per platform
              </Title>
              {o.byPlatform.length ? (
                <PlatformChart overview={o} />
              ) : (
                <Text size="sm" c="dimmed">
                  No numbers in this period.
                </Text>
              )}
            </Card>
          </SimpleGrid>
          {o.byPlatform.length > 0 && (
            <Table.ScrollContainer minWidth={520}>
              <Table withTableBorder striped aria-label="Numbers per platform">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Platform</Table.Th>
                    <Table.Th>Impressions</Table.Th>
                    <Table.Th>Engagements</Table.Th>
                    <Table.Th>Clicks</Table.Th>
                    <Table.Th>Engagement rate</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {o.byPlatform.map((p) => (
                    <Table.Tr key={p.platform}>
                      <Table.Td>{platformLabel(p.platform)}</Table.Td>
                      <Table.Td>{formatNumber(p.impressions)}</Table.Td>
                      <Table.Td>{formatNumber(p.engagements)}</Table.Td>
                      <Table.Td>{formatNumber(p.clicks)}</Table.Td>
                      <Table.Td>{formatPercent(p.engagementRate)}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
          <PostsTable brandId={active.id} />
        </>
      )}
      {canEdit && <Simulate brandId={active.id} onDone={() => void queryClient.invalidateQueries({ queryKey: ['analytics', active.id] })} />}
      <Insights brandId={active.id} canEdit={canEdit} />
    </Stack>
  );
}
