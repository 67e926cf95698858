import {
  ActionIcon,
  Anchor,
  Badge,
  Box,
  Button,
  Group,
  Paper,
  Popover,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
  UnstyledButton,
} from '@mantine/core';
import { createContext, useContext, useEffect, useRef, useState, type DragEvent, type FormEvent, type KeyboardEvent } from 'react';
import { Link } from 'react-router';
import type { CalendarEntry } from '../api/types';
import { moveIssues } from './campaign-api';
import { addDays, addMonths, formatClock, formatDay, monthGrid, monthLabel, WEEKDAY_LABELS, weekDays } from '../lib/dates';
import { firstWords, humanize, platformLabel, platformStyle, statusColor } from '../lib/labels';

export type CalendarMode = 'month' | 'week' | 'agenda';

/**
 * One thing on a calendar: a campaign's planned entry (movable) or a post scheduled or published
 * outside any campaign (a one-off post, shown where it went out).
 */
export interface CalendarItem {
  key: string;
  /** Brand-local date and time. */
  date: string;
  time: string;
  timezone?: string;
  platform: string;
  status: string;
  /** The post's first words when written, else the planned topic. */
  text: string;
  topic?: string | null;
  contentId: string | null;
  campaignName?: string | null;
  /** Present for a campaign entry: only those move. */
  entry?: CalendarEntry;
  pillar?: string | null;
  format?: string | null;
}

/** A campaign entry as a calendar item; `bodies` gives the written post's words by content id. */
export function entryItem(e: CalendarEntry, bodies?: Map<string, string>, campaignName?: string): CalendarItem {
  const body = e.contentId ? bodies?.get(e.contentId) : undefined;
  return {
    key: e.id,
    date: e.date,
    time: e.time,
    timezone: e.timezone,
    platform: e.platform,
    status: e.status,
    text: body ? firstWords(body, 80) : e.topic,
    topic: e.topic,
    contentId: e.contentId,
    campaignName: campaignName ?? null,
    entry: e,
    pillar: e.pillar,
    format: e.format,
  };
}

interface Props {
  items: CalendarItem[];
  /** Any date of the month or week shown. */
  anchor: string;
  onAnchorChange(date: string): void;
  mode: CalendarMode;
  onModeChange(mode: CalendarMode): void;
  /** Absent for viewers: entries cannot be moved. */
  onMove?(entry: CalendarEntry, date: string, time: string): void;
  /** The campaign's first and last dates: an entry moves within them (MoveEntryDto). */
  bounds?: { min: string; max: string };
}

/** The platform's mark: its colour and glyph, named for screen readers. */
export function PlatformMark({ platform, size = 18 }: { platform: string; size?: number }) {
  const s = platformStyle(platform);
  return (
    <Box
      component="span"
      role="img"
      aria-label={platformLabel(platform)}
      title={platformLabel(platform)}
      data-platform={platform}
      style={{
        display: 'inline-flex',
        alignItems: 'center',
        justifyContent: 'center',
        flex: 'none',
        width: size,
        height: size,
        borderRadius: 4,
        background: s.color,
        color: '#fff',
        fontSize: size * 0.55,
        fontWeight: 700,
        lineHeight: 1,
      }}
    >
      <span aria-hidden="true">{s.glyph}</span>
    </Box>
  );
}

/** Days an entry moves for each key, with Alt held: a day either way, a week up or down (as the grid reads). */
const KEY_STEPS: Record<string, number> = { ArrowLeft: -1, ArrowRight: 1, ArrowUp: -7, ArrowDown: 7 };

/**
 * The entry moved last with the keyboard: its chip, drawn anew in the day it moved to, takes the
 * focus back, so the next key press moves it again.
 */
const KeyboardFocus = createContext<{ target: string | null; set(target: string | null): void }>({ target: null, set: () => undefined });

