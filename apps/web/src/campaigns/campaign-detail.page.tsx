import { Alert, Anchor, Badge, Button, Card, Grid, Group, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { AdSetsSection } from '../adsets/adsets-section';
import { useApi } from '../api/api-context';
import type { CalendarEntry, Job, JobAccepted, PlanResult } from '../api/types';
import { useActiveBrand } from '../brands/active-brand';
import { JobProgress } from '../jobs/job-progress';
import { useTrackedJob } from '../jobs/use-tracked-job';
import { platformLabel, statusColor } from '../lib/labels';
import { QueryState, refusalOf } from '../shell/query-state';
import { CalendarView, type CalendarMode } from './calendar-view';
import { calendarKey, campaignKey, fetchCalendar, useCampaign, useMoveEntry, useRecommendations } from './campaign-api';

export const PLAN_JOB_KINDS = ['campaign.plan'];

const STATUS_ORDER: CalendarEntry['status'][] = ['planned', 'drafted', 'approved', 'scheduled', 'published', 'failed'];

function StatusSummary({ entries }: { entries: CalendarEntry[] }) {
  const counts = new Map<string, number>();
  for (const e of entries) counts.set(e.status, (counts.get(e.status) ?? 0) + 1);
  return (
    <Group gap="xs" aria-label="Entries by status">
      {STATUS_ORDER.filter((s) => counts.get(s)).map((s) => (
        <Badge key={s} variant="light" color={statusColor(s)}>
          {counts.get(s)} {s}
        </Badge>
      ))}
    </Group>
  );
}

function Recommendations({ brandId }: { brandId: string }) {
  const recs = useRecommendations(brandId);
  const items = recs.data ?? [];
  return (
    <Card withBorder>
      <Title order={3} size="h5" mb="xs">
        Topics not covered yet
      </Title>
      {recs.isLoading ? (
        <Text size="sm" c="dimmed">Loading…</Text>
      ) : recs.error ? (
        <Text size="sm" c="dimmed">Recommendations are not available.</Text>
      ) : items.length === 0 ? (
        <Text size="sm" c="dimmed">Every pillar is covered.</Text>
      ) : (
        <Stack gap="xs">
          {items.slice(0, 8).map((r) => (
            <div key={`${r.pillar}:${r.topic}`}>
              <Group gap={6} wrap="nowrap">
                <Text size="sm" fw={500}>{r.topic}</Text>
                <Badge size="xs" variant="outline">{r.pillar}</Badge>
              </Group>
              <Text size="xs" c="dimmed">{r.reason}</Text>
            </div>
          ))}
        </Stack>
      )}
    </Card>
  );
}

/** One campaign: plan it with the strategy agent (live progress), then its calendar, month or week. */
export function CampaignDetailPage() {
  const { campaignId = '' } = useParams();
  const api = useApi();
  const queryClient = useQueryClient();
  const { brands } = useActiveBrand();
  const campaign = useCampaign(campaignId);
  const c = campaign.data;
  const calendar = useQuery({
    queryKey: calendarKey(campaignId),
    enabled: !!c,
    queryFn: ({ signal }) => fetchCalendar(api, campaignId, signal),
    // The creation agent writes each entry's post after the plan: refresh until every entry has one.
    refetchInterval: (q) => ((q.state.data ?? []).some((e) => e.status === 'planned' && !e.contentId) ? 4000 : false),
  });
  const role = brands.find((b) => b.id === c?.brandId)?.role;
  const canEdit = role === 'editor' || role === 'owner';
  const job = useTrackedJob(`campaign.plan.${campaignId}`, { kinds: PLAN_JOB_KINDS, brandId: c?.brandId, match: c?.status === 'planning' });
  // The finished plan stays on screen (100%, succeeded) until dismissed; only a running one survives a reload.
  const [shownJob, setShownJob] = useState<string | null>(null);
  const followed = job.jobId ?? shownJob;
  const [mode, setMode] = useState<CalendarMode>('month');
  const [anchor, setAnchor] = useState<string | null>(null);
  const move = useMoveEntry(campaignId);

  const plan = useMutation({
    mutationFn: () => api.post<JobAccepted>(`/campaigns/${campaignId}/plan`, undefined, { idempotencyKey: crypto.randomUUID() }),
    onSuccess: (accepted) => {
      job.start(accepted);
      setShownJob(accepted.jobId);
      void queryClient.invalidateQueries({ queryKey: ['jobs'] });
    },
  });

  function planned(j: Job) {
    const r = (j.result ?? {}) as Partial<PlanResult>;
    notifications.show({ color: 'green', title: 'The calendar is ready', message: r.entries != null ? `${r.entries} posts planned${r.kept ? `, ${r.kept} approved posts kept` : ''}.` : 'The plan is done.' });
    void queryClient.invalidateQueries({ queryKey: calendarKey(campaignId) });
    void queryClient.invalidateQueries({ queryKey: campaignKey(campaignId) });
    setShownJob(j.id);
    job.clear();
  }

  if (!c) return <QueryState error={campaign.error} isLoading={campaign.isLoading} what="campaign" />;
  const entries = calendar.data ?? [];
  const shown = anchor ?? entries.map((e) => e.date).sort()[0] ?? c.startDate;
  const planError = refusalOf(plan.error);

  return (
    <Stack>
      <Group justify="space-between" align="flex-start">
        <div>
          <Anchor component={Link} to="/campaigns" size="sm">
            ← Campaigns
          </Anchor>
          <Group gap="sm">
            <Title order={2}>{c.name}</Title>
            <Badge variant="light" color={statusColor(c.status)}>
              {c.status}
            </Badge>
          </Group>
          <Text size="sm" c="dimmed">
            {c.startDate} → {c.endDate} · {c.platforms.map(platformLabel).join(', ')} · {c.postsPerWeek} posts a week
          </Text>
          <Text size="sm" mt={4} maw={720}>
            {c.goal}
          </Text>
        </div>
        {canEdit && (
          <Button onClick={() => plan.mutate()} loading={plan.isPending} disabled={!!job.jobId}>
            {entries.length ? 'Plan again' : 'Plan the campaign'}
          </Button>
        )}
      </Group>
      {planError && (
        <Alert color="red" role="alert" title="The plan could not start">
          {planError}
        </Alert>
      )}
      {followed && (
        <Card withBorder aria-label="Planning progress">
          <JobProgress key={followed} jobId={followed} onDone={planned} />
          {!job.jobId && (
            <Group justify="flex-end" mt="xs">
              <Button size="xs" variant="subtle" onClick={() => setShownJob(null)}>
                Dismiss
              </Button>
            </Group>
          )}
        </Card>
      )}
      <Grid>
        <Grid.Col span={{ base: 12, lg: 9 }}>
          <Stack gap="xs">
            <StatusSummary entries={entries} />
            {calendar.error ? (
              <QueryState error={calendar.error} isLoading={false} what="calendar" />
            ) : calendar.isLoading ? (
              <Text c="dimmed">Loading the calendar…</Text>
            ) : (
              <>
                {entries.length === 0 && (
                  <Text c="dimmed" size="sm">
                    No posts planned yet{canEdit ? ': “Plan the campaign” lets the strategy agent fill the calendar.' : '.'}
                  </Text>
                )}
                <CalendarView
                  entries={entries}
                  anchor={shown}
                  onAnchorChange={setAnchor}
                  mode={mode}
                  onModeChange={setMode}
                  onMove={canEdit ? (entry, date) => move.mutate({ entry, date }) : undefined}
                  bounds={{ min: c.startDate, max: c.endDate }}
                />
              </>
            )}
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 3 }}>
          <Recommendations brandId={c.brandId} />
        </Grid.Col>
      </Grid>
      <AdSetsSection campaign={c} canEdit={canEdit} />
    </Stack>
  );
}
