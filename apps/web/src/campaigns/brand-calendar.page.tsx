import { Group, NativeSelect, Stack, Text, Title } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useQueries, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useApi } from '../api/api-context';
import type { Campaign, Content, Page, ScheduleItem } from '../api/types';
import { useActiveBrand } from '../brands/active-brand';
import { addDays, monthGrid, todayIso, weekDays } from '../lib/dates';
import { firstWords, platformLabel } from '../lib/labels';
import { EmptyState } from '../shell/empty-state';
import { QueryState } from '../shell/query-state';
import { CalendarView, entryItem, type CalendarItem, type CalendarMode } from './calendar-view';
import { calendarKey, fetchCalendar, itemsOf, useMoveEntry } from './campaign-api';

const ONE_OFF = '__one-off__';
const STATUSES = ['planned', 'drafted', 'approved', 'scheduled', 'published', 'failed'];

/** A post scheduled or published outside any campaign entry, on the day it goes (or went) out. */
function scheduleItem(s: ScheduleItem, content: Content | undefined): CalendarItem {
  return {
    key: `schedule:${s.id}`,
    date: s.localAt.slice(0, 10),
    time: s.localAt.slice(11, 16),
    timezone: s.timezone,
    platform: s.platform,
    status: s.status,
    text: content ? firstWords(content.body, 80) || content.topic || 'Post' : 'Post',
    topic: content?.topic ?? null,
    contentId: s.contentId,
    campaignName: null,
  };
}

/**
 * The brand's whole calendar: every campaign's entries and the one-off posts scheduled or
 * published outside a campaign, with filters by channel, campaign and status.
 */
export function BrandCalendarPage() {
  const api = useApi();
  const { active } = useActiveBrand();
  const phone = useMediaQuery('(max-width: 48em)', false, { getInitialValueInEffect: false });
  const [chosenMode, setMode] = useState<CalendarMode | null>(null);
  const mode: CalendarMode = chosenMode ?? (phone ? 'agenda' : 'month');
  const [anchor, setAnchor] = useState(todayIso);
  const [platform, setPlatform] = useState('');
  const [campaignFilter, setCampaignFilter] = useState('');
  const [status, setStatus] = useState('');

  const campaigns = useQuery({
    queryKey: ['campaigns', active?.id],
    enabled: !!active,
    queryFn: ({ signal }) => api.get<Page<Campaign>>(`/campaigns?brandId=${active?.id}&limit=100`, { signal }),
  });
  const list = campaigns.data?.items ?? [];
  const calendars = useQueries({
    queries: list.map((c) => ({ queryKey: calendarKey(c.id), queryFn: ({ signal }: { signal: AbortSignal }) => fetchCalendar(api, c.id, signal) })),
  });
  const days = mode === 'week' ? weekDays(anchor) : monthGrid(anchor).flat();
  const from = `${addDays(days[0], -1)}T00:00:00Z`;
  const to = `${addDays(days[days.length - 1], 2)}T00:00:00Z`;
  const schedule = useQuery({
    queryKey: ['schedule', active?.id, from, to],
    enabled: !!active,
    queryFn: async ({ signal }) => itemsOf<ScheduleItem>(await api.get<unknown>(`/schedule?brandId=${active?.id}&from=${from}&to=${to}`, { signal }), 'items'),
    throwOnError: false,
  });
  const contents = useQuery({
    queryKey: ['contents', active?.id, 'calendar'],
    enabled: !!active,
    queryFn: ({ signal }) => api.get<Page<Content>>(`/content?brandId=${active?.id}&limit=100`, { signal }),
    throwOnError: false,
  });

  if (!active) return <Text>Create a brand first: the calendar belongs to a brand.</Text>;
  if (!campaigns.data) return <QueryState error={campaigns.error} isLoading={campaigns.isLoading} what="calendar" />;

  const byContent = new Map((contents.data?.items ?? []).map((c) => [c.id, c]));
  const bodies = new Map([...byContent].map(([id, c]) => [id, c.body]));
  const entryItems = list.flatMap((c, i) => (calendars[i]?.data ?? []).map((e) => entryItem(e, bodies, c.name)));
  const planned = new Set(entryItems.map((e) => e.contentId).filter(Boolean));
  const oneOff = (schedule.data ?? [])
    .filter((s) => s.status !== 'cancelled' && !planned.has(s.contentId))
    .map((s) => scheduleItem(s, byContent.get(s.contentId)));
  const campaignOf = new Map(list.flatMap((c, i) => (calendars[i]?.data ?? []).map((e) => [e.id, c.id] as const)));
  const all = [...entryItems, ...oneOff];
  const platforms = [...new Set([...all.map((i) => i.platform), ...list.flatMap((c) => c.platforms)])].sort();
  const shown = all.filter(
    (i) =>
      (!platform || i.platform === platform) &&
      (!status || i.status === status) &&
      (!campaignFilter || (campaignFilter === ONE_OFF ? !i.entry : i.entry && campaignOf.get(i.key) === campaignFilter)),
  );
  const role = active.role;
  const canEdit = role === 'editor' || role === 'owner';

  return (
    <Stack>
      <Title order={2}>Calendar — {active.name}</Title>
      <Group gap="sm" align="flex-end" wrap="wrap">
        <NativeSelect
          label="Channel"
          size="xs"
          value={platform}
          onChange={(e) => setPlatform(e.currentTarget.value)}
          data={[{ value: '', label: 'All channels' }, ...platforms.map((p) => ({ value: p, label: platformLabel(p) }))]}
        />
        <NativeSelect
          label="Campaign"
          size="xs"
          value={campaignFilter}
          onChange={(e) => setCampaignFilter(e.currentTarget.value)}
          data={[
            { value: '', label: 'All campaigns and one-off posts' },
            ...list.map((c) => ({ value: c.id, label: c.name })),
            { value: ONE_OFF, label: 'One-off posts' },
          ]}
        />
        <NativeSelect
          label="Status"
          size="xs"
          value={status}
          onChange={(e) => setStatus(e.currentTarget.value)}
          data={[{ value: '', label: 'Any status' }, ...STATUSES.map((s) => ({ value: s, label: s }))]}
        />
      </Group>
      {all.length === 0 && !calendars.some((q) => q.isLoading) && (
        <EmptyState
          title="Nothing on the calendar yet"
          steps={[
            { label: list.length ? 'Plan a campaign' : 'Create a campaign', to: list.length ? `/campaigns/${list[0].id}` : '/campaigns' },
            { label: 'Write a post', to: '/content' },
          ]}
        >
          A planned campaign fills the calendar with its posts; a post you write and schedule shows here too.
        </EmptyState>
      )}
      <BrandCalendar items={shown} anchor={anchor} onAnchorChange={setAnchor} mode={mode} onModeChange={setMode} canEdit={canEdit} />
    </Stack>
  );
}

function BrandCalendar(props: {
  items: CalendarItem[];
  anchor: string;
  onAnchorChange(d: string): void;
  mode: CalendarMode;
  onModeChange(m: CalendarMode): void;
  canEdit: boolean;
}) {
  const move = useMoveEntry();
  return (
    <CalendarView
      items={props.items}
      anchor={props.anchor}
      onAnchorChange={props.onAnchorChange}
      mode={props.mode}
      onModeChange={props.onModeChange}
      onMove={props.canEdit ? (entry, date, time) => move.mutate({ entry, date, time: time !== entry.time ? time : undefined }) : undefined}
    />
  );
}
