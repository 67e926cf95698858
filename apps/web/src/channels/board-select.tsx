import { Loader, NativeSelect, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useApi } from '../api/api-context';
import type { BoardList, Connection } from '../api/types';
import { refusalOf } from '../shell/query-state';

/**
 * The board a Pinterest connection pins to (ADR 207): its editors and owners pick another of the
 * account's boards; a secret board is listed but cannot be picked (no one would see its Pins).
 * Viewers see the board's name.
 */
export function BoardSelect({ connection, canChoose }: { connection: Connection; canChoose: boolean }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const key = ['connections', connection.id, 'boards'];
  const boards = useQuery({
    queryKey: key,
    queryFn: ({ signal }) => api.get<BoardList>(`/connections/${connection.id}/boards`, { signal }),
    enabled: connection.status === 'active',
    staleTime: 60_000,
    throwOnError: false,
  });
  const choose = useMutation({
    mutationFn: (boardId: string) => api.patch<Connection>(`/connections/${connection.id}`, { config: { boardId } }),
    onSuccess: (c, boardId) => {
      const name = boards.data?.items.find((b) => b.id === boardId)?.name ?? 'the board';
      notifications.show({ color: 'green', message: `${c.displayName}: Pins now go to ${name}.` });
      void queryClient.invalidateQueries({ queryKey: ['connections'] });
    },
  });

  if (connection.status !== 'active') return null;
  if (boards.isLoading) return <Loader size="xs" aria-label={`Loading the boards of ${connection.displayName}`} />;
  if (!boards.data)
    return (
      <Text size="xs" c="dimmed">
        {refusalOf(boards.error) ?? 'The boards could not be read from Pinterest.'}
      </Text>
    );
  const selected = boards.data.items.find((b) => b.selected);
  const label = `Board for ${connection.displayName}`;
  if (!canChoose)
    return (
      <Text size="xs" c="dimmed">
        Pins go to {selected ? selected.name : 'no board'}
      </Text>
    );
  return (
    <>
      <NativeSelect
        size="xs"
        label="Board"
        aria-label={label}
        value={selected?.id ?? ''}
        disabled={choose.isPending}
        onChange={(e) => choose.mutate(e.currentTarget.value)}
        data={[
          ...(selected ? [] : [{ value: '', label: 'Choose a board', disabled: true }]),
          ...boards.data.items.map((b) => ({
            value: b.id,
            label: b.selectable ? b.name : `${b.name} (secret: cannot be chosen)`,
            disabled: !b.selectable,
          })),
        ]}
      />
      {refusalOf(choose.error) && (
        <Text size="xs" c="red" role="alert">
          {refusalOf(choose.error)}
        </Text>
      )}
    </>
  );
}
