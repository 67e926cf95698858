import { Anchor, Badge, Button, Card, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { useApi } from '../api/api-context';
import type { Brand, Content, Page, ScheduleItem } from '../api/types';
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
  const items = q.data?.items ?? [];
  return (
    <Card withBorder>
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
              {c.topic ?? c.body.slice(0, 80)}
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
              <Text size="xs" c="dimmed" w={130}>
                {new Intl.DateTimeFormat('en-GB', { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', timeZone: s.timezone }).format(new Date(s.at))}
              </Text>
              <Anchor component={Link} to={`/content/${s.contentId}`} size="sm">
                {s.platform}
              </Anchor>
            </Group>
          ))}
        </Stack>
      )}
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
      <SimpleGrid cols={{ base: 1, md: 2 }}>
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
