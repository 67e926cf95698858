import { Anchor, Badge, Button, Card, Group, List, Progress, SimpleGrid, Stack, Text, Title, VisuallyHidden } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { useApi } from '../api/api-context';
import type { Brand, Connection, Content, Page, ScheduleItem } from '../api/types';
import type { AnalyticsOverview } from '@mt/contracts/publishing.contract';
import { PlatformMark } from '../campaigns/calendar-view';
import { addDays, formatInstant, todayIso } from '../lib/dates';
import { firstWords, formatNumber, formatPercent, platformLabel } from '../lib/labels';
import { useAuth } from '../auth/auth-context';
import { useActiveBrand } from '../brands/active-brand';
import { RunningJobs } from '../jobs/running-jobs';

/** Posts waiting for the team's approval, oldest first on the content page. */
function ToReview({ brand }: { brand: Brand }) {
  const api = useApi();
  const q = useQuery({
    queryKey: ['contents', brand.id, 'draft'],
    queryFn: ({ signal }) => api.get<Page<Content>>(`/content?brandId=${brand.id}&status=draft&limit=5`, { signal }),
    throwOnError: false,
  });
  // The drafts a teammate asked this user to approve (ADR 142) come first.
  const mine = useQuery({
    queryKey: ['contents', brand.id, 'mine'],
    queryFn: ({ signal }) => api.get<Page<Content>>(`/content?brandId=${brand.id}&awaiting=me&limit=5`, { signal }),
    throwOnError: false,
  });
  const asked = mine.data?.items ?? [];
  const items = q.data?.items ?? [];
  return (
    <Card withBorder>
      {asked.length > 0 && (
        <Stack gap={4} mb="md" aria-label="Asked of you" component="section">
          <Group justify="space-between">
            <Title order={3} size="h5">
              Awaiting your approval
            </Title>
            <Badge color="orange">{asked.length === 5 ? '5+' : asked.length}</Badge>
          </Group>
          {asked.map((c) => (
            <Anchor key={c.id} component={Link} to={`/content/${c.id}`} size="sm" lineClamp={1}>
              {firstWords(c.topic || c.body, 80)}
            </Anchor>
          ))}
          <Anchor component={Link} to="/content?show=mine" size="xs" mt={4}>
            Everything awaiting you
          </Anchor>
        </Stack>
      )}
      <Group justify="space-between" mb="sm">
        <Title order={3} size="h5">
          Waiting for approval
        </Title>
        {items.length > 0 && <Badge>{items.length === 5 ? '5+' : items.length}</Badge>}
      </Group>
      {items.length === 0 ? (
        <Text size="sm" c="dimmed">
          {q.isLoading ? 'Loading…' : 'Nothing to review.'}
        </Text>
      ) : (
        <Stack gap={4}>
          {items.map((c) => (
            <Anchor key={c.id} component={Link} to={`/content/${c.id}`} size="sm" lineClamp={1}>
              {firstWords(c.topic || c.body, 80)}
            </Anchor>
          ))}
          <Anchor component={Link} to="/content" size="xs" mt={4}>
            All posts
          </Anchor>
        </Stack>
      )}
    </Card>
  );
}

