import { Alert, Anchor, Badge, Button, Checkbox, Group, NumberInput, SimpleGrid, Stack, Table, Text, Textarea, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import type { CampaignInput } from '@mt/contracts/campaign.contract';
import { CreateCampaignShape } from '@mt/contracts/shapes/campaign.shapes';
import { useApi } from '../api/api-context';
import { ApiError, fieldErrorMap } from '../api/problem';
import type { Campaign, Page } from '../api/types';
import { Link } from 'react-router';
import { PLATFORM_OPTIONS, statusColor } from '../lib/labels';
import { useActiveBrand } from '../brands/active-brand';
import { useDraft } from '../lib/use-draft';
import { requestIssues } from '../lib/validation';
import { EmptyState } from '../shell/empty-state';

/** The new campaign as the form holds it: the request less its brand, every field present. */
type Draft = Required<CampaignInput>;

const today = () => new Date().toISOString().slice(0, 10);
const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

/** Campaigns of the active brand: list (each opens its plan and calendar) and create. */
export function CampaignsPage() {
  const api = useApi();
  const queryClient = useQueryClient();
  const { active } = useActiveBrand();
  const key = ['campaigns', active?.id];
  const list = useQuery({
    queryKey: key,
    enabled: !!active,
    queryFn: ({ signal }) => api.get<Page<Campaign>>(`/campaigns?brandId=${active?.id}&limit=100`, { signal }),
  });
  const [draft, setDraft, clearDraft] = useDraft<Draft>(`campaign.new.${active?.id ?? 'none'}`, {
    name: '',
    goal: '',
    startDate: today(),
    endDate: inDays(28),
    platforms: ['linkedin'],
    postsPerWeek: 3,
    budget: null,
  });
  const [clientErrors, setClientErrors] = useState<Record<string, string>>({});
  const create = useMutation({
    mutationFn: (body: Draft & { brandId: string }) => api.post<Campaign>('/campaigns', body),
    onSuccess: (c) => {
      clearDraft();
      notifications.show({ color: 'green', message: `Campaign “${c.name}” is created.` });
      void queryClient.invalidateQueries({ queryKey: key });
    },
  });

  if (!active) return <Text>Create a brand first: campaigns belong to a brand.</Text>;
  const serverErrors = fieldErrorMap(create.error);
  const errors = { ...serverErrors, ...clientErrors };
  const formError = create.error instanceof ApiError && create.error.status !== 429 && !Object.keys(serverErrors).length ? create.error.message : null;

  function submit(e: FormEvent) {
    e.preventDefault();
    if (!active) return;
    // The request as sent (name and goal trimmed), checked with the API's own shape.
    const body = { ...draft, name: draft.name.trim(), goal: draft.goal.trim(), brandId: active.id };
    const refused = requestIssues(CreateCampaignShape, body);
    setClientErrors(refused);
    if (!Object.keys(refused).length) create.mutate(body);
  }

  const campaigns = list.data?.items ?? [];
  return (
    <Stack>
      <Title order={2}>Campaigns — {active.name}</Title>
      {campaigns.length === 0 ? (
        list.isLoading ? (
          <Text c="dimmed">Loading campaigns…</Text>
        ) : (
          <EmptyState title="No campaign yet" steps={[{ label: 'Plan a campaign', to: '#new-campaign' }]}>
            A campaign has a goal, dates and platforms; the strategy agent then plans its posts on a calendar.
          </EmptyState>
        )
      ) : (
        <Table striped withTableBorder>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Name</Table.Th>
              <Table.Th>Dates</Table.Th>
              <Table.Th>Platforms</Table.Th>
              <Table.Th>Posts/week</Table.Th>
              <Table.Th>Status</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {campaigns.map((c) => (
              <Table.Tr key={c.id}>
                <Table.Td>
                  <Anchor component={Link} to={`/campaigns/${c.id}`}>
                    {c.name}
                  </Anchor>
                </Table.Td>
                <Table.Td>
                  {c.startDate} → {c.endDate}
                </Table.Td>
                <Table.Td>{c.platforms.join(', ')}</Table.Td>
                <Table.Td>{c.postsPerWeek}</Table.Td>
                <Table.Td>
                  <Badge variant="light" color={statusColor(c.status)}>
                    {c.status}
                  </Badge>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <Title order={3}>New campaign</Title>
      <Text size="sm" c="dimmed">
        Open a campaign to let the strategy agent plan it and to see its calendar.
      </Text>
      <form onSubmit={submit} noValidate aria-label="New campaign" id="new-campaign">
        <Stack maw={760}>
          {formError && (
            <Alert color="red" role="alert">
              {formError}
            </Alert>
          )}
          <TextInput label="Campaign name" required value={draft.name} error={errors.name} onChange={(e) => setDraft({ name: e.currentTarget.value })} />
          <Textarea
            label="Goal"
            required
            autosize
            minRows={2}
            value={draft.goal}
            error={errors.goal}
            onChange={(e) => setDraft({ goal: e.currentTarget.value })}
          />
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput
              label="Start date"
              type="date"
              required
              value={draft.startDate}
              error={errors.startDate}
              onChange={(e) => setDraft({ startDate: e.currentTarget.value })}
            />
            <TextInput
              label="End date"
              type="date"
              required
              value={draft.endDate}
              error={errors.endDate}
              onChange={(e) => setDraft({ endDate: e.currentTarget.value })}
            />
            <NumberInput
              label="Posts per week"
              min={1}
              max={21}
              allowDecimal={false}
              value={draft.postsPerWeek}
              error={errors.postsPerWeek}
              onChange={(v) => setDraft({ postsPerWeek: typeof v === 'number' ? v : Number(v) || 0 })}
            />
            <NumberInput
              label="Budget (USD, optional)"
              min={0}
              decimalScale={2}
              value={draft.budget ?? ''}
              error={errors.budget}
              onChange={(v) => setDraft({ budget: v === '' ? null : Number(v) })}
            />
          </SimpleGrid>
          <Checkbox.Group label="Platforms" required value={draft.platforms} error={errors.platforms} onChange={(v) => setDraft({ platforms: v })}>
            <Group mt="xs">
              {PLATFORM_OPTIONS.map((p) => (
                <Checkbox key={p.value} value={p.value} label={p.label} />
              ))}
            </Group>
          </Checkbox.Group>
          <Group>
            <Button type="submit" loading={create.isPending}>
              Create campaign
            </Button>
          </Group>
        </Stack>
      </form>
    </Stack>
  );
}
