import { useInfiniteQuery, useMutation, useQuery, useQueryClient, type InfiniteData } from '@tanstack/react-query';
import { useApi } from '../api/api-context';
import type { Page, WebhookDelivery, WebhookSubscription } from '../api/types';
import { itemsOf } from '../campaigns/campaign-api';

export const webhooksKey = (brandId: string) => ['webhooks', brandId];
export const deliveriesKey = (webhookId: string) => ['webhook-deliveries', webhookId];

/** Deliveries asked for per page of the log (the API allows 1–100). */
export const DELIVERIES_PAGE = 20;

export interface WebhookInput {
  url: string;
  events: string[];
}

/** The list never holds a secret: the create answer's secret is shown once and kept out of the cache. */
const withoutSecret = ({ secret: _secret, ...sub }: WebhookSubscription): WebhookSubscription => sub;

/** Every webhook route is owner-only: call it only when the caller owns the brand. */
export function useWebhooks(brandId: string, enabled = true) {
  const api = useApi();
  return useQuery({
    queryKey: webhooksKey(brandId),
    enabled,
    queryFn: async ({ signal }) => itemsOf<WebhookSubscription>(await api.get<unknown>(`/webhooks?brandId=${encodeURIComponent(brandId)}`, { signal })),
  });
}

/**
 * No Idempotency-Key here on purpose: the gateway would keep the answer, secret included, for a
 * day to replay it. The form's button is disabled while the request runs instead.
 */
export function useCreateWebhook(brandId: string) {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: WebhookInput) => api.post<WebhookSubscription>('/webhooks', { brandId, ...input }),
    // Dropped from the mutation cache as soon as the form lets go of it (it resets after handing the secret over).
    gcTime: 0,
    onSuccess: (created) => {
      queryClient.setQueryData<WebhookSubscription[]>(webhooksKey(brandId), (list) =>
        list ? [...list.filter((w) => w.id !== created.id), withoutSecret(created)] : list,
      );
      void queryClient.invalidateQueries({ queryKey: webhooksKey(brandId) });
    },
  });
}

export function useDeleteWebhook(brandId: string) {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.delete(`/webhooks/${id}`),
    onSuccess: (_, id) => {
      queryClient.setQueryData<WebhookSubscription[]>(webhooksKey(brandId), (list) => list?.filter((w) => w.id !== id));
      queryClient.removeQueries({ queryKey: deliveriesKey(id) });
      void queryClient.invalidateQueries({ queryKey: webhooksKey(brandId) });
    },
  });
}

/** Turns a subscription that was turned off back on; the answer replaces it in the list. */
export function useEnableWebhook(brandId: string) {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.post<WebhookSubscription>(`/webhooks/${id}/enable`),
    onSuccess: (saved) => {
      queryClient.setQueryData<WebhookSubscription[]>(webhooksKey(brandId), (list) => list?.map((w) => (w.id === saved.id ? withoutSecret(saved) : w)));
      void queryClient.invalidateQueries({ queryKey: webhooksKey(brandId) });
    },
  });
}

/** The delivery log, newest first, a page at a time (`nextCursor` of the last page fetches the next). */
export function useDeliveries(webhookId: string) {
  const api = useApi();
  return useInfiniteQuery({
    queryKey: deliveriesKey(webhookId),
    initialPageParam: null as string | null,
    queryFn: ({ pageParam, signal }) =>
      api.get<Page<WebhookDelivery>>(
        `/webhooks/${webhookId}/deliveries?limit=${DELIVERIES_PAGE}${pageParam ? `&cursor=${encodeURIComponent(pageParam)}` : ''}`,
        { signal },
      ),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    // A panel inside the page: its failure is shown in place.
    throwOnError: false,
  });
}

/** Replay sends the same body again as a new delivery; it goes on top of the log at once. */
export function useReplayDelivery(webhookId: string) {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (deliveryId: string) => api.post<WebhookDelivery>(`/webhooks/${webhookId}/deliveries/${deliveryId}/replay`),
    onSuccess: (created) => {
      queryClient.setQueryData<InfiniteData<Page<WebhookDelivery>, string | null>>(deliveriesKey(webhookId), (data) =>
        data && data.pages.length
          ? { ...data, pages: [{ ...data.pages[0], items: [created, ...data.pages[0].items.filter((d) => d.id !== created.id)] }, ...data.pages.slice(1)] }
          : data,
      );
    },
  });
}
