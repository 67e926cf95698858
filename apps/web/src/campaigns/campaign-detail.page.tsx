import { Alert, Anchor, Badge, Button, Card, Grid, Group, Modal, Stack, Text, Title } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { AdSetsSection } from '../adsets/adsets-section';
import { useApi } from '../api/api-context';
import type { CalendarEntry, Content, Job, JobAccepted, Page, PlanResult } from '../api/types';
import { useActiveBrand } from '../brands/active-brand';
import { JobProgress } from '../jobs/job-progress';
import { useTrackedJob } from '../jobs/use-tracked-job';
import { platformLabel, statusColor } from '../lib/labels';
import { QueryState, refusalOf } from '../shell/query-state';
import { CalendarView, entryItem, type CalendarMode } from './calendar-view';
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
        <Text size="sm" c="dimmed">
          Loading…
        </Text>
      ) : recs.error ? (
        <Text size="sm" c="dimmed">
          Recommendations are not available.
        </Text>
      ) : items.length === 0 ? (
        <Text size="sm" c="dimmed">
          Every pillar is covered.
        </Text>
      ) : (
        <Stack gap="xs">
          {items.slice(0, 8).map((r) => (
            <div key={`${r.pillar}:${r.topic}`}>
              <Group gap={6} wrap="nowrap">
                <Text size="sm" fw={500}>
                  {r.topic}
                </Text>
                <Badge size="xs" variant="outline">
                  {r.pillar}
                </Badge>
              </Group>
              <Text size="xs" c="dimmed">
                {r.reason}
              </Text>
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
  // A phone has no room for seven columns: the agenda lists the days that hold something.
  const phone = useMediaQuery('(max-width: 48em)', false, { getInitialValueInEffect: false });
  const [chosenMode, setMode] = useState<CalendarMode | null>(null);
  const mode: CalendarMode = chosenMode ?? (phone ? 'agenda' : 'month');
  const [confirming, setConfirming] = useState(false);
  // The written posts' first words, shown on their entries.
  const posts = useQuery({
    queryKey: ['contents', c?.brandId, 'campaign', campaignId],
    enabled: !!c,
    queryFn: ({ signal }) => api.get<Page<Content>>(`/content?brandId=${c?.brandId}&campaignId=${campaignId}&limit=100`, { signal }),
    throwOnError: false,
  });
  const [anchor, setAnchor] = useState<string | null>(null);
  const move = useMoveEntry();

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
    notifications.show({
      color: 'green',
      title: 'The calendar is ready',
      message: r.entries != null ? `${r.entries} posts planned${r.kept ? `, ${r.kept} approved posts kept` : ''}.` : 'The plan is done.',
    });
    void queryClient.invalidateQueries({ queryKey: calendarKey(campaignId) });
    void queryClient.invalidateQueries({ queryKey: campaignKey(campaignId) });
    // The topics panel and the content lists change with the plan.
    void queryClient.invalidateQueries({ queryKey: ['recommendations'] });
    void queryClient.invalidateQueries({ queryKey: ['contents'] });
    setShownJob(j.id);
    job.clear();
  }

  if (!c) return <QueryState error={campaign.error} isLoading={campaign.isLoading} what="campaign" />;
  const entries = calendar.data ?? [];
  const shown = anchor ?? entries.map((e) => e.date).sort()[0] ?? c.startDate;
  const planError = refusalOf(plan.error);
  const bodies = new Map((posts.data?.items ?? []).map((p) => [p.id, p.body]));
  const items = entries.map((e) => entryItem(e, bodies));
  const replaceable = entries.filter((e) => !['approved', 'scheduled', 'published'].includes(e.status)).length;
  const keptCount = entries.length - replaceable;

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
          <Button onClick={() => (entries.length ? setConfirming(true) : plan.mutate())} loading={plan.isPending} disabled={!!job.jobId}>
            {entries.length ? 'Plan again' : 'Plan the campaign'}
          </Button>
        )}
      </Group>
      <Modal opened={confirming} onClose={() => setConfirming(false)} title="Plan this campaign again?">
        <Stack gap="sm">
          <Text size="sm">
            The strategy agent writes a new calendar. {replaceable} {replaceable === 1 ? 'post that is' : 'posts that are'} not approved yet will be replaced,
            and {replaceable === 1 ? 'its draft is' : 'their drafts are'} deleted, edits included.
          </Text>
          {keptCount > 0 && (
            <Text size="sm">
              {keptCount} approved, scheduled or published {keptCount === 1 ? 'post stays' : 'posts stay'} where {keptCount === 1 ? 'it is' : 'they are'}.
            </Text>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirming(false)}>
              Keep the current plan
            </Button>
            <Button
              color="red"
              onClick={() => {
                setConfirming(false);
                plan.mutate();
              }}
            >
              Replace {replaceable} {replaceable === 1 ? 'draft' : 'drafts'}
            </Button>
          </Group>
        </Stack>
      </Modal>
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
                  items={items}
                  anchor={shown}
                  onAnchorChange={setAnchor}
                  mode={mode}
                  onModeChange={setMode}
                  onMove={canEdit ? (entry, date, time) => move.mutate({ entry, date, time: time !== entry.time ? time : undefined }) : undefined}
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
