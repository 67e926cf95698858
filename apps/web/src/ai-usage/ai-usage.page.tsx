import { Alert, Button, Card, Group, NumberInput, Progress, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useApi } from '../api/api-context';
import { fieldErrorMap } from '../api/problem';
import { DayBars } from '../analytics/analytics-charts';
import { useActiveBrand } from '../brands/active-brand';
import { addDays, formatInstant, todayIso } from '../lib/dates';
import { formatNumber, formatUsd } from '../lib/labels';
import { requestIssues } from '../lib/validation';
import { AiProviderPanel } from '../ai-provider/ai-provider-panel';
import { BuiltInEngineNotice } from '../ai-provider/built-in-engine-notice';
import { QueryState, refusalOf } from '../shell/query-state';
import type { AiBudget, AiLogPage, AiUsage, AiUsageLine } from '@mt/contracts/brand.contract';
import { SetAiBudgetShape } from '@mt/contracts/shapes/ai.shapes';

interface UsageRow extends AiUsageLine {
  key: string;
}

function RowsTable({ rows, label }: { rows: UsageRow[]; label: string }) {
  if (!rows.length)
    return (
      <Text size="sm" c="dimmed">
        No AI calls in this period.
      </Text>
    );
  return (
    <Table.ScrollContainer minWidth={420}>
      <Table withTableBorder striped aria-label={`Usage by ${label.toLowerCase()}`}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{label}</Table.Th>
            <Table.Th>Calls</Table.Th>
            <Table.Th>Tokens in</Table.Th>
            <Table.Th>Tokens out</Table.Th>
            <Table.Th>Cost</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((r) => (
            <Table.Tr key={r.key}>
              <Table.Td>{r.key}</Table.Td>
              <Table.Td>{formatNumber(r.calls)}</Table.Td>
              <Table.Td>{formatNumber(r.tokensIn)}</Table.Td>
              <Table.Td>{formatNumber(r.tokensOut)}</Table.Td>
              <Table.Td>{formatUsd(r.costUsd)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function Budget({ brandId, canEdit }: { brandId: string; canEdit: boolean }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const budget = useQuery({
    queryKey: ['ai-budget', brandId],
    queryFn: ({ signal }) => api.get<AiBudget>(`/brands/${brandId}/ai-budget`, { signal }),
    throwOnError: false,
  });
  const current = budget.data?.monthlyLimitUsd ?? null;
  const [value, setValue] = useState<number | ''>('');
  const [clientErrors, setClientErrors] = useState<Record<string, string>>({});
  const save = useMutation({
    mutationFn: (monthlyLimitUsd: number | null) => api.request<AiBudget>('PUT', `/brands/${brandId}/ai-budget`, { body: { monthlyLimitUsd } }),
    onSuccess: (saved) => {
      notifications.show({ color: 'green', message: saved?.monthlyLimitUsd == null ? 'The AI budget limit is removed.' : 'The AI budget is saved.' });
      setValue('');
      queryClient.setQueryData(['ai-budget', brandId], saved);
    },
  });
  function submit(e: FormEvent) {
    e.preventDefault();
    // Checked as sent, with the API's shape (an empty field is no amount: "Remove the limit" sends null).
    const refused = requestIssues(SetAiBudgetShape, { monthlyLimitUsd: value === '' ? undefined : value });
    setClientErrors(refused);
    if (!Object.keys(refused).length && value !== '') save.mutate(value);
  }
  const spent = budget.data?.spentUsd ?? null;
  const pct = current && spent !== null ? Math.min(100, Math.round((spent / current) * 100)) : null;
  const errors = { ...fieldErrorMap(save.error), ...clientErrors };
  return (
    <Card withBorder>
      <Title order={3} size="h5" mb="xs">
        Monthly AI budget
      </Title>
      {current !== null ? (
        <Stack gap={4} mb="sm">
          <Text size="sm">{spent !== null ? `${formatUsd(spent)} spent of ${formatUsd(current)} this month` : `Limit: ${formatUsd(current)} a month`}</Text>
          {pct !== null && <Progress value={pct} color={pct >= 90 ? 'red' : pct >= 70 ? 'yellow' : 'teal'} aria-label={`Budget used: ${pct}%`} />}
        </Stack>
      ) : (
        <Text size="sm" c="dimmed" mb="sm">
          No limit set: AI calls are not capped for this brand.
        </Text>
      )}
      {canEdit && (
        <form onSubmit={submit} aria-label="AI budget" noValidate>
          <Group align="flex-end">
            <NumberInput
              label="Limit (USD a month)"
              placeholder={current !== null ? String(current) : 'e.g. 25'}
              min={0}
              max={1_000_000}
              decimalScale={2}
              value={value}
              error={errors.monthlyLimitUsd}
              onChange={(v) => setValue(v === '' ? '' : Number(v))}
              w={200}
            />
            <Button type="submit" loading={save.isPending && save.variables !== null}>
              Save budget
            </Button>
            {current !== null && (
              <Button variant="subtle" color="red" loading={save.isPending && save.variables === null} onClick={() => save.mutate(null)}>
                Remove the limit
              </Button>
            )}
          </Group>
          <Text size="xs" c="dimmed" mt={4}>
            Only the brand’s owners can change it. Paid AI calls over the limit are refused; the local engine is free.
          </Text>
          {refusalOf(save.error) && !errors.monthlyLimitUsd && (
            <Text size="sm" c="red" role="alert" mt="xs">
              {refusalOf(save.error)}
            </Text>
          )}
        </form>
      )}
    </Card>
  );
}

/** AI calls, tokens and cost by model, agent and day for the active brand, and its budget. */
export function AiUsagePage() {
  const api = useApi();
  const { active } = useActiveBrand();
  const [from, setFrom] = useState(() => addDays(todayIso(), -29));
  const [to, setTo] = useState(() => todayIso());
  const usage = useQuery({
    queryKey: ['ai-usage', active?.id, from, to],
    enabled: !!active && from <= to,
    queryFn: ({ signal }) => api.get<AiUsage>(`/ai/usage?brandId=${active?.id}&from=${from}&to=${to}`, { signal }),
  });
  const logs = useQuery({
    queryKey: ['ai-logs', active?.id],
    enabled: !!active,
    queryFn: ({ signal }) => api.get<AiLogPage>(`/ai/logs?brandId=${active?.id}&limit=20`, { signal }),
    throwOnError: false,
  });
  if (!active) return <Text>Create a brand first: AI usage is counted per brand.</Text>;
  const u = usage.data;
  const byModel: UsageRow[] = (u?.byModel ?? []).map((r) => ({ ...r, key: `${r.provider} · ${r.model}` }));
  const byAgent: UsageRow[] = (u?.byAgent ?? []).map((r) => ({ ...r, key: r.agent }));
  const byDay = (u?.byDay ?? []).map((r) => ({ ...r, date: r.day.slice(0, 10), key: r.day.slice(0, 10) }));
  return (
    <Stack>
      <Group justify="space-between" align="flex-end">
        <Title order={2}>AI usage — {active.name}</Title>
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
      <BuiltInEngineNotice seenBuiltIn={(u?.byModel ?? []).some((r) => r.provider === 'local')} />
      <AiProviderPanel />
      {!u ? (
        <QueryState error={usage.error} isLoading={usage.isLoading} what="AI usage" />
      ) : (
        <>
          <SimpleGrid cols={{ base: 2, md: 4 }}>
            {(
              [
                ['Calls', formatNumber(u.totals.calls)],
                ['Tokens in', formatNumber(u.totals.tokensIn)],
                ['Tokens out', formatNumber(u.totals.tokensOut)],
                ['Cost', formatUsd(u.totals.costUsd)],
              ] as const
            ).map(([k, v]) => (
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
          {u.totals.costUsd === 0 && u.totals.calls > 0 && (
            <Alert color="blue" variant="light">
              The calls so far ran on the local engine (templates, no language model): they cost nothing.
            </Alert>
          )}
          <Budget brandId={active.id} canEdit={active.role === 'owner'} />
          <Card withBorder>
            <Title order={3} size="h5" mb="xs">
              Per day
            </Title>
            {byDay.length ? (
              <DayBars
                data={byDay}
                // The local engine counts no tokens: then the calls are what shows the day's work.
                bars={
                  byDay.some((d) => d.tokensIn + d.tokensOut > 0)
                    ? [
                        { key: 'tokensIn', name: 'Tokens in' },
                        { key: 'tokensOut', name: 'Tokens out' },
                      ]
                    : [{ key: 'calls', name: 'Calls' }]
                }
              />
            ) : (
              <Text size="sm" c="dimmed">
                No AI calls in this period.
              </Text>
            )}
          </Card>
          <SimpleGrid cols={{ base: 1, lg: 2 }}>
            <Stack gap="xs">
              <Title order={3} size="h5">
                By model
              </Title>
              <RowsTable rows={byModel} label="Model" />
            </Stack>
            <Stack gap="xs">
              <Title order={3} size="h5">
                By agent
              </Title>
              <RowsTable rows={byAgent} label="Agent" />
            </Stack>
          </SimpleGrid>
          {byDay.length > 0 && (
            <details>
              <summary>
                <Text span size="sm">
                  Per-day numbers as a table
                </Text>
              </summary>
              <RowsTable rows={byDay} label="Day" />
            </details>
          )}
          <Title order={3} size="h5">
            Latest AI calls
          </Title>
          {(logs.data?.items ?? []).length === 0 ? (
            <Text size="sm" c="dimmed">
              No AI call logged yet.
            </Text>
          ) : (
            // Seven columns: on a phone the table scrolls inside its box instead of widening the page
            // (how wide depends on the figures: a slow call's latency, a long model name).
            <Table.ScrollContainer minWidth={640}>
              <Table withTableBorder striped fz="xs" aria-label="Latest AI calls">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>When</Table.Th>
                    <Table.Th>Agent · task</Table.Th>
                    <Table.Th>Model</Table.Th>
                    <Table.Th>Tokens in/out</Table.Th>
                    <Table.Th>Latency</Table.Th>
                    <Table.Th>Cost</Table.Th>
                    <Table.Th>Outcome</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {(logs.data?.items ?? []).map((l) => (
                    <Table.Tr key={l.id}>
                      <Table.Td>{formatInstant(l.createdAt, active.timezone)}</Table.Td>
                      <Table.Td>
                        {l.agent} · {l.task}
                      </Table.Td>
                      <Table.Td>{l.model}</Table.Td>
                      <Table.Td>
                        {formatNumber(l.tokensIn)} / {formatNumber(l.tokensOut)}
                      </Table.Td>
                      <Table.Td>{l.latencyMs} ms</Table.Td>
                      <Table.Td>{formatUsd(l.costUsd)}</Table.Td>
                      <Table.Td>
                        {l.outcome}
                        {l.errorCode ? ` (${l.errorCode})` : ''}
                        {l.injectionFlag ? ' · injection flagged' : ''}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
        </>
      )}
    </Stack>
  );
}