/** The next posts going out, in the brand's time zone. */
function Upcoming({ brand }: { brand: Brand }) {
  const api = useApi();
  const q = useQuery({
    queryKey: ['schedule', brand.id, 'upcoming'],
    queryFn: ({ signal }) => api.get<Page<ScheduleItem>>(`/schedule?brandId=${brand.id}&from=${new Date().toISOString()}`, { signal }),
    throwOnError: false,
  });
  const items = (q.data?.items ?? []).filter((s) => s.status === 'scheduled').slice(0, 5);
  // The posts' words: a schedule row only knows its content id.
  const posts = useQuery({
    queryKey: ['contents', brand.id, 'scheduled'],
    enabled: items.length > 0,
    queryFn: ({ signal }) => api.get<Page<Content>>(`/content?brandId=${brand.id}&status=scheduled&limit=100`, { signal }),
    throwOnError: false,
  });
  const byId = new Map((posts.data?.items ?? []).map((c) => [c.id, c]));
  return (
    <Card withBorder>
      <Title order={3} size="h5" mb="sm">
        Going out next
      </Title>
      {items.length === 0 ? (
        <Text size="sm" c="dimmed">
          {q.isLoading ? 'Loading…' : 'Nothing scheduled.'}
        </Text>
      ) : (
        <Stack gap={4}>
          {items.map((s) => (
            <Group key={s.id} gap="xs" wrap="nowrap">
              <Text size="xs" c="dimmed" w={120} style={{ flex: 'none' }}>
                {formatInstant(s.at, s.timezone)}
              </Text>
              <PlatformMark platform={s.platform} size={16} />
              <Anchor component={Link} to={`/content/${s.contentId}`} size="sm" lineClamp={1}>
                {byId.get(s.contentId) ? firstWords(byId.get(s.contentId)?.body, 70) : `A post for ${platformLabel(s.platform)}`}
              </Anchor>
            </Group>
          ))}
        </Stack>
      )}
    </Card>
  );
}

/** The last seven days' numbers, simulated ones said to be. */
function Performance({ brand }: { brand: Brand }) {
  const api = useApi();
  const to = todayIso();
  const from = addDays(to, -6);
  const q = useQuery({
    queryKey: ['analytics', brand.id, from, to],
    queryFn: ({ signal }) => api.get<AnalyticsOverview>(`/analytics/overview?brandId=${brand.id}&from=${from}&to=${to}`, { signal }),
    throwOnError: false,
  });
  const t = q.data?.totals;
  return (
    <Card withBorder>
      <Group justify="space-between" mb="sm">
        <Title order={3} size="h5">
          How your posts did (7 days)
        </Title>
        {q.data?.simulated && (
          <Badge color="orange" variant="light">
            Simulated data
          </Badge>
        )}
      </Group>
      {!t ? (
        <Text size="sm" c="dimmed">
          {q.isLoading ? 'Loading…' : 'No numbers yet.'}
        </Text>
      ) : t.impressions === 0 ? (
        <Text size="sm" c="dimmed">
          No impressions in the last 7 days yet: numbers arrive after posts go out.
        </Text>
      ) : (
        <SimpleGrid cols={3}>
          {[
            ['Impressions', formatNumber(t.impressions)],
            ['Engagements', formatNumber(t.engagements)],
            ['Engagement rate', formatPercent(t.engagementRate)],
          ].map(([k, v]) => (
            <div key={k}>
              <Text size="xs" c="dimmed">
                {k}
              </Text>
              <Text fw={700}>{v}</Text>
            </div>
          ))}
        </SimpleGrid>
      )}
      <Anchor component={Link} to="/analytics" size="xs" mt="xs" display="block">
        All analytics
      </Anchor>
    </Card>
  );
}

/**
 * The first-run checklist: brand → voice → channel → campaign → a first approved post, with the
 * next step's link. It goes away once every step is done.
 */
