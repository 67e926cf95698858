import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { InboxMessage, Job } from '../api/types';
import { BRAND, fakeFetch, json, sessionRoutes, sse } from '../test/fake-api';
import { renderApp } from '../test/render';

const MESSAGE: InboxMessage = {
  id: 'm1',
  brandId: BRAND.id,
  channel: 'mastodon',
  author: 'Ada from Leith',
  body: 'Do you ship the winter blend to Edinburgh?',
  status: 'new',
  intent: null,
  sentiment: null,
  draft: null,
  reply: null,
  receivedAt: '2026-11-20T09:00:00.000Z',
};
const DRAFT = 'Yes — we ship to Edinburgh in two days. Shall we send you the winter blend?';

describe('inbox', () => {
  it('drafts a reply with AI (live job), lets the user edit it, and sends it', async () => {
    const server = { message: MESSAGE };
    const job = (status: Job['status'], extra: Partial<Job> = {}): Job => ({
      id: 'j1',
      kind: 'inbox.reply',
      status,
      progress: { done: status === 'succeeded' ? 1 : 0, total: 1 },
      brandId: BRAND.id,
      createdAt: '',
      updatedAt: status,
      ...extra,
    });
    let sent: unknown;
    const api = fakeFetch({
      ...sessionRoutes(),
      'GET /messages': () => json(200, { items: [server.message], nextCursor: null }),
      'POST /messages/m1/ai-reply': () => json(202, { jobId: 'j1', status: 'queued', kind: 'inbox.reply', links: { self: '/api/v1/jobs/j1' } }),
      'GET /jobs/j1/events': () => {
        server.message = { ...MESSAGE, status: 'drafted', intent: 'question', sentiment: 'positive', draft: DRAFT };
        return sse([
          { event: 'progress', data: job('running') },
          { event: 'succeeded', data: job('succeeded', { result: { messageId: 'm1', reply: DRAFT, intent: 'question', sentiment: 'positive' } }) },
        ]);
      },
      'POST /messages/m1/reply': (req) => {
        sent = req.body;
        server.message = {
          ...server.message,
          status: 'replied',
          reply: { body: (req.body as { body: string }).body, by: 'u1', at: '2026-11-20T10:00:00.000Z', sent: false },
        };
        return json(200, server.message);
      },
    });
    renderApp({ path: '/inbox', fetch: api.fetch, signedIn: true });
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Draft with AI' }));
    const box = await screen.findByLabelText('Your reply');
    await waitFor(() => expect(box).toHaveValue(DRAFT));
    expect(await screen.findAllByText('Question')).not.toHaveLength(0);
    expect(screen.getAllByText('positive').length).toBeGreaterThan(0);

    await user.type(box, ' — Grace');
    await user.click(screen.getByRole('button', { name: 'Save reply' }));
    // No channel accepted it: the app says it was saved, never that it was sent.
    const saved = await screen.findByRole('alert');
    expect(saved).toHaveTextContent(`Reply saved, not sent${DRAFT} — Grace`);
    expect(saved).toHaveTextContent('copy this reply and post it on Mastodon');
    expect(screen.queryByText(/Reply sent/)).not.toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Copy reply' })).toBeInTheDocument();
    expect(sent).toEqual({ body: `${DRAFT} — Grace` });
  });

  it('checks the reply before sending', async () => {
    const api = fakeFetch({ ...sessionRoutes(), 'GET /messages': () => json(200, { items: [MESSAGE], nextCursor: null }) });
    renderApp({ path: '/inbox', fetch: api.fetch, signedIn: true });
    await userEvent.setup().click(await screen.findByRole('button', { name: 'Save reply' }));
    expect(await screen.findByText('is required')).toBeInTheDocument();
    expect(api.calls.some((c) => c.method === 'POST' && c.path.startsWith('/messages'))).toBe(false);
  });

  it('holds the reply to the API’s ReplyShape: over 10,000 characters gets its message and no request', async () => {
    const api = fakeFetch({ ...sessionRoutes(), 'GET /messages': () => json(200, { items: [MESSAGE], nextCursor: null }) });
    renderApp({ path: '/inbox', fetch: api.fetch, signedIn: true });
    const user = userEvent.setup();
    await user.click(await screen.findByLabelText('Your reply'));
    await user.paste('x'.repeat(10_001));
    await user.click(screen.getByRole('button', { name: 'Save reply' }));
    expect(await screen.findByText('must be 1 to 10000 characters')).toBeInTheDocument();
    expect(api.calls.some((c) => c.method === 'POST' && c.path.startsWith('/messages'))).toBe(false);
  });
});
