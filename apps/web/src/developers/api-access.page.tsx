import {
  Alert,
  Badge,
  Button,
  Checkbox,
  Code,
  CopyButton,
  Group,
  NumberInput,
  Paper,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { MAX_MONEY_COLUMN } from '@mt/contracts/shapes/fields';
import { CreateTokenShape } from '@mt/contracts/shapes/token.shapes';
import { useApi } from '../api/api-context';
import { ApiError, fieldErrorMap } from '../api/problem';
import type { ApiToken, TokenScope } from '../api/types';
import { useActiveBrand } from '../brands/active-brand';
import { formatInstant } from '../lib/dates';
import { formatUsd } from '../lib/labels';
import { namedErrors, requestIssues } from '../lib/validation';

const SCOPES: { value: TokenScope; label: string }[] = [
  { value: 'read', label: 'read — read brands, campaigns, content, analytics' },
  { value: 'write', label: 'write — create and change them' },
  { value: 'publish', label: 'publish — schedule and publish posts' },
  { value: 'ai', label: 'ai — start AI jobs (plans, posts, replies)' },
];

// Named in its message ("Monthly AI budget must not be negative"), as the server's errors land here too.
const BUDGET_LABEL = { aiBudgetUsd: 'Monthly AI budget' };

/** The field's text as the API takes it: empty is no budget; what the input cannot read as a number is NaN. */
function amountOf(v: number | string): number | undefined {
  if (typeof v === 'number') return v;
  return v.trim() === '' ? undefined : Number(v);
}

type CreateTokenBody = { name: string; scopes: string[]; brandIds?: string[]; aiBudgetUsd?: number };

/**
 * Developers → API access: personal access tokens for scripts, n8n, Zapier or an assistant. The new
 * token is shown once, from the create answer only (component state, never the query cache).
 */
export function ApiAccessPage() {
  const api = useApi();
  const queryClient = useQueryClient();
  const { brands } = useActiveBrand();
  const key = ['tokens'];
  const tokens = useQuery({ queryKey: key, queryFn: ({ signal }) => api.get<{ items: ApiToken[] }>('/tokens', { signal }) });
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<string[]>(['read']);
  const [brandIds, setBrandIds] = useState<string[]>([]);
  const [aiBudget, setAiBudget] = useState<number | string>('');
  const [clientErrors, setClientErrors] = useState<Record<string, string>>({});
  const [created, setCreated] = useState<(ApiToken & { token: string }) | null>(null);

  const create = useMutation({
    mutationFn: (body: CreateTokenBody) => api.post<ApiToken & { token: string }>('/tokens', body),
    onSuccess: (t) => {
      setCreated(t);
      setName('');
      void queryClient.invalidateQueries({ queryKey: key });
    },
  });
  const revoke = useMutation({
    mutationFn: (id: string) => api.delete(`/tokens/${id}`),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: key }),
  });
  const serverErrors = fieldErrorMap(create.error);
  const errors = { ...serverErrors, ...clientErrors };
  const budgetError = namedErrors(errors, BUDGET_LABEL).aiBudgetUsd;
  const formError = create.error instanceof ApiError && create.error.status !== 429 && !Object.keys(serverErrors).length ? create.error.message : null;
  const brandName = (id: string) => brands.find((b) => b.id === id)?.name ?? id;

  function submit(e: FormEvent) {
    e.preventDefault();
    const aiBudgetUsd = amountOf(aiBudget);
    const body: CreateTokenBody = { name, scopes, ...(brandIds.length ? { brandIds } : {}), ...(aiBudgetUsd !== undefined ? { aiBudgetUsd } : {}) };
    // The request as sent, checked with the API's own shape (the budget on the number: 0.07 passes, 0.001 does not).
    const refused = requestIssues(CreateTokenShape, body);
    setClientErrors(refused);
    if (Object.keys(refused).length) {
      create.reset();
      return;
    }
    create.mutate(body);
  }

  return (
    <Stack maw={900}>
      <Title order={2}>API access</Title>
      <Text c="dimmed" size="sm">
        Personal access tokens let scripts and tools call the API as you: send <Code>Authorization: Bearer mt_pat_…</Code>. A token never does more than its
        scopes, its brands and your own role on each brand; revoke it and it stops working at once.
      </Text>
      {created && (
        <Alert color="yellow" title="Copy the token now" role="status">
          <Stack gap="xs">
            <Code block>{created.token}</Code>
            <Text size="sm" fw={600}>
              You will not see it again: it is shown once, here.
            </Text>
            <Group gap="xs">
              <CopyButton value={created.token}>
                {({ copied, copy }) => (
                  <Button size="xs" onClick={copy}>
                    {copied ? 'Copied' : 'Copy token'}
                  </Button>
                )}
              </CopyButton>
              <Button size="xs" variant="subtle" onClick={() => setCreated(null)}>
                I have saved it
              </Button>
            </Group>
          </Stack>
        </Alert>
      )}
      <Paper withBorder p="md">
        <form onSubmit={submit} noValidate aria-label="Create a token">
          <Stack>
            <TextInput
              label="Name"
              description="To recognise it later, e.g. n8n automations"
              required
              value={name}
              error={errors.name}
              onChange={(e) => setName(e.currentTarget.value)}
              maw={360}
            />
            <Checkbox.Group label="Scopes" required value={scopes} error={errors.scopes} onChange={setScopes}>
              <Stack gap={4} mt={4}>
                {SCOPES.map((s) => (
                  <Checkbox key={s.value} value={s.value} label={s.label} />
                ))}
              </Stack>
            </Checkbox.Group>
            <Checkbox.Group label="Brands" description="None ticked: all of your brands" value={brandIds} error={errors.brandIds} onChange={setBrandIds}>
              <Stack gap={4} mt={4}>
                {brands.map((b) => (
                  <Checkbox key={b.id} value={b.id} label={b.name} />
                ))}
              </Stack>
            </Checkbox.Group>
            <NumberInput
              label="Monthly AI budget (USD)"
              description="Once AI jobs started with this token have cost this much in a calendar month (UTC), it starts no more (402 AI_BUDGET_EXCEEDED). Empty: no cap; brand budgets still apply."
              placeholder="No cap"
              min={0}
              max={MAX_MONEY_COLUMN}
              clampBehavior="none"
              value={aiBudget}
              error={budgetError}
              onChange={setAiBudget}
              maw={360}
            />
            {formError && (
              <Text c="red" size="sm" role="alert">
                {formError}
              </Text>
            )}
            <Button type="submit" loading={create.isPending} w="fit-content">
              Create token
            </Button>
          </Stack>
        </form>
      </Paper>
      <Title order={3}>Your tokens</Title>
      {(tokens.data?.items ?? []).length === 0 ? (
        <Text c="dimmed">{tokens.isLoading ? 'Loading tokens…' : 'No tokens yet.'}</Text>
      ) : (
        <Table withTableBorder aria-label="Your tokens">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Name</Table.Th>
              <Table.Th>Token</Table.Th>
              <Table.Th>Scopes</Table.Th>
              <Table.Th>Brands</Table.Th>
              <Table.Th>Monthly AI budget</Table.Th>
              <Table.Th>Last used</Table.Th>
              <Table.Th>
                <VisuallyHidden>Actions</VisuallyHidden>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(tokens.data?.items ?? []).map((t) => (
              <Table.Tr key={t.id}>
                <Table.Td>{t.name}</Table.Td>
                <Table.Td>
                  <Code>{t.prefix}…</Code>
                </Table.Td>
                <Table.Td>
                  <Group gap={4}>
                    {t.scopes.map((s) => (
                      <Badge key={s} variant="light">
                        {s}
                      </Badge>
                    ))}
                  </Group>
                </Table.Td>
                <Table.Td>{t.brandIds ? t.brandIds.map(brandName).join(', ') : 'All brands'}</Table.Td>
                <Table.Td>{t.aiBudgetUsd === null ? 'No cap' : formatUsd(t.aiBudgetUsd)}</Table.Td>
                <Table.Td>{t.lastUsedAt ? formatInstant(t.lastUsedAt) : 'Never'}</Table.Td>
                <Table.Td>
                  <Button
                    size="xs"
                    variant="subtle"
                    color="red"
                    aria-label={`Revoke ${t.name}`}
                    loading={revoke.isPending && revoke.variables === t.id}
                    onClick={() => revoke.mutate(t.id)}
                  >
                    Revoke
                  </Button>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}
