import { Alert, Badge, Button, Card, Code, Group, List, SimpleGrid, Stack, Table, TagsInput, Text, Textarea, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { STRATEGY_LIMITS } from '@mt/contracts/brand.contract';
import { GenerateStrategyShape } from '@mt/contracts/shapes/strategy.shapes';
import { fieldErrorMap } from '../api/problem';
import { useDraft } from '../lib/use-draft';
import { requestIssues } from '../lib/validation';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useApi } from '../api/api-context';
import type { Brand, Job, JobAccepted } from '../api/types';
import { JobProgress } from '../jobs/job-progress';
import { useTrackedJob } from '../jobs/use-tracked-job';
import { platformLabel } from '../lib/labels';
import { refusalOf } from '../shell/query-state';

type Obj = Record<string, unknown>;

const strs = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x) => typeof x === 'string') : []);
const objs = (v: unknown): Obj[] => (Array.isArray(v) ? (v.filter((x) => x && typeof x === 'object') as Obj[]) : []);

/** A strategy as the brand-strategy task writes it; fields it does not know are shown as data. */
export function StrategyView({ strategy }: { strategy: Obj }) {
  const s = (strategy.strategy && typeof strategy.strategy === 'object' ? strategy.strategy : strategy) as Obj;
  const known = new Set([
    'positioning',
    'valueProposition',
    'audienceSegments',
    'audiences',
    'pillars',
    'keyMessages',
    'channelMix',
    'kpis',
    'goals',
    'id',
    'brandId',
    'createdAt',
    'updatedAt',
    'aiMeta',
    'version',
    'source',
    'createdBy',
    'jobId',
  ]);
  const rest = Object.entries(s).filter(([k]) => !known.has(k));
  const segments = objs(s.audienceSegments ?? s.audiences);
  return (
    <Stack gap="md">
      {typeof s.positioning === 'string' && (
        <div>
          <Text fw={600} size="sm">
            Positioning
          </Text>
          <Text>{s.positioning}</Text>
        </div>
      )}
      {typeof s.valueProposition === 'string' && (
        <div>
          <Text fw={600} size="sm">
            Value proposition
          </Text>
          <Text>{s.valueProposition}</Text>
        </div>
      )}
      {segments.length > 0 && (
        <div>
          <Text fw={600} size="sm" mb={4}>
            Audiences
          </Text>
          <SimpleGrid cols={{ base: 1, md: 3 }}>
            {segments.map((a, i) => (
              <Card key={i} withBorder padding="xs">
                <Text fw={600} size="sm">
                  {String(a.name ?? '')}
                </Text>
                <List size="xs">
                  {strs(a.needs).map((n) => (
                    <List.Item key={n}>{n}</List.Item>
                  ))}
                </List>
                <Group gap={4} mt={4}>
                  {strs(a.platforms).map((p) => (
                    <Badge key={p} size="xs" variant="outline">
                      {platformLabel(p)}
                    </Badge>
                  ))}
                </Group>
              </Card>
            ))}
          </SimpleGrid>
        </div>
      )}
      {objs(s.pillars).length > 0 && (
        <div>
          <Text fw={600} size="sm" mb={4}>
            Content pillars
          </Text>
          <Table withTableBorder>
            <Table.Tbody>
              {objs(s.pillars).map((p, i) => (
                <Table.Tr key={i}>
                  <Table.Td fw={600}>{String(p.name ?? '')}</Table.Td>
                  <Table.Td>{String(p.description ?? '')}</Table.Td>
                  <Table.Td>{p.sharePercent != null ? `${String(p.sharePercent)}%` : ''}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </div>
      )}
      {strs(s.keyMessages).length > 0 && (
        <div>
          <Text fw={600} size="sm">
            Key messages
          </Text>
          <List size="sm">
            {strs(s.keyMessages).map((m) => (
              <List.Item key={m}>{m}</List.Item>
            ))}
          </List>
        </div>
      )}
      {objs(s.channelMix).length > 0 && (
        <div>
          <Text fw={600} size="sm" mb={4}>
            Channel mix
          </Text>
          <Table withTableBorder>
            <Table.Tbody>
              {objs(s.channelMix).map((c, i) => (
                <Table.Tr key={i}>
                  <Table.Td fw={600}>{platformLabel(String(c.platform ?? ''))}</Table.Td>
                  <Table.Td>{String(c.postsPerWeek ?? '')} a week</Table.Td>
                  <Table.Td>{String(c.rationale ?? '')}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </div>
      )}
      {(objs(s.kpis).length > 0 || objs(s.goals).length > 0 || strs(s.goals).length > 0) && (
        <div>
          <Text fw={600} size="sm">
            Goals and KPIs
          </Text>
          <List size="sm">
            {strs(s.goals).map((g) => (
              <List.Item key={g}>{g}</List.Item>
            ))}
            {[...objs(s.goals), ...objs(s.kpis)].map((k, i) => (
              <List.Item key={i}>
                {String(k.name ?? '')}: {String(k.target ?? '')}
              </List.Item>
            ))}
          </List>
        </div>
      )}
      {rest.length > 0 && <Code block>{JSON.stringify(Object.fromEntries(rest), null, 2)}</Code>}
    </Stack>
  );
}

/** The brand's marketing strategy, drafted by the AI on request (a job with live progress). */
export function BrandStrategy({ brand }: { brand: Brand }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const key = ['brand', brand.id, 'strategy'];
  const strategy = useQuery({
    queryKey: key,
    queryFn: ({ signal }) => api.get<Obj>(`/brands/${brand.id}/strategy`, { signal }),
    throwOnError: false,
    retry: false,
  });
  const job = useTrackedJob(`brand.strategy.${brand.id}`, { kinds: ['brand.strategy'], brandId: brand.id });
  const [form, setForm, clearForm] = useDraft<{ goals: string[]; competitorNotes: string }>(`strategy.${brand.id}`, { goals: [], competitorNotes: '' });
  const [clientErrors, setClientErrors] = useState<Record<string, string>>({});
  const draft = useMutation({
    mutationFn: (body: { goals?: string[]; competitorNotes?: string }) =>
      api.post<JobAccepted>(`/brands/${brand.id}/strategy`, body, { idempotencyKey: crypto.randomUUID() }),
    onSuccess: (a) => {
      setForm({ goals: [], competitorNotes: '' });
      clearForm();
      job.start(a);
    },
  });
  function submit(e: FormEvent) {
    e.preventDefault();
    // The options as sent (what is empty is left out), checked with the API's own shape.
    const goals = form.goals.map((g) => g.trim()).filter(Boolean);
    const competitorNotes = form.competitorNotes.trim();
    const body = { ...(goals.length ? { goals } : {}), ...(competitorNotes ? { competitorNotes } : {}) };
    const refused = requestIssues(GenerateStrategyShape, body);
    setClientErrors(refused);
    if (!Object.keys(refused).length) draft.mutate(body);
  }
  const errors = { ...fieldErrorMap(draft.error), ...clientErrors };
  const canEdit = brand.role === 'editor' || brand.role === 'owner';
  function drafted(j: Job) {
    job.clear();
    if (j.result && typeof j.result === 'object') queryClient.setQueryData(key, j.result);
    void queryClient.invalidateQueries({ queryKey: key });
  }
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={3}>Strategy</Title>
      </Group>
      {canEdit && !job.jobId && (
        <form onSubmit={submit} aria-label="Draft a strategy" noValidate>
          <Stack gap="sm" maw={860}>
            <TagsInput
              label="Business goals"
              description={`Press Enter after each; at most ${STRATEGY_LIMITS.jobGoals.max}. Left empty, the current strategy's goals are kept.`}
              value={form.goals}
              error={errors.goals}
              maxTags={STRATEGY_LIMITS.jobGoals.max}
              onChange={(goals) => setForm({ goals })}
            />
            <Textarea
              label="Notes on competitors"
              autosize
              minRows={2}
              maxLength={STRATEGY_LIMITS.competitorNotes.max}
              value={form.competitorNotes}
              error={errors.competitorNotes}
              onChange={(e) => setForm({ competitorNotes: e.currentTarget.value })}
            />
            <Group>
              <Button type="submit" loading={draft.isPending}>
                {strategy.data ? 'Draft a new strategy' : 'Draft the strategy'}
              </Button>
            </Group>
          </Stack>
        </form>
      )}
      {refusalOf(draft.error) && (
        <Alert color="red" role="alert">
          {refusalOf(draft.error)}
        </Alert>
      )}
      {job.jobId && (
        <Card withBorder>
          <JobProgress jobId={job.jobId} onDone={drafted} />
        </Card>
      )}
      {strategy.data && typeof strategy.data.version === 'number' && (
        <Text size="xs" c="dimmed">
          Version {String(strategy.data.version)} · {strategy.data.source === 'user' ? 'edited by the team' : 'drafted by the AI'}
        </Text>
      )}
      {strategy.data ? (
        <StrategyView strategy={strategy.data} />
      ) : (
        <Text c="dimmed">{strategy.isLoading ? 'Loading…' : 'No strategy yet: the strategy agent drafts one from the brand profile.'}</Text>
      )}
    </Stack>
  );
}