/** One item: platform, time, status and the post's first words; opens its details and, for an entry, the move form. */
function ItemChip({ item, onMove, compact, bounds }: { item: CalendarItem; onMove?: Props['onMove']; compact: boolean; bounds?: Props['bounds'] }) {
  const [opened, setOpened] = useState(false);
  const focus = useContext(KeyboardFocus);
  const ref = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (focus.target === `${item.key}@${item.date}`) ref.current?.focus();
  }, [focus.target, item.key, item.date]);
  const [date, setDate] = useState(item.date);
  const [time, setTime] = useState(item.time);
  const [error, setError] = useState<{ date?: string; time?: string }>({});
  const movable = !!onMove && !!item.entry && !['published'].includes(item.status);
  const style = platformStyle(item.platform);

  function submit(e: FormEvent) {
    e.preventDefault();
    // The body the move sends, checked with MoveEntryShape (ADR 210); the campaign's dates stay the form's own check.
    const issues = moveIssues(date, time !== item.time ? time : undefined);
    if (issues.date || issues.time) return setError({ date: issues.date, time: issues.time });
    if (date === item.date && time === item.time) return setError({ date: 'pick another day or time' });
    if (bounds && (date < bounds.min || date > bounds.max)) return setError({ date: `must be between ${bounds.min} and ${bounds.max}` });
    setError({});
    setOpened(false);
    if (item.entry) onMove?.(item.entry, date, time);
  }

  // Alt + arrow keys move a focused entry without the mouse or the form (ADR 131).
  function onKeyDown(e: KeyboardEvent) {
    const step = KEY_STEPS[e.key];
    if (!movable || !e.altKey || step === undefined || !item.entry) return;
    e.preventDefault();
    const to = addDays(item.date, step);
    if (bounds && (to < bounds.min || to > bounds.max)) return;
    focus.set(`${item.key}@${to}`);
    onMove?.(item.entry, to, item.time);
  }

  return (
    <Popover opened={opened} onChange={setOpened} width={320} position="bottom-start" withArrow shadow="md" trapFocus hideDetached={false}>
      <Popover.Target>
        <UnstyledButton
          ref={ref}
          onKeyDown={onKeyDown}
          onBlur={(e) => {
            // The user went elsewhere: a later redraw must not pull the focus back.
            if (e.relatedTarget && focus.target?.startsWith(`${item.key}@`)) focus.set(null);
          }}
          aria-keyshortcuts={movable ? 'Alt+ArrowLeft Alt+ArrowRight Alt+ArrowUp Alt+ArrowDown' : undefined}
          aria-description={movable ? 'Alt and the arrow keys move it by a day or a week' : undefined}
          onClick={() => {
            setDate(item.date);
            setTime(item.time);
            setOpened((o) => !o);
          }}
          draggable={movable}
          onDragStart={(e: DragEvent) => {
            e.dataTransfer.setData('text/x-entry-id', item.key);
            e.dataTransfer.effectAllowed = 'move';
          }}
          aria-label={`${platformLabel(item.platform)} ${formatClock(item.time)}, ${item.status}: ${item.text}${item.campaignName ? ` (${item.campaignName})` : ''}`}
          data-entry-id={item.entry ? item.key : undefined}
          data-item-key={item.key}
          data-status={item.status}
          w="100%"
        >
          <Paper
            withBorder
            px={6}
            py={compact ? 3 : 6}
            radius="sm"
            style={{ borderLeft: `4px solid ${style.color}`, background: `color-mix(in srgb, ${style.color} 6%, white)` }}
          >
            <Group gap={4} wrap="nowrap">
              <PlatformMark platform={item.platform} size={compact ? 16 : 18} />
              <Text size="xs" fw={600} style={{ whiteSpace: 'nowrap' }}>
                {formatClock(item.time)}
              </Text>
              <Box
                component="span"
                title={item.status}
                aria-hidden="true"
                style={{
                  width: 8,
                  height: 8,
                  borderRadius: 8,
                  flex: 'none',
                  marginLeft: 'auto',
                  background: `var(--mantine-color-${statusColor(item.status)}-6)`,
                }}
              />
              {!compact && (
                <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
                  {item.status}
                </Text>
              )}
            </Group>
            <Text size="xs" lineClamp={compact ? 2 : 4} style={{ overflowWrap: 'anywhere' }}>
              {item.text}
            </Text>
          </Paper>
        </UnstyledButton>
      </Popover.Target>
      <Popover.Dropdown>
        <Stack gap="xs">
          <Group gap={6} wrap="nowrap" align="flex-start">
            <PlatformMark platform={item.platform} />
            <Text fw={600} size="sm">
              {item.topic ?? item.text}
            </Text>
          </Group>
          {item.topic && item.text !== item.topic && (
            <Text size="sm" c="dimmed">
              {item.text}
            </Text>
          )}
          <Text size="xs" c="dimmed">
            {formatDay(item.date)} at {formatClock(item.time)}
            {item.timezone ? ` (${item.timezone})` : ''} · {platformLabel(item.platform)}
            {item.campaignName ? ` · ${item.campaignName}` : ' · one-off post'}
          </Text>
          <Group gap={4}>
            <Badge size="sm" variant="light" color={statusColor(item.status)}>
              {item.status}
            </Badge>
            {item.pillar && (
              <Badge size="sm" variant="outline">
                {item.pillar}
              </Badge>
            )}
            {item.format && (
              <Badge size="sm" variant="outline">
                {humanize(item.format)}
              </Badge>
            )}
          </Group>
          {item.contentId ? (
            <Anchor component={Link} to={`/content/${item.contentId}`} size="sm">
              Open the content
            </Anchor>
          ) : (
            <Text size="xs" c="dimmed">
              The creation agent has not written this post yet.
            </Text>
          )}
          {movable && (
            <form onSubmit={submit} aria-label={`Move “${item.topic ?? item.text}”`}>
              <Group align="flex-end" gap="xs" wrap="nowrap">
                <TextInput
                  type="date"
                  label="Move to"
                  size="xs"
                  min={bounds?.min}
                  max={bounds?.max}
                  value={date}
                  error={error.date}
                  onChange={(e) => setDate(e.currentTarget.value)}
                  style={{ flex: 1 }}
                />
                <TextInput type="time" label="Time" size="xs" value={time} error={error.time} onChange={(e) => setTime(e.currentTarget.value)} w={96} />
                <Button type="submit" size="xs">
                  Move
                </Button>
              </Group>
            </form>
          )}
        </Stack>
      </Popover.Dropdown>
    </Popover>
  );
}

