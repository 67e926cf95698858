import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { Notification } from '../api/types';
import { BRAND, fakeFetch, json, sessionRoutes } from '../test/fake-api';
import { renderApp } from '../test/render';

const note = (id: string, title: string, read = false): Notification => ({
  id,
  kind: 'content.publish_failed',
  title,
  body: 'X said: duplicate content.',
  link: '/content/c1',
  brandId: BRAND.id,
  brandWide: true,
  data: {},
  read,
  readAt: read ? '2026-11-20T00:00:00.000Z' : null,
  createdAt: '2026-11-20T00:00:00.000Z',
});

describe('notification bell', () => {
  it('shows the unread count, marks one read at once and all read', async () => {
    const server = { items: [note('n1', 'Publishing failed on X'), note('n2', 'Plan ready'), note('n3', 'Old news', true)] };
    const api = fakeFetch({
      ...sessionRoutes(),
      'GET /notifications': () => json(200, { items: server.items, nextCursor: null, unreadCount: server.items.filter((n) => !n.read).length }),
      'POST /notifications/n1/read': () => {
        server.items = server.items.map((n) => (n.id === 'n1' ? { ...n, read: true, readAt: 'now' } : n));
        return json(204, undefined);
      },
      'POST /notifications/read-all': () => {
        server.items = server.items.map((n) => ({ ...n, read: true, readAt: 'now' }));
        return json(200, { marked: 1 });
      },
    });
    renderApp({ path: '/', fetch: api.fetch, signedIn: true });
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Notifications: 2 unread' }));
    expect(await screen.findByText('Publishing failed on X')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Mark “Publishing failed on X” as read' }));
    expect(await screen.findByRole('button', { name: 'Notifications: 1 unread' })).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Mark all read' }));
    expect(await screen.findByRole('button', { name: 'Notifications: 0 unread' })).toBeInTheDocument();
    await waitFor(() =>
      expect(api.calls.filter((c) => c.method === 'POST' && c.path.startsWith('/notifications')).map((c) => c.path)).toEqual([
        '/notifications/n1/read',
        '/notifications/read-all',
      ]),
    );
  });
});
