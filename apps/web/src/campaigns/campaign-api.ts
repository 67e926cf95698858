import { useQuery } from '@tanstack/react-query';
import { useApi } from '../api/api-context';
import type { ApiClient } from '../api/client';
import type { CalendarEntry, Campaign, Page, Recommendation } from '../api/types';
import { useOptimisticMutation } from '../lib/optimistic';

export const campaignKey = (id: string) => ['campaign', id];
export const calendarKey = (id: string) => ['calendar', id];

/** Lists may come as `{ items }`, `{ entries }` or a bare array; the pages only see the array. */
export function itemsOf<T>(data: unknown, field = 'items'): T[] {
  if (Array.isArray(data)) return data as T[];
  if (data && typeof data === 'object') {
    const o = data as Record<string, unknown>;
    for (const f of [field, 'items', 'entries']) if (Array.isArray(o[f])) return o[f] as T[];
  }
  return [];
}

export function useCampaign(id: string) {
  const api = useApi();
  return useQuery({ queryKey: campaignKey(id), queryFn: ({ signal }) => api.get<Campaign>(`/campaigns/${id}`, { signal }) });
}

export const fetchCalendar = async (api: ApiClient, id: string, signal?: AbortSignal) =>
  itemsOf<CalendarEntry>(await api.get<unknown>(`/campaigns/${id}/calendar`, { signal }), 'entries');

export function useCalendar(id: string, opts: { refetchInterval?: number | false } = {}) {
  const api = useApi();
  return useQuery({ queryKey: calendarKey(id), queryFn: ({ signal }) => fetchCalendar(api, id, signal), refetchInterval: opts.refetchInterval });
}

export interface MoveVars {
  entry: CalendarEntry;
  date: string;
  time?: string;
}

/** Moves an entry (of any campaign) to another day and time at once; a refusal puts it back and says why (ADR 042). */
export function useMoveEntry() {
  const api = useApi();
  return useOptimisticMutation<CalendarEntry[], MoveVars>({
    queryKey: ({ entry }) => calendarKey(entry.campaignId),
    mutationFn: ({ entry, date, time }) => api.patch(`/calendar/${entry.id}`, time ? { date, time } : { date }),
    apply: (entries, { entry, date, time }) => entries.map((e) => (e.id === entry.id ? { ...e, date, time: time ?? e.time } : e)),
    failureTitle: 'The entry could not be moved',
  });
}

export function useRecommendations(brandId: string | undefined) {
  const api = useApi();
  return useQuery({
    queryKey: ['recommendations', brandId],
    enabled: !!brandId,
    queryFn: async ({ signal }) =>
      itemsOf<Recommendation>(await api.get<Page<Recommendation> | Recommendation[]>(`/brands/${brandId}/recommendations`, { signal }), 'recommendations'),
    // Recommendations are a side panel: a missing route must not take the page down.
    throwOnError: false,
  });
}
