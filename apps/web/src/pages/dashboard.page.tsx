import { Button, Card, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import { useAuth } from '../auth/auth-context';
import { useActiveBrand } from '../brands/active-brand';
import { RunningJobs } from '../jobs/running-jobs';

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
