import { Alert, Badge, Button, Card, Group, NativeSelect, Progress, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { AbTest } from '@mt/contracts/publishing.contract';
import { useApi } from '../api/api-context';
import type { Content } from '../api/types';
import { formatInstant } from '../lib/dates';
import { formatNumber, formatPercent } from '../lib/labels';
import { refusalOf } from '../shell/query-state';
import { useConnections } from './content-api';

/**
 * A/B tests of a post: two variants published to one channel in two slots, their numbers and the
 * probability each is the better one; a running test can be started from two variants.
 */
export function AbTests({ content, canEdit, timezone }: { content: Content; canEdit: boolean; timezone: string }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const key = ['content', content.id, 'abtests'];
  const tests = useQuery({
    queryKey: key,
    queryFn: ({ signal }) => api.get<{ items: AbTest[] }>(`/content/${content.id}/abtests`, { signal }),
    throwOnError: false,
  });
  const connections = useConnections(content.brandId);
  const usable = (connections.data ?? []).filter((c) => c.platform === content.platform && c.status === 'active');
  const [connectionId, setConnectionId] = useState<string>('');
  const start = useMutation({
    mutationFn: (body: { variantIds: [string, string]; connectionId: string }) =>
      api.post<AbTest>(`/content/${content.id}/abtests`, body, { idempotencyKey: crypto.randomUUID() }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: key }),
  });
  const items = tests.data?.items ?? [];
  const canStart = canEdit && content.variants.length >= 2 && (content.status === 'approved' || content.status === 'scheduled') && usable.length > 0;
  const chosen = connectionId || usable[0]?.id || '';

  return (
    <Stack gap="sm">
      <Title order={3} size="h4">
        A/B tests
      </Title>
      {items.length === 0 && (
        <Text size="sm" c="dimmed">
          {tests.isLoading ? 'Loading…' : 'No A/B test for this post.'}
        </Text>
      )}
      {items.map((t) => (
        <Card key={t.id} withBorder>
          <Group justify="space-between" mb="xs">
            <Group gap="xs">
              <Badge variant="light" color={t.status === 'concluded' ? 'green' : 'blue'}>
                {t.status}
              </Badge>
              {t.simulated && (
                <Badge color="orange" variant="light">
                  Simulated data
                </Badge>
              )}
            </Group>
            {t.concludedAt && (
              <Text size="xs" c="dimmed">
                Concluded {formatInstant(t.concludedAt, timezone)} ({t.decidedBy === 'probability' ? 'clear winner' : 'sample reached'})
              </Text>
            )}
          </Group>
          <SimpleGrid cols={2}>
            {t.variants.map((v) => (
              <div key={v.variantId}>
                <Group gap={6}>
                  <Text fw={600}>Variant {v.label}</Text>
                  {t.winnerVariantId === v.variantId && <Badge color="green">Winner</Badge>}
                </Group>
                <Table withRowBorders={false} fz="sm" verticalSpacing={2}>
                  <Table.Tbody>
                    <Table.Tr>
                      <Table.Td c="dimmed">Slot</Table.Td>
                      <Table.Td>{formatInstant(v.at, timezone)}</Table.Td>
                    </Table.Tr>
                    <Table.Tr>
                      <Table.Td c="dimmed">Impressions</Table.Td>
                      <Table.Td>{formatNumber(v.impressions)}</Table.Td>
                    </Table.Tr>
                    <Table.Tr>
                      <Table.Td c="dimmed">Engagements</Table.Td>
                      <Table.Td>{formatNumber(v.engagements)}</Table.Td>
                    </Table.Tr>
                    <Table.Tr>
                      <Table.Td c="dimmed">Engagement rate</Table.Td>
                      <Table.Td>{formatPercent(v.engagementRate)}</Table.Td>
                    </Table.Tr>
                  </Table.Tbody>
                </Table>
                <Progress
                  value={Math.round(v.probabilityBest * 100)}
                  aria-label={`Variant ${v.label}: ${Math.round(v.probabilityBest * 100)}% likely the better one`}
                />
                <Text size="xs" c="dimmed">
                  {Math.round(v.probabilityBest * 100)}% likely the better one
                </Text>
              </div>
            ))}
          </SimpleGrid>
        </Card>
      ))}
      {refusalOf(start.error) && (
        <Alert color="red" role="alert">
          {refusalOf(start.error)}
        </Alert>
      )}
      {canStart && (
        <Group align="flex-end">
          <NativeSelect
            label="Test on"
            value={chosen}
            onChange={(e) => setConnectionId(e.currentTarget.value)}
            data={usable.map((c) => ({ value: c.id, label: c.displayName }))}
          />
          <Button
            variant="light"
            loading={start.isPending}
            onClick={() => start.mutate({ variantIds: [content.variants[0].id, content.variants[1].id], connectionId: chosen })}
          >
            Test variant A against B
          </Button>
        </Group>
      )}
    </Stack>
  );
}
