import { ActionIcon, Anchor, Badge, Box, Button, Group, Paper, Popover, SegmentedControl, SimpleGrid, Stack, Text, TextInput, Title, UnstyledButton } from '@mantine/core';
import { useState, type DragEvent, type FormEvent } from 'react';
import { Link } from 'react-router';
import type { CalendarEntry } from '../api/types';
import { addDays, addMonths, formatDay, monthGrid, monthLabel, WEEKDAY_LABELS, weekDays } from '../lib/dates';
import { humanize, platformLabel, statusColor } from '../lib/labels';

export type CalendarMode = 'month' | 'week';

interface Props {
  entries: CalendarEntry[];
  /** Any date of the month or week shown. */
  anchor: string;
  onAnchorChange(date: string): void;
  mode: CalendarMode;
  onModeChange(mode: CalendarMode): void;
  /** Absent for viewers: entries cannot be moved. */
  onMove?(entry: CalendarEntry, date: string): void;
  /** The campaign's first and last dates: an entry moves within them (MoveEntryDto). */
  bounds?: { min: string; max: string };
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** One entry: its status at a glance; opens its details, a link to its content and the move form. */
function EntryChip({ entry, onMove, compact, bounds }: { entry: CalendarEntry; onMove?: Props['onMove']; compact: boolean; bounds?: Props['bounds'] }) {
  const [opened, setOpened] = useState(false);
  const [date, setDate] = useState(entry.date);
  const [error, setError] = useState<string | null>(null);

  function submit(e: FormEvent) {
    e.preventDefault();
    if (!DATE.test(date)) return setError('must be a date');
    if (date === entry.date) return setError('pick another day');
    if (bounds && (date < bounds.min || date > bounds.max)) return setError(`must be between ${bounds.min} and ${bounds.max}`);
    setError(null);
    setOpened(false);
    onMove?.(entry, date);
  }

  return (
    <Popover opened={opened} onChange={setOpened} width={320} position="bottom-start" withArrow shadow="md" trapFocus hideDetached={false}>
      <Popover.Target>
        <UnstyledButton
          onClick={() => {
            setDate(entry.date);
            setOpened((o) => !o);
          }}
          draggable={!!onMove}
          onDragStart={(e: DragEvent) => {
            e.dataTransfer.setData('text/x-entry-id', entry.id);
            e.dataTransfer.effectAllowed = 'move';
          }}
          aria-label={`${platformLabel(entry.platform)} ${entry.time}: ${entry.topic} (${entry.status})`}
          data-entry-id={entry.id}
          data-status={entry.status}
          w="100%"
        >
          <Paper withBorder px={6} py={compact ? 2 : 6} radius="sm" style={{ borderLeft: `4px solid var(--mantine-color-${statusColor(entry.status)}-6)` }}>
            <Group gap={4} wrap="nowrap" justify="space-between">
              <Text size="xs" fw={600} truncate>
                {entry.time} {platformLabel(entry.platform)}
              </Text>
              <Badge size="xs" variant="light" color={statusColor(entry.status)}>
                {entry.status}
              </Badge>
            </Group>
            <Text size="xs" lineClamp={compact ? 1 : 3}>
              {entry.topic}
            </Text>
          </Paper>
        </UnstyledButton>
      </Popover.Target>
      <Popover.Dropdown>
        <Stack gap="xs">
          <Text fw={600} size="sm">
            {entry.topic}
          </Text>
          <Text size="xs" c="dimmed">
            {formatDay(entry.date)} at {entry.time} ({entry.timezone}) · {platformLabel(entry.platform)}
          </Text>
          <Group gap={4}>
            <Badge size="sm" variant="light" color={statusColor(entry.status)}>
              {entry.status}
            </Badge>
            {entry.pillar && <Badge size="sm" variant="outline">{entry.pillar}</Badge>}
            {entry.format && <Badge size="sm" variant="outline">{humanize(entry.format)}</Badge>}
          </Group>
          {entry.contentId ? (
            <Anchor component={Link} to={`/content/${entry.contentId}`} size="sm">
              Open the content
            </Anchor>
          ) : (
            <Text size="xs" c="dimmed">
              The creation agent has not written this post yet.
            </Text>
          )}
          {onMove && (
            <form onSubmit={submit} aria-label={`Move “${entry.topic}”`}>
              <Group align="flex-end" gap="xs">
                <TextInput type="date" label="Move to" size="xs" min={bounds?.min} max={bounds?.max} value={date} error={error} onChange={(e) => setDate(e.currentTarget.value)} style={{ flex: 1 }} />
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

function DayCell({ date, entries, onMove, outside, compact, today, lookup, bounds }: { date: string; entries: CalendarEntry[]; onMove?: Props['onMove']; outside: boolean; compact: boolean; today: boolean; lookup(id: string): CalendarEntry | undefined; bounds?: Props['bounds'] }) {
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
        if (droppable && moved && moved.date !== date) onMove?.(moved, date);
      }}
    >
      <Text size="xs" fw={today ? 700 : 400} c={outside ? 'dimmed' : today ? 'indigo' : undefined} mb={4}>
        {compact ? Number(date.slice(8)) : formatDay(date, { weekday: 'short', day: 'numeric', month: 'short' })}
      </Text>
      <Stack gap={4}>
        {entries.map((e) => (
          <EntryChip key={e.id} entry={e} onMove={onMove} compact={compact} bounds={bounds} />
        ))}
      </Stack>
    </Box>
  );
}

/** The campaign's content calendar, month or week, with every entry's status; entries move by drag and drop or by their "Move to" form (keyboard). */
export function CalendarView({ entries, anchor, onAnchorChange, mode, onModeChange, onMove, bounds }: Props) {
  const byDate = new Map<string, CalendarEntry[]>();
  for (const e of [...entries].sort((a, b) => a.time.localeCompare(b.time))) byDate.set(e.date, [...(byDate.get(e.date) ?? []), e]);
  // A drop lands in another cell than the one the chip came from: the cells find it by id here.
  const all = new Map(entries.map((e) => [e.id, e]));
  const lookup = (id: string) => all.get(id);
  const today = new Date().toISOString().slice(0, 10);
  const rows = mode === 'month' ? monthGrid(anchor) : [weekDays(anchor)];
  const month = anchor.slice(0, 7);
  const title = mode === 'month' ? monthLabel(anchor) : `Week of ${formatDay(rows[0][0], { day: 'numeric', month: 'long', year: 'numeric' })}`;
  const step = (n: number) => onAnchorChange(mode === 'month' ? addMonths(anchor, n) : addDays(anchor, 7 * n));

  return (
    <Stack gap="xs">
      <Group justify="space-between">
        <Group gap="xs">
          <ActionIcon variant="default" aria-label={mode === 'month' ? 'Previous month' : 'Previous week'} onClick={() => step(-1)}>
            ‹
          </ActionIcon>
          <ActionIcon variant="default" aria-label={mode === 'month' ? 'Next month' : 'Next week'} onClick={() => step(1)}>
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
          ]}
        />
      </Group>
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
              <DayCell key={d} date={d} entries={byDate.get(d) ?? []} onMove={onMove} outside={mode === 'month' && d.slice(0, 7) !== month} compact={mode === 'month'} today={d === today} lookup={lookup} bounds={bounds} />
            ))}
          </SimpleGrid>
        ))}
      </Box>
    </Stack>
  );
}