function DayCell({
  date,
  items,
  onMove,
  outside,
  compact,
  today,
  lookup,
  bounds,
}: {
  date: string;
  items: CalendarItem[];
  onMove?: Props['onMove'];
  outside: boolean;
  compact: boolean;
  today: boolean;
  lookup(id: string): CalendarItem | undefined;
  bounds?: Props['bounds'];
}) {
  const droppable = !!onMove && (!bounds || (date >= bounds.min && date <= bounds.max));
  const [over, setOver] = useState(false);
  return (
    <Box
      role="gridcell"
      aria-label={formatDay(date)}
      data-date={date}
      p={4}
      mih={compact ? 96 : 320}
      bg={over ? 'var(--mantine-color-indigo-0)' : outside ? 'var(--mantine-color-gray-0)' : undefined}
      style={{ border: '1px solid var(--mantine-color-gray-3)', minWidth: 0 }}
      onDragOver={(e: DragEvent) => {
        if (!droppable) return;
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={(e: DragEvent) => {
        setOver(false);
        const id = e.dataTransfer.getData('text/x-entry-id');
        const moved = id ? lookup(id) : undefined;
        if (droppable && moved?.entry && moved.date !== date) onMove?.(moved.entry, date, moved.time);
      }}
    >
      <Text size="xs" fw={today ? 700 : 400} c={outside ? 'dimmed' : today ? 'indigo' : undefined} mb={4}>
        {compact ? Number(date.slice(8)) : formatDay(date, { weekday: 'short', day: 'numeric', month: 'short' })}
      </Text>
      <Stack gap={4}>
        {items.map((e) => (
          <ItemChip key={e.key} item={e} onMove={onMove} compact={compact} bounds={bounds} />
        ))}
      </Stack>
    </Box>
  );
}

/** The days of the month of `anchor` that hold something, each with its items at full width (phones). */
function Agenda({
  byDate,
  anchor,
  onMove,
  bounds,
}: {
  byDate: Map<string, CalendarItem[]>;
  anchor: string;
  onMove?: Props['onMove'];
  bounds?: Props['bounds'];
}) {
  const month = anchor.slice(0, 7);
  const days = [...byDate.keys()].filter((d) => d.slice(0, 7) === month).sort();
  if (days.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        Nothing planned in {monthLabel(anchor)}.
      </Text>
    );
  }
  return (
    <Stack gap="sm" role="list" aria-label={`Agenda, ${monthLabel(anchor)}`}>
      {days.map((d) => (
        <Box key={d} role="listitem" data-date={d}>
          <Text size="sm" fw={600} mb={4}>
            {formatDay(d, { weekday: 'short', day: 'numeric', month: 'short' })}
          </Text>
          <Stack gap={4}>
            {(byDate.get(d) ?? []).map((e) => (
              <ItemChip key={e.key} item={e} onMove={onMove} compact={false} bounds={bounds} />
            ))}
          </Stack>
        </Box>
      ))}
    </Stack>
  );
}

/** A content calendar, month, week or agenda, with every item's platform and status; entries move by drag and drop or by their "Move to" form (keyboard). */
export function CalendarView({ items, anchor, onAnchorChange, mode, onModeChange, onMove, bounds }: Props) {
  const byDate = new Map<string, CalendarItem[]>();
  for (const e of [...items].sort((a, b) => a.time.localeCompare(b.time))) byDate.set(e.date, [...(byDate.get(e.date) ?? []), e]);
  // A drop lands in another cell than the one the chip came from: the cells find it by key here.
  const all = new Map(items.map((e) => [e.key, e]));
  const lookup = (id: string) => all.get(id);
  const today = new Date().toISOString().slice(0, 10);
  const rows = mode === 'week' ? [weekDays(anchor)] : monthGrid(anchor);
  const month = anchor.slice(0, 7);
  const title = mode === 'week' ? `Week of ${formatDay(rows[0][0], { day: 'numeric', month: 'long', year: 'numeric' })}` : monthLabel(anchor);
  const step = (n: number) => onAnchorChange(mode === 'week' ? addDays(anchor, 7 * n) : addMonths(anchor, n));
  const unit = mode === 'week' ? 'week' : 'month';
  const [focusKey, setFocusKey] = useState<string | null>(null);

  return (
    <KeyboardFocus.Provider value={{ target: focusKey, set: setFocusKey }}>
      <Stack gap="xs">
        <Group justify="space-between">
          <Group gap="xs" wrap="nowrap">
            <ActionIcon variant="default" aria-label={`Previous ${unit}`} onClick={() => step(-1)}>
              ‹
            </ActionIcon>
            <ActionIcon variant="default" aria-label={`Next ${unit}`} onClick={() => step(1)}>
              ›
            </ActionIcon>
            <Title order={3} size="h4" aria-live="polite">
              {title}
            </Title>
          </Group>
          <SegmentedControl
            aria-label="Calendar view"
            value={mode}
            onChange={(v) => onModeChange(v as CalendarMode)}
            data={[
              { value: 'month', label: 'Month' },
              { value: 'week', label: 'Week' },
              { value: 'agenda', label: 'Agenda' },
            ]}
          />
        </Group>
        {mode === 'agenda' ? (
          <Agenda byDate={byDate} anchor={anchor} onMove={onMove} bounds={bounds} />
        ) : (
          <Box role="grid" aria-label={`Calendar, ${title}`}>
            <SimpleGrid cols={7} spacing={0} role="row">
              {WEEKDAY_LABELS.map((d) => (
                <Text key={d} role="columnheader" size="xs" fw={600} ta="center" py={4}>
                  {d}
                </Text>
              ))}
            </SimpleGrid>
            {rows.map((row) => (
              <SimpleGrid key={row[0]} cols={7} spacing={0} role="row">
                {row.map((d) => (
                  <DayCell
                    key={d}
                    date={d}
                    items={byDate.get(d) ?? []}
                    onMove={onMove}
                    outside={mode === 'month' && d.slice(0, 7) !== month}
                    compact={mode === 'month'}
                    today={d === today}
                    lookup={lookup}
                    bounds={bounds}
                  />
                ))}
              </SimpleGrid>
            ))}
          </Box>
        )}
        {onMove && (
          <Text size="xs" c="dimmed">
            Keyboard: focus an entry and press Alt with an arrow key to move it a day (← →) or a week (↑ ↓); Enter opens it to pick another date and time.
          </Text>
        )}
      </Stack>
    </KeyboardFocus.Provider>
  );
}
