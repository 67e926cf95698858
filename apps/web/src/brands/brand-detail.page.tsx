import { Alert, Badge, Group, Stack, Tabs, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useParams } from 'react-router';
import { useApi } from '../api/api-context';
import { ApiError } from '../api/problem';
import type { Brand } from '../api/types';
import { BrandForm } from './brand-form';
import { BrandMembers } from './brand-members';
import { BrandStrategy } from './brand-strategy';
import { BrandVoice } from './brand-voice';

export function BrandDetailPage() {
  const { brandId = '' } = useParams();
  const api = useApi();
  const brand = useQuery({ queryKey: ['brand', brandId], queryFn: ({ signal }) => api.get<Brand>(`/brands/${brandId}`, { signal }) });

  if (brand.error instanceof ApiError && brand.error.status === 404) {
    return (
      <Alert color="yellow" title="Brand not found">
        This brand does not exist or you are not one of its members.
      </Alert>
    );
  }
  if (!brand.data) return <Text c="dimmed">Loading brand…</Text>;
  const b = brand.data;
  return (
    <Stack>
      <Group>
        <Title order={2}>{b.name}</Title>
        {b.role && <Badge variant="light">{b.role}</Badge>}
      </Group>
      <Tabs defaultValue="profile" keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="profile">Profile</Tabs.Tab>
          <Tabs.Tab value="members">Members</Tabs.Tab>
          <Tabs.Tab value="voice">Voice</Tabs.Tab>
          <Tabs.Tab value="strategy">Strategy</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="profile" pt="md">
          <BrandForm key={b.id} brand={b} onSaved={() => undefined} />
        </Tabs.Panel>
        <Tabs.Panel value="members" pt="md">
          <BrandMembers brand={b} />
        </Tabs.Panel>
        <Tabs.Panel value="voice" pt="md">
          <BrandVoice brand={b} />
        </Tabs.Panel>
        <Tabs.Panel value="strategy" pt="md">
          <BrandStrategy brand={b} />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}
