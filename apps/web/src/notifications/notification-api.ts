import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useApi } from '../api/api-context';
import { ApiError } from '../api/client';
import type { Notification } from '../api/types';
import { readSse } from '../jobs/sse';
import { applyOptimistic } from '../lib/optimistic';

export const notificationsKey = ['notifications'];

interface NotificationList {
  items: Notification[];
  unread: number;
}

/**
 * The user's notifications (publish failures, reconnects, finished jobs), polled every 30 s, or
 * every 2 minutes while the live stream (useNotificationStream) is open.
 */
export function useNotifications(opts: { live?: boolean } = {}) {
  const api = useApi();
  return useQuery({
    queryKey: notificationsKey,
    queryFn: async ({ signal }): Promise<NotificationList> => {
      const data = await api.get<{ items: Notification[]; unreadCount?: number }>('/notifications?limit=50', { signal });
      const items = data.items ?? [];
      return { items, unread: data.unreadCount ?? items.filter((n) => !n.read && !n.readAt).length };
    },
    refetchInterval: opts.live ? 120_000 : 30_000,
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
    mutationFn: (ids: string[] | 'all') =>
      ids === 'all' ? api.post('/notifications/read-all') : Promise.all(ids.map((id) => api.post(`/notifications/${id}/read`))),
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

const JOB_PAGES: Record<string, string> = {
  'analytics.simulate': '/analytics',
  'brand.insights': '/analytics',
  'campaign.plan': '/campaigns',
  'content.generate': '/content',
  'inbox.reply': '/inbox',
  'brand.voice': '/brands',
  'brand.strategy': '/brands',
};

/** Where a notification leads in the UI, from its link or its data. */
export function notificationHref(n: Notification): string | null {
  // Notifications stored before jobs linked to pages point at the API resource: lead to the page of the job's kind.
  if (n.link?.startsWith('/api/')) return n.link.startsWith('/api/v1/jobs/') ? (JOB_PAGES[String(n.data?.jobKind)] ?? '/') : null;
  if (n.link?.startsWith('/')) return n.link;
  const d = n.data ?? {};
  if (typeof d.contentId === 'string') return `/content/${d.contentId}`;
  if (typeof d.campaignId === 'string') return `/campaigns/${d.campaignId}`;
  if (typeof d.connectionId === 'string' || /connection|reconnect/.test(n.kind)) return '/channels';
  if (typeof d.messageId === 'string') return '/inbox';
  return null;
}

/** What a live notification makes stale, by kind: those pages re-read at once (ADR 143). */
const STALE_BY_KIND: Record<string, (n: Notification) => unknown[][]> = {
  inbox_message: () => [['messages']],
  review_requested: (n) => [['contents'], ['content', n.data?.contentId]],
  comment: (n) => [['content', n.data?.contentId, 'comments']],
  content_published: (n) => [['contents'], ['content', n.data?.contentId], ['schedule']],
  publish_failed: (n) => [['contents'], ['content', n.data?.contentId], ['schedule']],
  campaign_planned: (n) => [['campaigns'], ['calendar', n.data?.campaignId], ['contents'], ['recommendations']],
  connection_needs_reconnect: () => [['connections']],
  job_succeeded: () => [['jobs']],
  job_failed: () => [['jobs']],
};

/** Waits before opening the stream again: soon after a clean end, longer after each failure (to 60 s). */
const reconnectDelay = (failures: number) => (failures === 0 ? 1_000 : Math.min(60_000, 2_000 * 2 ** (failures - 1)));

/**
 * Keeps GET /notifications/events open while the app is (ADR 143): each new notification goes
 * into the bell's list at once and makes its pages re-read; the unread count follows. Read with
 * fetch (an EventSource cannot send the access token). A refusal (4xx other than 429) stops it and
 * the 30 s poll carries on; an ended or broken stream is opened again. Answers whether it is live.
 */
export function useNotificationStream(): boolean {
  const api = useApi();
  const queryClient = useQueryClient();
  const [live, setLive] = useState(false);
  useEffect(() => {
    const abort = new AbortController();
    let failures = 0;
    const onNotification = (n: Notification) => {
      queryClient.setQueryData<NotificationList>(notificationsKey, (c) => (c && !c.items.some((x) => x.id === n.id) ? { ...c, items: [n, ...c.items] } : c));
      for (const key of STALE_BY_KIND[n.kind]?.(n) ?? []) void queryClient.invalidateQueries({ queryKey: key.filter((k) => k !== undefined) });
    };
    const onUnread = (unread: number) => queryClient.setQueryData<NotificationList>(notificationsKey, (c) => (c ? { ...c, unread } : c));
    (async () => {
      while (!abort.signal.aborted) {
        try {
          const res = await api.send('GET', '/notifications/events', { signal: abort.signal, headers: { accept: 'text/event-stream' } });
          if (!res.body || !(res.headers.get('content-type') ?? '').includes('text/event-stream')) throw new Error('not an event stream');
          setLive(true);
          failures = 0;
          for await (const ev of readSse(res.body)) {
            if (abort.signal.aborted) return;
            try {
              const data = JSON.parse(ev.data) as unknown;
              if (ev.event === 'notification') onNotification(data as Notification);
              else if (ev.event === 'unread') onUnread((data as { unreadCount: number }).unreadCount);
            } catch {
              // A malformed event is skipped; the poll carries the truth.
            }
          }
        } catch (e) {
          if (abort.signal.aborted) return;
          if (e instanceof ApiError && e.status >= 400 && e.status < 500 && e.status !== 429) {
            setLive(false);
            return;
          }
          failures += 1;
        }
        setLive(false);
        await new Promise((r) => setTimeout(r, reconnectDelay(failures)));
      }
    })();
    return () => abort.abort();
  }, [api, queryClient]);
  return live;
}
