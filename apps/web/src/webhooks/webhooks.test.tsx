import { notifications } from '@mantine/notifications';
import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import type { WebhookDelivery, WebhookSubscription } from '../api/types';
import { BRAND, fakeFetch, json, problem, sessionRoutes } from '../test/fake-api';
import { renderApp } from '../test/render';

const URL_A = 'https://hooks.example.com/marketing';
const URL_B = 'https://crm.example.org/in';

const webhook = (id: string, extra: Partial<WebhookSubscription> = {}): WebhookSubscription => ({
  id,
  brandId: BRAND.id,
  url: URL_A,
  events: ['content.published'],
  status: 'active',
  disabledReason: null,
  disabledAt: null,
  createdAt: '2026-11-20T09:30:00.000Z',
  ...extra,
});

const delivery = (id: string, extra: Partial<WebhookDelivery> = {}): WebhookDelivery => ({
  id,
  webhookId: 'w1',
  messageId: `msg_${id}`,
  eventType: 'content.published',
  status: 'delivered',
  attempts: 1,
  lastStatusCode: 200,
  lastError: null,
  nextAttemptAt: null,
  deliveredAt: '2026-11-23T14:00:00.000Z',
  replayOf: null,
  createdAt: '2026-11-23T14:00:00.000Z',
  ...extra,
});

function routes(extra: Parameters<typeof fakeFetch>[0] = {}, items: WebhookSubscription[] = []) {
  return fakeFetch({
    ...sessionRoutes(),
    'GET /webhooks': () => json(200, { items, nextCursor: null }),
    ...extra,
  });
}

const subscription = (url: string) => screen.findByRole('region', { name: url });
const newWebhookForm = () => screen.findByRole('form', { name: 'New webhook' });

