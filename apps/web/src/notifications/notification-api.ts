import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useApi } from '../api/api-context';
import type { Notification } from '../api/types';
import { applyOptimistic } from '../lib/optimistic';

export const notificationsKey = ['notifications'];

interface NotificationList {
  items: Notification[];
  unread: number;
}

/** The user's notifications (publish failures, reconnects, finished jobs), polled every 30 s. */
export function useNotifications() {
  const api = useApi();
  return useQuery({
    queryKey: notificationsKey,
    queryFn: async ({ signal }): Promise<NotificationList> => {
      const data = await api.get<{ items: Notification[]; unreadCount?: number }>('/notifications?limit=50', { signal });
      const items = data.items ?? [];
      return { items, unread: data.unreadCount ?? items.filter((n) => !n.read && !n.readAt).length };
    },
    refetchInterval: 30_000,
    // The bell is in the header: a hiccup there must never take the page to the fallback view.
    throwOnError: false,
    retry: false,
  });
}

/** Marking read shows at once (the count drops); the refetch brings the server's truth. */
export function useMarkRead() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (ids: string[] | 'all') => (ids === 'all' ? api.post('/notifications/read-all') : Promise.all(ids.map((id) => api.post(`/notifications/${id}/read`)))),
    throwOnError: false,
    onMutate: async (ids) => {
      const undo = await applyOptimistic<NotificationList>(queryClient, notificationsKey, (c) => {
        const now = new Date().toISOString();
        const items = c.items.map((n) => (n.readAt || (ids !== 'all' && !ids.includes(n.id)) ? n : { ...n, read: true, readAt: now }));
        return { items, unread: ids === 'all' ? 0 : Math.max(0, c.unread - c.items.filter((n) => !n.readAt && ids.includes(n.id)).length) };
      });
      return { undo };
    },
    onError: (_e, _ids, ctx) => ctx?.undo(),
    onSettled: () => queryClient.invalidateQueries({ queryKey: notificationsKey }),
  });
}

/** Where a notification leads in the UI, from its link or its data. */
export function notificationHref(n: Notification): string | null {
  // A finished job's link is the API resource: its work shows on the dashboard's activity.
  if (n.link?.startsWith('/api/')) return n.link.startsWith('/api/v1/jobs/') ? '/' : null;
  if (n.link?.startsWith('/')) return n.link;
  const d = n.data ?? {};
  if (typeof d.contentId === 'string') return `/content/${d.contentId}`;
  if (typeof d.campaignId === 'string') return `/campaigns/${d.campaignId}`;
  if (typeof d.connectionId === 'string' || /connection|reconnect/.test(n.kind)) return '/channels';
  if (typeof d.messageId === 'string') return '/inbox';
  return null;
}
