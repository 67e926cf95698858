import { useMutation, useQueryClient, type QueryKey } from '@tanstack/react-query';
import { notifications } from '@mantine/notifications';
import { ApiError } from '../api/problem';

/**
 * Applies `apply` to the cached data under `key` now and returns the undo. Used where waiting for
 * the server would feel slow: approve, select a variant, move a calendar entry.
 */
export async function applyOptimistic<T>(queryClient: ReturnType<typeof useQueryClient>, key: QueryKey, apply: (current: T) => T): Promise<() => void> {
  await queryClient.cancelQueries({ queryKey: key });
  const previous = queryClient.getQueryData<T>(key);
  if (previous !== undefined) queryClient.setQueryData<T>(key, apply(previous));
  return () => queryClient.setQueryData<T>(key, previous);
}

/**
 * A mutation whose effect shows at once; if the server refuses, the cache goes back to what it
 * was and the user is told why. The query is refetched either way so the truth wins.
 */
export function useOptimisticMutation<T, V>(opts: {
  /** The cached data to change: fixed, or found from the variables (e.g. the entry's own campaign). */
  queryKey: QueryKey | ((vars: V) => QueryKey);
  mutationFn: (vars: V) => Promise<unknown>;
  apply: (current: T, vars: V) => T;
  /** e.g. "The variant could not be selected" */
  failureTitle: string;
}) {
  const queryClient = useQueryClient();
  const keyOf = (vars: V): QueryKey => (typeof opts.queryKey === 'function' ? opts.queryKey(vars) : opts.queryKey);
  return useMutation({
    mutationFn: opts.mutationFn,
    // A refusal is expected here: rolled back and explained, never the fallback view.
    throwOnError: false,
    onMutate: async (vars: V) => ({ undo: await applyOptimistic<T>(queryClient, keyOf(vars), (c) => opts.apply(c, vars)) }),
    onError: (error, _vars, ctx) => {
      ctx?.undo();
      notifications.show({
        color: 'red',
        title: opts.failureTitle,
        message: `${error instanceof ApiError ? error.message : 'The server could not be reached.'} Your change was undone.`,
      });
    },
    onSettled: (_d, _e, vars) => queryClient.invalidateQueries({ queryKey: keyOf(vars) }),
  });
}
