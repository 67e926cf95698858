import { useQuery } from '@tanstack/react-query';
import { useApi } from '../api/api-context';
import type { ApiClient } from '../api/client';
import type { CalendarEntry, Campaign, Page, Recommendation } from '../api/types';
import { MoveEntryShape } from '@mt/contracts/shapes/calendar.shapes';
import { ApiError } from '../api/problem';
import { useOptimisticMutation } from '../lib/optimistic';
import { requestIssues } from '../lib/validation';

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

/** `PATCH /calendar/{id}`'s body: the time only when it changes (given, even empty, it is checked). */
export const moveBody = (date: string, time?: string) => (time === undefined ? { date } : { date, time });

/** The move's body checked with `MoveEntryShape` (ADR 210): the shape's first message per field, none when it passes. */
export const moveIssues = (date: string, time?: string) => requestIssues(MoveEntryShape, moveBody(date, time));

/**
 * Moves an entry (of any campaign) to another day and time at once; a refusal puts it back and says
 * why (ADR 042). A body the shape refuses (a drop or a key press that made no date) is refused here,
 * in the shape's words, and never sent.
 */
export function useMoveEntry() {
  const api = useApi();
  return useOptimisticMutation<CalendarEntry[], MoveVars>({
    queryKey: ({ entry }) => calendarKey(entry.campaignId),
    mutationFn: async ({ entry, date, time }) => {
      const issues = Object.entries(moveIssues(date, time));
      if (issues.length > 0) {
        // The problem the API would answer, so the refusal reads as one.
        const errors = issues.map(([field, message]) => ({ field, message }));
        const detail = errors.map((e) => `${e.field}: ${e.message}`).join('; ');
        throw new ApiError({ title: 'Bad Request', status: 400, code: 'VALIDATION_FAILED', detail, errors });
      }
      return api.patch(`/calendar/${entry.id}`, moveBody(date, time));
    },
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
