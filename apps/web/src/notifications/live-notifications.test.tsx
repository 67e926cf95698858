import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { InboxMessage, Notification } from '../api/types';
import { BRAND, fakeFetch, json, problem, sessionRoutes, sse } from '../test/fake-api';
import { renderApp } from '../test/render';

/** ADR 143: new notifications and new inbox messages appear without a reload. */
const MESSAGE: InboxMessage = {
  id: 'm7',
  brandId: BRAND.id,
  channel: 'mastodon',
  author: '@pourover_pete',
  body: 'Do you ship to Lisbon?',
  status: 'new',
  intent: null,
  sentiment: null,
  draft: null,
  reply: null,
  receivedAt: '2026-11-20T09:00:00.000Z',
};
const NOTE: Notification = {
  id: 'n7',
  kind: 'inbox_message',
  title: 'New message from @pourover_pete on Mastodon',
  body: 'Do you ship to Lisbon?',
  link: '/inbox',
  brandId: BRAND.id,
  brandWide: true,
  data: { messageId: 'm7', channel: 'mastodon' },
  read: false,
  readAt: null,
  createdAt: '2026-11-20T09:00:01.000Z',
};

describe('live notifications', () => {
  it('puts a new inbox message in the open inbox and the bell, with no reload', async () => {
    const server = { messages: [] as InboxMessage[], streams: 0 };
    let release!: () => void;
    const arrived = new Promise<void>((r) => (release = r));
    const api = fakeFetch({
      ...sessionRoutes(),
      'GET /notifications': () => json(200, { items: [], nextCursor: null, unreadCount: 0 }),
      'GET /messages': () => json(200, { items: server.messages, nextCursor: null }),
      'GET /notifications/events': async () => {
        server.streams += 1;
        if (server.streams > 1) return new Promise<Response>(() => undefined); // stays open
        await arrived;
        server.messages = [MESSAGE];
        return sse([
          { event: 'notification', data: NOTE },
          { event: 'unread', data: { unreadCount: 1 } },
        ]);
      },
    });
    renderApp({ path: '/inbox', fetch: api.fetch, signedIn: true });
    expect(await screen.findByText(/No messages/i)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Notifications: 0 unread' })).toBeInTheDocument();
    const readsBefore = api.calls.filter((c) => c.path.startsWith('/messages')).length;

    release();
    expect(await within(screen.getByRole('main')).findAllByText('Do you ship to Lisbon?')).not.toHaveLength(0);
    await waitFor(() => expect(screen.getByRole('button', { name: 'Notifications: 1 unread' })).toBeInTheDocument());
    // The inbox was read again because of the event, not by a reload or a timer of the page.
    expect(api.calls.filter((c) => c.path.startsWith('/messages')).length).toBe(readsBefore + 1);
    expect(api.calls.filter((c) => c.path === '/notifications/events').length).toBeGreaterThanOrEqual(1);
  });

  it('shows the live notification in the bell list, and gives up quietly when the stream is refused', async () => {
    let streams = 0;
    const api = fakeFetch({
      ...sessionRoutes(),
      'GET /notifications': () => json(200, { items: [], nextCursor: null, unreadCount: 0 }),
      'GET /notifications/events': () => {
        streams += 1;
        return streams === 1
          ? sse([
              {
                event: 'notification',
                data: {
                  ...NOTE,
                  kind: 'review_requested',
                  title: 'Ada asked you to approve a post “Winter blend”',
                  link: '/content/c9',
                  data: { contentId: 'c9' },
                },
              },
              { event: 'unread', data: { unreadCount: 1 } },
            ])
          : problem(403, 'FORBIDDEN');
      },
    });
    renderApp({ path: '/notifications', fetch: api.fetch, signedIn: true });
    const bell = await screen.findByRole('button', { name: 'Notifications: 1 unread' });
    bell.click();
    const item = await screen.findAllByText('Ada asked you to approve a post “Winter blend”');
    expect(item.length).toBeGreaterThan(0);
    await waitFor(() => expect(streams).toBe(2));
    // A refusal stops the stream without an error on the page.
    expect(within(document.body).queryByRole('alert')).not.toBeInTheDocument();
  });
});
