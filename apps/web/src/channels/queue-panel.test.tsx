import { act, screen, waitFor } from '@testing-library/react';
import { notifications } from '@mantine/notifications';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { BRAND, fakeFetch, json, sessionRoutes } from '../test/fake-api';
import { renderApp } from '../test/render';

const connection = {
  id: 'k1',
  brandId: BRAND.id,
  platform: 'webhook',
  displayName: 'Shop feed',
  status: 'active',
  statusReason: null,
  accountId: null,
  expiresAt: null,
  createdAt: '',
  updatedAt: '',
};
const item = (position: number, contentId: string, at: string, excerpt: string) => ({
  id: `s${position}`,
  brandId: BRAND.id,
  contentId,
  connectionId: 'k1',
  platform: 'webhook',
  at,
  localAt: at,
  timezone: 'UTC',
  status: 'scheduled',
  attempts: 0,
  externalId: null,
  url: null,
  error: null,
  publishedAt: null,
  queued: true,
  position,
  excerpt,
});

describe('posting queue panel', () => {
  afterEach(() => act(() => notifications.clean()));

  it('lists the slots and queued posts, checks slot times before saving, and removes a post from the queue', async () => {
    let slots = [{ weekday: 'mon', time: '09:00' }];
    let items = [item(1, 'c1', '2026-12-07T09:00:00.000Z', 'Fresh beans today'), item(2, 'c2', '2026-12-14T09:00:00.000Z', 'Cupping on Saturday')];
    const puts: unknown[] = [];
    const view = () => ({ connectionId: 'k1', brandId: BRAND.id, timezone: 'UTC', slots, updatedAt: null, items });
    const api = fakeFetch({
      ...sessionRoutes(),
      'GET /platforms': () => json(200, []),
      'GET /connections': () => json(200, { items: [connection], nextCursor: null }),
      'GET /brands/11111111-1111-4111-8111-111111111111/publishing-settings': () =>
        json(200, {
          brandId: BRAND.id,
          autoApprove: false,
          timezone: null,
          effectiveTimezone: 'UTC',
          utm: { enabled: false, template: null, effectiveTemplate: 'utm_source={platform}&utm_medium=social&utm_campaign={campaign}&utm_content={contentId}' },
          shortenLinks: false,
          updatedAt: null,
        }),
      'GET /connections/k1/queue': () => json(200, view()),
      'GET /connections/k1/queue/suggestions': () =>
        json(200, {
          connectionId: 'k1',
          brandId: BRAND.id,
          platform: 'webhook',
          timezone: 'UTC',
          basis: { posts: 0, from: '', to: '', minPosts: 10, minPostsPerSlot: 3 },
          enoughData: false,
          message: 'Not enough data yet: 0 published webhook posts.',
          suggestions: [],
        }),
      'PUT /connections/k1/queue/slots': (req) => {
        puts.push(req.body);
        slots = (req.body as { slots: typeof slots }).slots;
        return json(200, view());
      },
      'DELETE /content/c1/queue': () => {
        items = [item(1, 'c2', '2026-12-07T09:00:00.000Z', 'Cupping on Saturday')];
        return json(200, { contentId: 'c1', removed: 1 });
      },
    });
    renderApp({ path: '/channels', fetch: api.fetch, signedIn: true });
    const user = userEvent.setup();
    expect(await screen.findByText('Fresh beans today')).toBeInTheDocument();
    expect(screen.getByText('Cupping on Saturday')).toBeInTheDocument();
    expect(await screen.findByText(/^Not enough data yet/)).toBeInTheDocument();
    expect(await screen.findByLabelText('Slot 1 time')).toHaveValue('09:00');

    await user.click(screen.getByRole('button', { name: 'Add a slot' }));
    // A new slot starts at Monday 09:00, which the queue has: QueueSlotsShape's words (ADR 210), and nothing is sent.
    await user.click(screen.getByRole('button', { name: 'Save slots' }));
    expect(await screen.findByText('repeats mon 09:00')).toBeInTheDocument();
    expect(puts).toEqual([]);
    const second = screen.getByLabelText('Slot 2 time');
    await user.clear(second);
    await user.type(second, '9am');
    await user.click(screen.getByRole('button', { name: 'Save slots' }));
    expect(await screen.findByText('must be a time HH:mm (00:00–23:59)')).toBeInTheDocument();
    expect(puts).toEqual([]);
    await user.clear(second);
    await user.type(second, '17:30');
    await user.click(screen.getByRole('button', { name: 'Save slots' }));
    await waitFor(() =>
      expect(puts).toEqual([
        {
          slots: [
            { weekday: 'mon', time: '09:00' },
            { weekday: 'mon', time: '17:30' },
          ],
        },
      ]),
    );

    await user.click(screen.getByRole('button', { name: 'Remove “Fresh beans today” from the queue' }));
    await waitFor(() => expect(screen.queryByText('Fresh beans today')).not.toBeInTheDocument());
    expect(screen.getByText('Cupping on Saturday')).toBeInTheDocument();
    expect(api.calls.some((c) => c.method === 'DELETE' && c.path === '/content/c1/queue?connectionId=k1')).toBe(true);
  });
});
