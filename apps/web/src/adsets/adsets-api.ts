import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useApi } from '../api/api-context';
import type { AdSet, AdSetInput, AdSetStatus } from '../api/types';
import { itemsOf } from '../campaigns/campaign-api';
import { useOptimisticMutation } from '../lib/optimistic';

export const adSetsKey = (campaignId: string) => ['adsets', campaignId];

export type BudgetChanges = Pick<AdSetInput, 'dailyBudget' | 'totalBudget'>;
export interface SpendInput {
  amount: number;
  /** The day the money was spent (YYYY-MM-DD). */
  date: string;
}

export function useAdSets(campaignId: string) {
  const api = useApi();
  return useQuery({
    queryKey: adSetsKey(campaignId),
    queryFn: async ({ signal }) => itemsOf<AdSet>(await api.get<unknown>(`/campaigns/${campaignId}/adsets`, { signal })),
    // A section of the campaign page: its failure is shown in place and must not take the calendar down.
    throwOnError: false,
  });
}

/** 32-bit FNV-1a of a string, in base 36: short and ASCII, as an Idempotency-Key must be. */
function fingerprint(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(36);
}

/**
 * An Idempotency-Key per open form and request body: sending the same body again from the same
 * form (a double submit, a retry after a lost answer) replays the first answer instead of creating
 * a second ad set or counting the spend twice; a corrected body is a new request with a new key.
 */
export function useRequestKey(): (body: unknown) => string {
  const [formId] = useState(() => crypto.randomUUID());
  return (body) => `${formId}.${fingerprint(JSON.stringify(body))}`;
}

/** The server answers with the whole ad set, pacing included: it replaces the one in the list. */
function useReplaceInList(campaignId: string) {
  const queryClient = useQueryClient();
  return (saved: AdSet) => {
    queryClient.setQueryData<AdSet[]>(adSetsKey(campaignId), (list) => list?.map((a) => (a.id === saved.id ? saved : a)));
    void queryClient.invalidateQueries({ queryKey: adSetsKey(campaignId) });
  };
}

export function useCreateAdSet(campaignId: string) {
  const api = useApi();
  const queryClient = useQueryClient();
  const requestKey = useRequestKey();
  return useMutation({
    mutationFn: (input: AdSetInput) => api.post<AdSet>(`/campaigns/${campaignId}/adsets`, input, { idempotencyKey: requestKey(input) }),
    onSuccess: (saved) => {
      queryClient.setQueryData<AdSet[]>(adSetsKey(campaignId), (list) => (list ? [...list.filter((a) => a.id !== saved.id), saved] : list));
      void queryClient.invalidateQueries({ queryKey: adSetsKey(campaignId) });
    },
  });
}

export function useUpdateBudgets(campaignId: string, adSetId: string) {
  const api = useApi();
  const replace = useReplaceInList(campaignId);
  return useMutation({
    mutationFn: (changes: Partial<BudgetChanges>) => api.patch<AdSet>(`/adsets/${adSetId}`, changes),
    onSuccess: replace,
  });
}

export function useRecordSpend(campaignId: string, adSetId: string) {
  const api = useApi();
  const replace = useReplaceInList(campaignId);
  const requestKey = useRequestKey();
  return useMutation({
    mutationFn: (spend: SpendInput) => api.post<AdSet>(`/adsets/${adSetId}/spend`, spend, { idempotencyKey: requestKey(spend) }),
    onSuccess: replace,
  });
}

export type StatusAction = 'activate' | 'pause' | 'resume';

/** The status moves the page offers (the API's draft → active ⇄ paused); completion is left to the API. */
export const STATUS_ACTIONS: Record<StatusAction, { from: AdSetStatus; to: AdSetStatus; label: string; failureTitle: string }> = {
  activate: { from: 'draft', to: 'active', label: 'Activate', failureTitle: 'The ad set could not be activated' },
  pause: { from: 'active', to: 'paused', label: 'Pause', failureTitle: 'The ad set could not be paused' },
  resume: { from: 'paused', to: 'active', label: 'Resume', failureTitle: 'The ad set could not be resumed' },
};

export const statusActionOf = (status: AdSetStatus): StatusAction | null =>
  (Object.keys(STATUS_ACTIONS) as StatusAction[]).find((k) => STATUS_ACTIONS[k].from === status) ?? null;

/** Pause, resume or activate at once; a refusal puts the status back and says why. */
export function useAdSetStatus(campaignId: string, action: StatusAction) {
  const api = useApi();
  const { to, failureTitle } = STATUS_ACTIONS[action];
  return useOptimisticMutation<AdSet[], AdSet>({
    queryKey: adSetsKey(campaignId),
    mutationFn: (adSet) => api.patch<AdSet>(`/adsets/${adSet.id}`, { status: to }),
    apply: (list, adSet) => list.map((a) => (a.id === adSet.id ? { ...a, status: to } : a)),
    failureTitle,
  });
}

/** One mutation per move, so a pending pause keeps its own failure message while the row already offers "Resume". */
export function useStatusChanges(campaignId: string): Record<StatusAction, ReturnType<typeof useAdSetStatus>> {
  return {
    activate: useAdSetStatus(campaignId, 'activate'),
    pause: useAdSetStatus(campaignId, 'pause'),
    resume: useAdSetStatus(campaignId, 'resume'),
  };
}
