import { notifications } from '@mantine/notifications';
import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import type { Content, ContentComment } from '../api/types';
import { BRAND, fakeFetch, json, sessionRoutes, USER } from '../test/fake-api';
import { CONTENT } from '../test/fixtures';
import { renderApp } from '../test/render';

/** ADR 142: review requests to a named teammate, comments, the awaiting queue, bulk schedule. */
const GRACE = { userId: 'u2', email: 'grace@example.com', name: 'Grace Hopper', role: 'editor', createdAt: '' };
const VIEWER = { userId: 'u3', email: 'vic@example.com', name: 'Vic Viewer', role: 'viewer', createdAt: '' };
const ME = { userId: USER.id, email: USER.email, name: USER.name, role: 'owner', createdAt: '' };
const membersRoute = { [`GET /brands/${BRAND.id}/members`]: () => json(200, { items: [ME, GRACE, VIEWER], nextCursor: null }) };

function detail(server: { content: Content; comments: ContentComment[] }) {
  const posted: { path: string; body: unknown }[] = [];
  const api = fakeFetch({
    ...sessionRoutes(),
    ...membersRoute,
    [`GET /content/${CONTENT.id}`]: () => json(200, server.content),
    [`GET /content/${CONTENT.id}/versions`]: () => json(200, { items: [] }),
    [`GET /content/${CONTENT.id}/comments`]: () => json(200, { items: server.comments, nextCursor: null }),
    'GET /connections': () => json(200, { items: [] }),
    [`POST /content/${CONTENT.id}/review-request`]: (req) => {
      posted.push({ path: req.path, body: req.body });
      const b = req.body as { reviewerId: string; note?: string };
      server.content = {
        ...server.content,
        reviewRequest: { reviewerId: b.reviewerId, requestedBy: USER.id, requestedAt: '2026-11-21T10:00:00.000Z', note: b.note ?? null },
      };
      return json(200, server.content);
    },
    [`POST /content/${CONTENT.id}/comments`]: (req) => {
      posted.push({ path: req.path, body: req.body });
      const c = {
        id: `k${server.comments.length + 1}`,
        contentId: CONTENT.id,
        authorId: USER.id,
        body: (req.body as { body: string }).body,
        createdAt: '2026-11-21T11:00:00.000Z',
      };
      server.comments = [...server.comments, c];
      return json(201, c);
    },
  });
  return { api, posted };
}

