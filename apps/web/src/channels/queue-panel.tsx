import { ActionIcon, Alert, Button, Card, Group, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import type { QueueSlot, QueueView, QueueWeekday } from '@mt/contracts/publishing/scheduling.contract';
import type { QueueSuggestions } from '@mt/contracts/publishing/performance.contract';
import { QueueSlotsShape } from '@mt/contracts/shapes/schedule.shapes';
import { useApi } from '../api/api-context';
import type { Brand, Connection } from '../api/types';
import { formatClock, formatInstant } from '../lib/dates';
import { refusalOf } from '../shell/query-state';

const WEEKDAYS: { value: QueueWeekday; label: string }[] = [
  { value: 'mon', label: 'Monday' },
  { value: 'tue', label: 'Tuesday' },
  { value: 'wed', label: 'Wednesday' },
  { value: 'thu', label: 'Thursday' },
  { value: 'fri', label: 'Friday' },
  { value: 'sat', label: 'Saturday' },
  { value: 'sun', label: 'Sunday' },
];
const dayLabel = (d: string) => WEEKDAYS.find((w) => w.value === d)?.label ?? d;

/**
 * The slots checked with the request's shape (ADR 210), as publishing-agent checks them: the
 * shape's first message per slot (a time HH:mm, each weekday and time once), and under `form` a
 * refusal of the whole list (more than 100 slots).
 */
export function slotIssues(slots: QueueSlot[]): Partial<Record<number | 'form', string>> {
  const out: Partial<Record<number | 'form', string>> = {};
  const parsed = QueueSlotsShape.safeParse({ slots });
  if (parsed.success) return out;
  for (const issue of parsed.error.issues) {
    const at = typeof issue.path[1] === 'number' ? issue.path[1] : 'form';
    if (!(at in out)) out[at] = issue.message;
  }
  return out;
}

/**
 * A connection's posting queue (ADR 147): its weekly slots in the brand's time zone, the posts
 * queued on them in order, and best-time suggestions from the brand's measured posts (ADR 148).
 */
export function QueuePanel({ brand, connections }: { brand: Brand; connections: Connection[] }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const [connectionId, setConnectionId] = useState<string | null>(connections[0]?.id ?? null);
  const [slots, setSlots] = useState<QueueSlot[]>([]);
  const [issues, setIssues] = useState<Partial<Record<number | 'form', string>>>({});
  const key = ['queue', connectionId];
  const queue = useQuery({
    queryKey: key,
    enabled: !!connectionId,
    queryFn: ({ signal }) => api.get<QueueView>(`/connections/${connectionId}/queue`, { signal }),
    throwOnError: false,
  });
  const suggestions = useQuery({
    queryKey: ['queue-suggestions', connectionId],
    enabled: !!connectionId,
    queryFn: ({ signal }) => api.get<QueueSuggestions>(`/connections/${connectionId}/queue/suggestions`, { signal }),
    throwOnError: false,
  });
  useEffect(() => {
    if (queue.data) setSlots(queue.data.slots);
  }, [queue.data]);
  useEffect(() => {
    if (!connections.some((c) => c.id === connectionId)) setConnectionId(connections[0]?.id ?? null);
  }, [connections, connectionId]);
  const save = useMutation({
    mutationFn: (body: { slots: QueueSlot[] }) => api.request<QueueView>('PUT', `/connections/${connectionId}/queue/slots`, { body }),
    onSuccess: (saved) => {
      queryClient.setQueryData(key, saved);
      notifications.show({ color: 'green', message: 'Queue slots saved.' });
    },
  });
  const remove = useMutation({
    mutationFn: (contentId: string) => api.delete(`/content/${contentId}/queue?connectionId=${connectionId}`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: key }),
  });
  if (connections.length === 0) return null;
  const canEdit = brand.role === 'owner' || brand.role === 'editor';
  const timezone = queue.data?.timezone ?? brand.timezone;
  const refusal = (issues.form && `Slots ${issues.form}`) ?? refusalOf(save.error) ?? refusalOf(remove.error) ?? refusalOf(queue.error);

  function submit() {
    const found = slotIssues(slots);
    setIssues(found);
    if (Object.keys(found).length === 0) save.mutate({ slots });
  }

  return (
    <Card withBorder maw={820}>
      <Stack gap="sm">
        <Title order={3} size="h5">
          Posting queues
        </Title>
        <Text size="sm" c="dimmed">
          Weekly times in {timezone}. “Add to queue” puts an approved post on the next free time; removing one moves the later posts up. Posts scheduled at a
          time of their own never move.
        </Text>
        <Select
          label="Channel"
          data={connections.map((c) => ({ value: c.id, label: c.displayName }))}
          value={connectionId}
          onChange={setConnectionId}
          allowDeselect={false}
          maw={320}
        />
        {refusal && (
          <Alert color="red" role="alert">
            {refusal}
          </Alert>
        )}
        <Title order={4} size="h6">
          Slots
        </Title>
        {slots.length === 0 && <Text size="sm">No slots yet.</Text>}
        {slots.map((s, k) => (
          <Group key={k} gap="xs" align="flex-start">
            <Select
              aria-label={`Slot ${k + 1} weekday`}
              data={WEEKDAYS}
              value={s.weekday}
              disabled={!canEdit}
              allowDeselect={false}
              onChange={(v) => setSlots(slots.map((x, j) => (j === k ? { ...x, weekday: (v ?? x.weekday) as QueueWeekday } : x)))}
              w={150}
            />
            <TextInput
              aria-label={`Slot ${k + 1} time`}
              value={s.time}
              placeholder="09:00"
              disabled={!canEdit}
              error={issues[k]}
              onChange={(e) => setSlots(slots.map((x, j) => (j === k ? { ...x, time: e.currentTarget.value } : x)))}
              w={110}
            />
            {canEdit && (
              <ActionIcon variant="subtle" color="red" aria-label={`Remove slot ${k + 1}`} onClick={() => setSlots(slots.filter((_, j) => j !== k))} mt={6}>
                ×
              </ActionIcon>
            )}
          </Group>
        ))}
        {canEdit && (
          <Group>
            <Button size="xs" variant="subtle" onClick={() => setSlots([...slots, { weekday: 'mon', time: '09:00' }])}>
              Add a slot
            </Button>
            <Button size="xs" variant="light" loading={save.isPending} onClick={submit}>
              Save slots
            </Button>
          </Group>
        )}
        <Title order={4} size="h6">
          Queued posts
        </Title>
        {(queue.data?.items ?? []).length === 0 ? (
          <Text size="sm" c="dimmed">
            Nothing queued.
          </Text>
        ) : (
          <Table.ScrollContainer minWidth={420}>
            <Table withTableBorder>
              <Table.Tbody>
                {queue.data?.items.map((i) => (
                  <Table.Tr key={i.id}>
                    <Table.Td>{i.position}</Table.Td>
                    <Table.Td>{formatInstant(i.at, timezone)}</Table.Td>
                    <Table.Td>{i.excerpt}</Table.Td>
                    <Table.Td>
                      {canEdit && (
                        <Button
                          size="xs"
                          variant="subtle"
                          color="red"
                          loading={remove.isPending && remove.variables === i.contentId}
                          onClick={() => remove.mutate(i.contentId)}
                          aria-label={`Remove “${i.excerpt}” from the queue`}
                        >
                          Remove
                        </Button>
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
        <Title order={4} size="h6">
          Suggested times
        </Title>
        {suggestions.data && (
          <>
            <Text size="sm" c={suggestions.data.enoughData ? undefined : 'dimmed'}>
              {suggestions.data.message}
            </Text>
            {suggestions.data.suggestions.map((s) => (
              <Text key={`${s.weekday}${s.time}`} size="sm">
                {dayLabel(s.weekday)} {formatClock(s.time)} — {(s.engagementRate * 100).toFixed(1)} % engagement over {s.posts} posts
              </Text>
            ))}
          </>
        )}
      </Stack>
    </Card>
  );
}
