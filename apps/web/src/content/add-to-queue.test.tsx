import { notifications } from '@mantine/notifications';
import { act, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import type { Content } from '../api/types';
import { BRAND, fakeFetch, json, problem, sessionRoutes } from '../test/fake-api';
import { CONTENT } from '../test/fixtures';
import { renderApp } from '../test/render';

const PATH = `/content/${CONTENT.id}`;
const CONNECTION = {
  id: 'k1',
  brandId: BRAND.id,
  platform: 'linkedin',
  displayName: 'Northside on LinkedIn',
  status: 'active',
  statusReason: null,
  accountId: null,
  expiresAt: null,
  createdAt: '',
  updatedAt: '',
};

describe('add to queue', () => {
  afterEach(() => act(() => notifications.clean()));

  it('puts an approved post on the channel’s next free slot and says where; a queue without slots is explained', async () => {
    const approved: Content = { ...CONTENT, status: 'approved' };
    let answer = problem(409, 'QUEUE_HAS_NO_SLOTS', { detail: '"Northside on LinkedIn" has no queue slots yet: add weekly posting times first.' });
    const api = fakeFetch({
      ...sessionRoutes(),
      [`GET /content/${CONTENT.id}`]: () => json(200, approved),
      [`GET /content/${CONTENT.id}/versions`]: () => json(200, { items: [] }),
      'GET /connections': () => json(200, { items: [CONNECTION] }),
      [`POST /content/${CONTENT.id}/queue`]: () => answer,
    });
    renderApp({ path: PATH, fetch: api.fetch, signedIn: true });
    const user = userEvent.setup();
    await user.click(await screen.findByRole('tab', { name: 'Schedule and publish' }));
    await user.click(await screen.findByRole('button', { name: 'Add to queue' }));
    expect(await screen.findByText(/has no queue slots yet/)).toBeInTheDocument();

    answer = json(201, {
      contentId: CONTENT.id,
      brandId: BRAND.id,
      items: [
        {
          id: 's1',
          contentId: CONTENT.id,
          connectionId: 'k1',
          at: '2026-12-07T09:00:00.000Z',
          position: 2,
          queued: true,
          excerpt: 'Huila',
          status: 'scheduled',
        },
      ],
    });
    await user.click(screen.getByRole('button', { name: 'Add to queue' }));
    expect(await screen.findByText(/^Queued as post 2:/)).toBeInTheDocument();
    const posts = api.calls.filter((c) => c.method === 'POST' && c.path === `/content/${CONTENT.id}/queue`);
    await waitFor(() => expect(posts.map((c) => c.body)).toEqual([{ connectionId: 'k1' }, { connectionId: 'k1' }]));
    expect(posts.every((c) => c.headers['idempotency-key'])).toBe(true);
  });

  it('is not offered for a draft', async () => {
    const api = fakeFetch({
      ...sessionRoutes(),
      [`GET /content/${CONTENT.id}`]: () => json(200, { ...CONTENT, status: 'draft' }),
      [`GET /content/${CONTENT.id}/versions`]: () => json(200, { items: [] }),
      'GET /connections': () => json(200, { items: [CONNECTION] }),
    });
    renderApp({ path: PATH, fetch: api.fetch, signedIn: true });
    await userEvent.setup().click(await screen.findByRole('tab', { name: 'Schedule and publish' }));
    expect(await screen.findByRole('heading', { name: 'Schedule and publish' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Add to queue' })).not.toBeInTheDocument();
  });
});