export function Onboarding({ brand }: { brand: Brand }) {
  const api = useApi();
  const opts = { throwOnError: false, retry: false } as const;
  const voice = useQuery({ queryKey: ['brand-voice', brand.id], queryFn: ({ signal }) => api.get<unknown>(`/brands/${brand.id}/voice`, { signal }), ...opts });
  const channels = useQuery({
    queryKey: ['connections', brand.id],
    queryFn: async ({ signal }) => (await api.get<Page<Connection>>(`/connections?brandId=${brand.id}&limit=100`, { signal })).items,
    ...opts,
  });
  const campaigns = useQuery({
    queryKey: ['campaigns', brand.id, 'any'],
    queryFn: ({ signal }) => api.get<Page<unknown>>(`/campaigns?brandId=${brand.id}&limit=1`, { signal }),
    ...opts,
  });
  const approved = useQuery({
    queryKey: ['contents', brand.id, 'any-approved'],
    queryFn: async ({ signal }) => {
      for (const status of ['approved', 'scheduled', 'published']) {
        if ((await api.get<Page<Content>>(`/content?brandId=${brand.id}&status=${status}&limit=1`, { signal })).items.length) return true;
      }
      return false;
    },
    ...opts,
  });
  if ([voice, channels, campaigns, approved].some((q) => q.isLoading)) return null;
  const steps = [
    { label: 'Describe the brand', done: true, to: `/brands/${brand.id}` },
    { label: 'Teach the AI your voice', done: !!voice.data, to: `/brands/${brand.id}` },
    { label: 'Connect a channel', done: (channels.data ?? []).length > 0, to: '/channels' },
    { label: 'Plan a campaign', done: (campaigns.data?.items ?? []).length > 0, to: '/campaigns' },
    { label: 'Approve your first post', done: approved.data === true, to: '/content' },
  ];
  const done = steps.filter((s) => s.done).length;
  if (done === steps.length) return null;
  const next = steps.find((s) => !s.done);
  return (
    <Card withBorder aria-label="Getting started">
      <Group justify="space-between" mb={6}>
        <Title order={3} size="h5">
          Getting started
        </Title>
        <Text size="sm" c="dimmed">
          {done} of {steps.length} done
        </Text>
      </Group>
      <Progress value={(done / steps.length) * 100} aria-label={`Getting started: ${done} of ${steps.length} steps done`} mb="sm" />
      <List spacing={4} size="sm">
        {steps.map((s) => (
          <List.Item
            key={s.label}
            icon={
              <Text span c={s.done ? 'teal' : 'dimmed'} aria-hidden="true">
                {s.done ? '✓' : '○'}
              </Text>
            }
          >
            {s.done ? (
              <Text span size="sm" c="dimmed" td="line-through">
                {s.label}
              </Text>
            ) : (
              <Anchor component={Link} to={s.to} size="sm" fw={s === next ? 600 : 400}>
                {s.label}
              </Anchor>
            )}
            {s.done && <VisuallyHidden> (done)</VisuallyHidden>}
          </List.Item>
        ))}
      </List>
    </Card>
  );
}

export function DashboardPage() {
  const { user } = useAuth();
  const { active, brands, loading } = useActiveBrand();
  return (
    <Stack>
      <Title order={2}>Welcome{user?.name ? `, ${user.name}` : ''}</Title>
      <Text c="dimmed">What the agents are doing, what waits for you, and how your posts did — for {active ? active.name : 'your brand'}.</Text>
      {!loading && brands.length === 0 && (
        <Card withBorder>
          <Stack gap="xs">
            <Text fw={600}>Start with a brand</Text>
            <Text size="sm">Tell the agents who you are: name, audience, tone and content pillars.</Text>
            <Group>
              <Button component={Link} to="/brands/new">
                Create a brand
              </Button>
            </Group>
          </Stack>
        </Card>
      )}
      {active && <Onboarding brand={active} />}
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        {active && <Performance brand={active} />}
        <Card withBorder>
          <Title order={3} size="h5" mb="sm">
            AI work in progress
          </Title>
          <RunningJobs />
        </Card>
        {active && <ToReview brand={active} />}
        {active && <Upcoming brand={active} />}
        {active && (
          <Card withBorder>
            <Title order={3} size="h5" mb="sm">
              {active.name}
            </Title>
            <Text size="sm">{active.description ?? 'No description yet.'}</Text>
            <Text size="sm" c="dimmed" mt="xs">
              Pillars: {active.pillars.length ? active.pillars.join(', ') : 'none yet'}
            </Text>
            <Group mt="sm">
              <Button variant="light" size="xs" component={Link} to={`/brands/${active.id}`}>
                Edit profile
              </Button>
            </Group>
          </Card>
        )}
      </SimpleGrid>
    </Stack>
  );
}