describe('team workflow', () => {
  afterEach(() => act(() => notifications.clean()));

  it('asks a named teammate who can approve, with a note, and shows whom the post waits for', async () => {
    const { api, posted } = detail({ content: CONTENT, comments: [] });
    renderApp({ path: `/content/${CONTENT.id}`, fetch: api.fetch, signedIn: true });
    const user = userEvent.setup();
    const panel = await screen.findByRole('region', { name: 'Approval request' });
    await user.click(within(panel).getByRole('button', { name: 'Request approval' }));
    const select = await within(panel).findByRole('combobox', { name: 'Who should approve it' });
    // Only editors and owners can approve; the asker is not offered to themself.
    expect(
      within(select)
        .getAllByRole('option')
        .map((o) => o.textContent),
    ).toEqual(['Grace Hopper (editor)']);
    await user.type(within(panel).getByRole('textbox', { name: 'Note (optional)' }), 'Check the price, please');
    await user.click(within(panel).getByRole('button', { name: 'Send the request' }));
    await waitFor(() =>
      expect(posted).toEqual([{ path: `/content/${CONTENT.id}/review-request`, body: { reviewerId: 'u2', note: 'Check the price, please' } }]),
    );
    const request = await screen.findByTestId('review-request');
    expect(request).toHaveTextContent('Waiting for Grace Hopper to approve');
    expect(request).toHaveTextContent('Asked by you Sat 21 Nov, 10:00');
    expect(request).toHaveTextContent('“Check the price, please”');
    expect(await screen.findByText('Asked Grace Hopper to approve the post.')).toBeInTheDocument();
  });

  it('tells the reviewer the post waits for them', async () => {
    const asked: Content = { ...CONTENT, reviewRequest: { reviewerId: USER.id, requestedBy: 'u2', requestedAt: '2026-11-21T10:00:00.000Z', note: null } };
    const { api } = detail({ content: asked, comments: [] });
    renderApp({ path: `/content/${CONTENT.id}`, fetch: api.fetch, signedIn: true });
    const request = await screen.findByTestId('review-request');
    await waitFor(() => expect(request).toHaveTextContent('Asked by Grace Hopper'));
    expect(request).toHaveTextContent('Waiting for your approval');
  });

  it('shows the comment thread with names and adds a comment', async () => {
    const { api, posted } = detail({
      content: CONTENT,
      comments: [{ id: 'k1', contentId: CONTENT.id, authorId: 'u2', body: 'Shorter opening line?', createdAt: '2026-11-21T09:00:00.000Z' }],
    });
    renderApp({ path: `/content/${CONTENT.id}`, fetch: api.fetch, signedIn: true });
    const thread = await screen.findByRole('region', { name: 'Comments' });
    await waitFor(() => expect(within(thread).getByRole('listitem')).toHaveTextContent('Grace Hopper · Sat 21 Nov, 09:00Shorter opening line?'));
    const user = userEvent.setup();
    await user.type(within(thread).getByRole('textbox', { name: 'Comment' }), 'Done, have a look.');
    await user.click(within(thread).getByRole('button', { name: 'Comment' }));
    await waitFor(() => expect(within(thread).getAllByRole('listitem')).toHaveLength(2));
    expect(within(thread).getAllByRole('listitem')[1]).toHaveTextContent('You · Sat 21 Nov, 11:00Done, have a look.');
    expect(posted).toEqual([{ path: `/content/${CONTENT.id}/comments`, body: { body: 'Done, have a look.' } }]);
    expect(within(thread).getByRole('heading', { name: 'Comments (2)' })).toBeInTheDocument();
  });

  it('lists what awaits my approval', async () => {
    const mine: Content = {
      ...CONTENT,
      id: 'c9',
      topic: 'Winter blend',
      reviewRequest: { reviewerId: USER.id, requestedBy: 'u2', requestedAt: '2026-11-21T10:00:00.000Z', note: null },
    };
    const api = fakeFetch({
      ...sessionRoutes(),
      ...membersRoute,
      'GET /content': (req) => json(200, { items: req.path.includes('awaiting=me') ? [mine] : [CONTENT, mine], nextCursor: null }),
    });
    renderApp({ path: '/content', fetch: api.fetch, signedIn: true });
    const user = userEvent.setup();
    await screen.findByRole('link', { name: 'New Huila beans' });
    await user.click(screen.getByRole('radio', { name: 'Awaiting my approval' }));
    await waitFor(() => expect(screen.queryByRole('link', { name: 'New Huila beans' })).not.toBeInTheDocument());
    const row = screen.getByRole('link', { name: 'Winter blend' }).closest('tr') as HTMLElement;
    expect(row).toHaveTextContent('Waiting for you');
    expect(api.calls.some((c) => c.path.startsWith(`/content?brandId=${BRAND.id}&awaiting=me`))).toBe(true);
  });

  it('names who approved each approved post in the list, and when', async () => {
    const approved: Content = { ...CONTENT, id: 'c8', topic: 'Cupping night', status: 'scheduled', approvedAt: '2026-11-20T08:00:00.000Z', approvedBy: 'u2' };
    const api = fakeFetch({ ...sessionRoutes(), ...membersRoute, 'GET /content': () => json(200, { items: [approved], nextCursor: null }) });
    renderApp({ path: '/content', fetch: api.fetch, signedIn: true });
    const row = (await screen.findByRole('link', { name: 'Cupping night' })).closest('tr') as HTMLElement;
    await waitFor(() => expect(row).toHaveTextContent('Approved by Grace Hopper Fri 20 Nov, 08:00'));
  });

  it('puts what awaits my approval first on the dashboard, leading to the queue', async () => {
    const mine: Content = {
      ...CONTENT,
      id: 'c9',
      topic: 'Winter blend',
      reviewRequest: { reviewerId: USER.id, requestedBy: 'u2', requestedAt: '2026-11-21T10:00:00.000Z', note: null },
    };
    const api = fakeFetch({
      ...sessionRoutes(),
      ...membersRoute,
      'GET /content': (req) => json(200, { items: req.path.includes('awaiting=me') ? [mine] : [CONTENT, mine], nextCursor: null }),
    });
    renderApp({ path: '/', fetch: api.fetch, signedIn: true });
    const asked = await screen.findByRole('region', { name: 'Asked of you' });
    expect(within(asked).getByRole('link', { name: 'Winter blend' })).toHaveAttribute('href', '/content/c9');
    await userEvent.setup().click(within(asked).getByRole('link', { name: 'Everything awaiting you' }));
    expect(await screen.findByRole('radio', { name: 'Awaiting my approval' })).toBeChecked();
    await waitFor(() => expect(screen.queryByRole('link', { name: 'New Huila beans' })).not.toBeInTheDocument());
  });

  it('schedules the selected approved posts at one time on the channels of their platform, and says which were refused', async () => {
    const a: Content = { ...CONTENT, id: 'a1', status: 'approved', topic: 'Post A' };
    const b: Content = { ...CONTENT, id: 'b1', status: 'approved', topic: 'Post B', platform: 'mastodon' };
    const bodies: unknown[] = [];
    const api = fakeFetch({
      ...sessionRoutes(),
      'GET /content': () => json(200, { items: [a, b], nextCursor: null }),
      'GET /connections': () =>
        json(200, {
          items: [
            { id: 'k-li', brandId: BRAND.id, platform: 'linkedin', status: 'active', displayName: 'Northside on LinkedIn' },
            { id: 'k-old', brandId: BRAND.id, platform: 'linkedin', status: 'needs_reconnect', displayName: 'Old page' },
          ],
          nextCursor: null,
        }),
      'POST /content/bulk/schedule': (req) => {
        bodies.push(req.body);
        return json(200, { items: [{ contentId: 'a1', outcome: 'done' }] });
      },
    });
    renderApp({ path: '/content', fetch: api.fetch, signedIn: true });
    const user = userEvent.setup();
    await user.click(await screen.findByRole('checkbox', { name: 'Select every post shown' }));
    const bar = screen.getByRole('region', { name: 'Selected posts' });
    await user.click(within(bar).getByRole('button', { name: 'Schedule 2…' }));
    const at = within(bar).getByLabelText('Publish at');
    await user.clear(at);
    await user.type(at, '2099-03-02T09:30');
    await user.click(within(bar).getByRole('button', { name: 'Schedule 2 posts' }));
    await waitFor(() => expect(bodies).toHaveLength(1));
    expect(bodies[0]).toEqual({ brandId: BRAND.id, contentIds: ['a1'], at: new Date('2099-03-02T09:30').toISOString(), connectionIds: ['k-li'] });
    expect(await screen.findByText('1 post scheduled. Not scheduled: “Post B”: no Mastodon channel is connected.')).toBeInTheDocument();
  });
});
