import { useQuery } from '@tanstack/react-query';
import { useApi } from '../api/api-context';
import type { Connection, Content, ContentVersion, ContentVariant, ScheduleItem } from '../api/types';
import { itemsOf } from '../campaigns/campaign-api';
import { useOptimisticMutation } from '../lib/optimistic';

export const contentKey = (id: string) => ['content', id];
export const GENERATE_JOB_KINDS = ['content.generate'];

export function useContent(id: string, opts: { refetchInterval?: number | false } = {}) {
  const api = useApi();
  return useQuery({ queryKey: contentKey(id), queryFn: ({ signal }) => api.get<Content>(`/content/${id}`, { signal }), refetchInterval: opts.refetchInterval });
}

export function useVersions(id: string, version: number | undefined) {
  const api = useApi();
  return useQuery({
    queryKey: [...contentKey(id), 'versions', version],
    enabled: version !== undefined,
    queryFn: async ({ signal }) =>
      itemsOf<ContentVersion>(await api.get<unknown>(`/content/${id}/versions`, { signal }), 'versions').sort((a, b) => b.version - a.version),
    throwOnError: false,
  });
}

/** Shows the chosen variant as the post at once (its text becomes the body); rolled back if refused. */
export function useSelectVariant(id: string) {
  const api = useApi();
  return useOptimisticMutation<Content, ContentVariant>({
    queryKey: contentKey(id),
    mutationFn: (v) => api.post(`/content/${id}/variants/${v.id}/select`),
    apply: (c, v) => ({ ...c, selectedVariantId: v.id, body: v.body, hashtags: v.hashtags }),
    failureTitle: 'The variant could not be selected',
  });
}

export function useApprove(id: string) {
  const api = useApi();
  return useOptimisticMutation<Content, void>({
    queryKey: contentKey(id),
    mutationFn: () => api.post(`/content/${id}/approve`),
    apply: (c) => ({ ...c, status: 'approved', approvedAt: new Date().toISOString() }),
    failureTitle: 'The post could not be approved',
  });
}

export function useConnections(brandId: string | undefined) {
  const api = useApi();
  return useQuery({
    queryKey: ['connections', brandId],
    enabled: !!brandId,
    queryFn: async ({ signal }) => itemsOf<Connection>(await api.get<unknown>(`/connections?brandId=${brandId}&limit=100`, { signal }), 'connections'),
    throwOnError: false,
  });
}

/** The schedule rows of one post (one per connection), newest first. */
export function useContentSchedule(content: Content | undefined, watching = false) {
  const api = useApi();
  return useQuery({
    queryKey: ['schedule', content?.brandId, content?.id],
    enabled: !!content && ['scheduled', 'published', 'failed'].includes(content.status),
    queryFn: async ({ signal }) =>
      itemsOf<ScheduleItem>(await api.get<unknown>(`/schedule?brandId=${content?.brandId}`, { signal }), 'items')
        .filter((s) => s.contentId === content?.id)
        .sort((a, b) => b.at.localeCompare(a.at)),
    refetchInterval: (q) => (watching || (q.state.data ?? []).some((s) => s.status === 'publishing') ? 1500 : false),
    throwOnError: false,
  });
}