describe('webhooks page', () => {
  afterEach(() => act(() => notifications.clean()));

  it('creates a webhook: the secret is shown once with a copy button, and the new subscription is listed', async () => {
    const server: WebhookSubscription[] = [];
    const posted: unknown[] = [];
    // The list asked again after the create answers only when released: until then the page shows what the create answered.
    let releaseList: (() => void) | null = null;
    const api = routes({
      'GET /webhooks': () => {
        const answer = () => json(200, { items: server, nextCursor: null });
        return posted.length ? new Promise<Response>((r) => (releaseList = () => r(answer()))) : answer();
      },
      'POST /webhooks': (req) => {
        posted.push(req.body);
        const body = req.body as { url: string; events: string[] };
        const created = webhook('w-new', { url: body.url, events: body.events });
        server.push(created);
        return json(201, { ...created, secret: 'whsec_c2VjcmV0LW9uY2U=' });
      },
    });
    const { queryClient } = renderApp({ path: '/webhooks', fetch: api.fetch, signedIn: true });
    const user = userEvent.setup();
    expect(await screen.findByRole('heading', { level: 2, name: `Webhooks — ${BRAND.name}` })).toBeInTheDocument();
    expect(await screen.findByText(/No webhook yet/)).toBeInTheDocument();
    const form = within(await newWebhookForm());

    // Checked before sending, as the API would.
    await user.click(form.getByRole('button', { name: 'Create webhook' }));
    expect(form.getAllByText('is required')).toHaveLength(2);
    expect(posted).toHaveLength(0);

    await user.type(form.getByLabelText(/^Endpoint URL/), URL_A);
    // Ticked out of order: sent in the catalogue's order.
    await user.click(form.getByRole('checkbox', { name: /content\.publish_failed/ }));
    await user.click(form.getByRole('checkbox', { name: /^content\.published/ }));
    await user.click(form.getByRole('button', { name: 'Create webhook' }));

    const secret = await screen.findByRole('status', { name: 'Copy the signing secret now' });
    expect(within(secret).getByText('Copy the signing secret now')).toBeInTheDocument();
    expect(within(secret).getByText('whsec_c2VjcmV0LW9uY2U=')).toBeInTheDocument();
    expect(within(secret).getByText(/You will not see it again/)).toBeInTheDocument();
    expect(within(secret).getByRole('button', { name: 'Copy secret' })).toBeInTheDocument();

    const created = within(await subscription(URL_A));
    expect(created.getByText('Active')).toBeInTheDocument();
    expect(created.getByText('content.published')).toBeInTheDocument();
    expect(created.getByText('content.publish_failed')).toBeInTheDocument();
    expect(created.getByText('Created Fri 20 Nov, 09:30')).toBeInTheDocument();
    expect(posted).toEqual([{ brandId: BRAND.id, url: URL_A, events: ['content.published', 'content.publish_failed'] }]);
    // The form is empty again for the next one.
    expect(form.getByLabelText(/^Endpoint URL/)).toHaveValue('');

    // The secret is on screen only: not in the cached list, not in a draft.
    expect(
      JSON.stringify(
        queryClient
          .getQueryCache()
          .getAll()
          .map((q) => q.state.data),
      ),
    ).not.toContain('whsec_');
    expect(JSON.stringify({ ...window.sessionStorage })).not.toContain('whsec_');
    await waitFor(() => expect(releaseList).not.toBeNull());
    act(() => releaseList?.());
    await waitFor(() => expect(queryClient.isFetching()).toBe(0));
    expect(screen.getByRole('region', { name: URL_A })).toBeInTheDocument();

    // Once dismissed, it is gone for good, from the page and from memory.
    await user.click(within(secret).getByRole('button', { name: 'I have saved it' }));
    await waitFor(() => expect(screen.queryByText('whsec_c2VjcmV0LW9uY2U=')).not.toBeInTheDocument());
    expect(screen.getByRole('region', { name: URL_A })).toBeInTheDocument();
    await waitFor(() =>
      expect(
        JSON.stringify(
          queryClient
            .getMutationCache()
            .getAll()
            .map((m) => m.state.data),
        ),
      ).not.toContain('whsec_'),
    );
  });

  it('checks the URL with the API’s webhook shape before sending (a port out of range is not a URL)', async () => {
    const api = routes();
    renderApp({ path: '/webhooks', fetch: api.fetch, signedIn: true });
    const user = userEvent.setup();
    const form = within(await newWebhookForm());
    await user.type(form.getByLabelText(/^Endpoint URL/), 'https://hooks.example.com:99999/in');
    await user.click(form.getByRole('checkbox', { name: /^content\.approved/ }));
    await user.click(form.getByRole('button', { name: 'Create webhook' }));

    expect(await form.findByText('must be an http(s) URL')).toBeInTheDocument();
    expect(form.getByLabelText(/^Endpoint URL/)).toHaveAttribute('aria-invalid', 'true');
    expect(api.calls.some((c) => c.method === 'POST' && c.path === '/webhooks')).toBe(false);
  });

  it('shows the server’s field error on the URL field', async () => {
    const api = routes({
      'POST /webhooks': () =>
        problem(400, 'VALIDATION_FAILED', {
          detail: 'url must resolve to public addresses only',
          errors: [{ field: 'url', message: 'must resolve to public addresses only' }],
        }),
    });
    renderApp({ path: '/webhooks', fetch: api.fetch, signedIn: true });
    const user = userEvent.setup();
    const form = within(await newWebhookForm());
    await user.type(form.getByLabelText(/^Endpoint URL/), 'http://10.0.0.5/hook');
    await user.click(form.getByRole('checkbox', { name: /^content\.approved/ }));
    await user.click(form.getByRole('button', { name: 'Create webhook' }));

    expect(await form.findByText('must resolve to public addresses only')).toBeInTheDocument();
    expect(form.getByLabelText(/^Endpoint URL/)).toHaveAttribute('aria-invalid', 'true');
    expect(form.getByLabelText(/^Endpoint URL/)).toHaveAccessibleDescription(/must resolve to public addresses only/);
    expect(form.getByRole('group', { name: /Events/ })).not.toHaveAccessibleDescription(/must resolve/);
    expect(screen.queryByText('Copy the signing secret now')).not.toBeInTheDocument();
    expect(screen.getByText(/No webhook yet/)).toBeInTheDocument();
  });

  it('shows a turned-off webhook with its reason and date; “Turn on again” makes it active', async () => {
    const reason = 'The receiver answered 410 Gone: it asks us to stop.';
    let server = webhook('w1', { status: 'disabled', disabledReason: reason, disabledAt: '2026-11-23T14:00:00.000Z' });
    const enabled: string[] = [];
    const api = fakeFetch({
      ...sessionRoutes(),
      'GET /webhooks': () => json(200, { items: [server], nextCursor: null }),
      'POST /webhooks/w1/enable': (req) => {
        enabled.push(req.path);
        server = { ...server, status: 'active', disabledReason: null, disabledAt: null };
        return json(200, server);
      },
    });
    renderApp({ path: '/webhooks', fetch: api.fetch, signedIn: true });
    const user = userEvent.setup();
    const card = within(await subscription(URL_A));
    expect(card.getByText('Turned off')).toBeInTheDocument();
    expect(card.getByText('Turned off Mon 23 Nov, 14:00')).toBeInTheDocument();
    expect(card.getByText(reason)).toBeInTheDocument();
    expect(card.queryByText('Active')).not.toBeInTheDocument();

    await user.click(card.getByRole('button', { name: `Turn on again ${URL_A}` }));
    expect(await card.findByText('Active')).toBeInTheDocument();
    expect(card.queryByText('Turned off')).not.toBeInTheDocument();
    expect(card.queryByText(reason)).not.toBeInTheDocument();
    expect(card.queryByRole('button', { name: /Turn on again/ })).not.toBeInTheDocument();
    expect(await screen.findByText(`The webhook to ${URL_A} is on again.`)).toBeInTheDocument();
    expect(enabled).toEqual(['/webhooks/w1/enable']);
  });

  it('lists a webhook’s deliveries, loads more with the cursor, and a replay adds the new delivery on top', async () => {
    const failed = delivery('d2', {
      status: 'failed',
      attempts: 8,
      lastStatusCode: 503,
      lastError: 'Service Unavailable',
      deliveredAt: null,
      createdAt: '2026-11-24T08:05:00.000Z',
      eventType: 'content.publish_failed',
    });
    const delivered = delivery('d1');
    const retrying = delivery('d0', {
      status: 'pending',
      attempts: 2,
      lastStatusCode: 429,
      lastError: 'Too Many Requests',
      deliveredAt: null,
      nextAttemptAt: '2026-11-24T08:05:00.000Z',
      eventType: 'campaign.planned',
    });
    const replayed = delivery('d3', {
      status: 'pending',
      attempts: 0,
      lastStatusCode: null,
      deliveredAt: null,
      replayOf: 'd2',
      eventType: 'content.publish_failed',
      createdAt: '2026-11-24T08:05:00.000Z',
    });
    const listed: string[] = [];
    const replays: string[] = [];
    const api = routes(
      {
        'GET /webhooks/w1/deliveries': (req) => {
          listed.push(req.path);
          return req.path.includes('cursor=c2')
            ? json(200, { items: [retrying], nextCursor: null })
            : json(200, { items: [failed, delivered], nextCursor: 'c2' });
        },
        'POST /webhooks/w1/deliveries/d2/replay': (req) => {
          replays.push(req.path);
          return json(201, replayed);
        },
      },
      [webhook('w1'), webhook('w2', { url: URL_B })],
    );
    renderApp({ path: '/webhooks', fetch: api.fetch, signedIn: true });
    const user = userEvent.setup();
    const card = within(await subscription(URL_A));
    expect(listed).toHaveLength(0);
    await user.click(card.getByRole('button', { name: 'Show deliveries' }));

    const log = within(await card.findByRole('table', { name: `Deliveries to ${URL_A}` }));
    const rows = () => log.getAllByRole('row').slice(1);
    expect(rows()).toHaveLength(2);
    const first = within(rows()[0]);
    expect(first.getByText('content.publish_failed')).toBeInTheDocument();
    expect(first.getByText('Failed')).toBeInTheDocument();
    expect(first.getByText('8')).toBeInTheDocument();
    expect(first.getByText('503')).toBeInTheDocument();
    expect(first.getByText('Service Unavailable')).toBeInTheDocument();
    const second = within(rows()[1]);
    expect(second.getByText('Delivered')).toBeInTheDocument();
    expect(second.getByText('200')).toBeInTheDocument();
    expect(second.getByText('Delivered Mon 23 Nov, 14:00')).toBeInTheDocument();
    expect(listed).toEqual(['/webhooks/w1/deliveries?limit=20']);

    await user.click(card.getByRole('button', { name: 'Load more' }));
    await waitFor(() => expect(rows()).toHaveLength(3));
    const third = within(rows()[2]);
    expect(third.getByText('campaign.planned')).toBeInTheDocument();
    expect(third.getByText('Pending')).toBeInTheDocument();
    expect(third.getByText('Too Many Requests')).toBeInTheDocument();
    expect(third.getByText('Next attempt Tue 24 Nov, 08:05')).toBeInTheDocument();
    expect(listed[1]).toBe('/webhooks/w1/deliveries?limit=20&cursor=c2');
    expect(card.queryByRole('button', { name: 'Load more' })).not.toBeInTheDocument();

    await user.click(first.getByRole('button', { name: 'Replay content.publish_failed of Tue 24 Nov, 08:05' }));
    await waitFor(() => expect(rows()).toHaveLength(4));
    const top = within(rows()[0]);
    expect(top.getByText('Pending')).toBeInTheDocument();
    expect(top.getByText('Tue 24 Nov, 08:05 · replay')).toBeInTheDocument();
    expect(top.getByText('0')).toBeInTheDocument();
    expect(within(rows()[1]).getByText('Failed')).toBeInTheDocument();
    expect(await screen.findByText('A new content.publish_failed delivery is queued, with the same webhook-id.')).toBeInTheDocument();
    expect(replays).toEqual(['/webhooks/w1/deliveries/d2/replay']);
    // The other subscription's log stays closed and unasked.
    expect(within(await subscription(URL_B)).getByRole('button', { name: 'Show deliveries' })).toHaveAttribute('aria-expanded', 'false');
    expect(listed.every((p) => p.startsWith('/webhooks/w1/'))).toBe(true);
  });

  it('deletes a webhook only once confirmed', async () => {
    let server = [webhook('w1'), webhook('w2', { url: URL_B })];
    const deleted: string[] = [];
    const api = routes({
      'GET /webhooks': () => json(200, { items: server, nextCursor: null }),
      'DELETE /webhooks/w2': (req) => {
        deleted.push(req.path);
        server = server.filter((w) => w.id !== 'w2');
        return new Response(null, { status: 204 });
      },
    });
    renderApp({ path: '/webhooks', fetch: api.fetch, signedIn: true });
    const user = userEvent.setup();
    await user.click(within(await subscription(URL_B)).getByRole('button', { name: `Delete ${URL_B}` }));
    let dialog = within(await screen.findByRole('dialog', { name: 'Delete this webhook?' }));
    expect(dialog.getByText(URL_B)).toBeInTheDocument();
    await user.click(dialog.getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(deleted).toHaveLength(0);
    expect(screen.getByRole('region', { name: URL_B })).toBeInTheDocument();

    await user.click(within(await subscription(URL_B)).getByRole('button', { name: `Delete ${URL_B}` }));
    dialog = within(await screen.findByRole('dialog', { name: 'Delete this webhook?' }));
    await user.click(dialog.getByRole('button', { name: 'Delete webhook' }));
    await waitFor(() => expect(screen.queryByRole('region', { name: URL_B })).not.toBeInTheDocument());
    expect(screen.getByRole('region', { name: URL_A })).toBeInTheDocument();
    expect(deleted).toEqual(['/webhooks/w2']);
  });

  it('tells a member who is not an owner that only owners manage webhooks, without forms or calls to the webhook routes', async () => {
    const api = fakeFetch({
      ...sessionRoutes(),
      'GET /brands': () => json(200, { items: [{ ...BRAND, role: 'editor' }], nextCursor: null }),
      'GET /webhooks': () => problem(403, 'FORBIDDEN'),
    });
    renderApp({ path: '/webhooks', fetch: api.fetch, signedIn: true });
    expect(await screen.findByText("Only the brand's owners manage webhooks")).toBeInTheDocument();
    expect(screen.queryByRole('form', { name: 'New webhook' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Create webhook' })).not.toBeInTheDocument();
    expect(screen.queryByRole('heading', { name: 'Subscriptions' })).not.toBeInTheDocument();
    expect(api.calls.some((c) => c.path.startsWith('/webhooks'))).toBe(false);
  });

  it('shows the same explanation when the API refuses the list (a role that changed since the brands were loaded)', async () => {
    const { role: _role, ...brandWithoutRole } = BRAND;
    const api = fakeFetch({
      ...sessionRoutes(),
      'GET /brands': () => json(200, { items: [brandWithoutRole], nextCursor: null }),
      'GET /webhooks': () => problem(403, 'FORBIDDEN', { detail: 'Only owners of this brand may do this' }),
    });
    renderApp({ path: '/webhooks', fetch: api.fetch, signedIn: true });
    expect(await screen.findByText("Only the brand's owners manage webhooks")).toBeInTheDocument();
    expect(screen.queryByRole('form', { name: 'New webhook' })).not.toBeInTheDocument();
  });
});
