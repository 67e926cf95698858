import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { notifications } from '@mantine/notifications';
import { afterEach, describe, expect, it } from 'vitest';
import type { Content } from '../api/types';
import { fakeFetch, json, sessionRoutes } from '../test/fake-api';
import { CONTENT } from '../test/fixtures';
import { renderApp } from '../test/render';

const BRIEF =
  'Thank the neighbours who came to the harbour tasting on Saturday, mention the winter blend and the new opening hours, and invite them to the next cupping';
const post = (id: string, extra: Partial<Content> = {}): Content => ({ ...CONTENT, id, ...extra });

describe('content list', () => {
  afterEach(() => act(() => notifications.clean()));

  it('titles a post from a brief by its first words, and approves or deletes several posts at once', async () => {
    const server = {
      items: [post('c1', { topic: BRIEF }), post('c2', { topic: 'New Huila beans' }), post('c3', { status: 'approved', topic: 'Cupping night' })],
    };
    const approved: string[] = [];
    const deleted: string[] = [];
    const bulkCalls: unknown[] = [];
    const api = fakeFetch({
      ...sessionRoutes(),
      'GET /content': () => json(200, { items: server.items, nextCursor: null }),
      'POST /content/bulk': (req) => {
        bulkCalls.push(req.body);
        const b = req.body as { action: string; contentIds: string[] };
        (b.action === 'approve' ? approved : deleted).push(...b.contentIds);
        return json(200, { items: b.contentIds.map((contentId) => ({ contentId, outcome: 'done' })) });
      },
    });
    renderApp({ path: '/content', fetch: api.fetch, signedIn: true });
    const link = await screen.findByRole('link', { name: /^Thank the neighbours who came to the harbour tasting on Saturday/ });
    expect(link.textContent?.length).toBeLessThanOrEqual(71);
    expect(link.textContent).toMatch(/…$/);

    const user = userEvent.setup();
    await user.click(screen.getByRole('checkbox', { name: 'Select every post shown' }));
    const bar = screen.getByRole('region', { name: 'Selected posts' });
    expect(bar).toHaveTextContent('3 selected');
    // Only the drafts can be approved.
    await user.click(within(bar).getByRole('button', { name: 'Approve 2' }));
    await waitFor(() => expect(approved.sort()).toEqual(['c1', 'c2']));
    expect(await screen.findByText('2 posts approved.')).toBeInTheDocument();

    await user.click(screen.getByRole('checkbox', { name: 'Select “Cupping night”' }));
    await user.click(within(screen.getByRole('region', { name: 'Selected posts' })).getByRole('button', { name: 'Delete…' }));
    await user.click(within(screen.getByRole('region', { name: 'Selected posts' })).getByRole('button', { name: 'Delete' }));
    await waitFor(() => expect(deleted).toEqual(['c3']));
    expect(await screen.findByText('1 post deleted.')).toBeInTheDocument();
    // One request per action, whatever the number of posts (one write of the rate budget).
    expect(bulkCalls).toEqual([
      { brandId: CONTENT.brandId, action: 'approve', contentIds: ['c1', 'c2'] },
      { brandId: CONTENT.brandId, action: 'delete', contentIds: ['c3'] },
    ]);
  });

  it('checks a brief with the API’s GenerateContentShape: too short gets its message and no job is started', async () => {
    const api = fakeFetch({ ...sessionRoutes(), 'GET /content': () => json(200, { items: [], nextCursor: null }) });
    renderApp({ path: '/content', fetch: api.fetch, signedIn: true });
    const user = userEvent.setup();
    const form = within(await screen.findByRole('form', { name: 'Write a post' }));
    await user.type(form.getByLabelText(/^Brief/), ' ab ');
    await user.click(form.getByRole('button', { name: /^Write/ }));
    expect(await form.findByText('must be 3 to 2000 characters')).toBeInTheDocument();
    expect(api.calls.some((c) => c.method === 'POST' && c.path === '/content/generate')).toBe(false);
  });

  it('checks the bulk schedule time with the API’s BulkScheduleShape: a time it refuses gets its message and nothing is scheduled', async () => {
    const api = fakeFetch({
      ...sessionRoutes(),
      'GET /content': () => json(200, { items: [post('c3', { status: 'approved', topic: 'Cupping night' })], nextCursor: null }),
      'GET /connections': () => json(200, { items: [], nextCursor: null }),
    });
    renderApp({ path: '/content', fetch: api.fetch, signedIn: true });
    const user = userEvent.setup();
    await user.click(await screen.findByRole('checkbox', { name: 'Select “Cupping night”' }));
    await user.click(within(screen.getByRole('region', { name: 'Selected posts' })).getByRole('button', { name: 'Schedule 1…' }));
    const form = within(screen.getByRole('form', { name: 'Schedule the selected posts' }));
    const time = form.getByLabelText(/^Publish at/);
    // A local time no Date can hold (past year 275760): sent as typed, it is not an ISO 8601 instant.
    fireEvent.change(time, { target: { value: '275761-01-01T09:00' } });
    await user.click(form.getByRole('button', { name: 'Schedule 1 post' }));
    expect(await form.findByText('must be a valid ISO 8601 date string')).toBeInTheDocument();
    fireEvent.change(time, { target: { value: '' } });
    await user.click(form.getByRole('button', { name: 'Schedule 1 post' }));
    expect(await form.findByText('is required')).toBeInTheDocument();
    expect(api.calls.some((c) => c.method === 'POST' && c.path === '/content/bulk/schedule')).toBe(false);
  });
});
