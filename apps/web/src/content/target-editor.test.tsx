import { act, screen, waitFor, within } from '@testing-library/react';
import { notifications } from '@mantine/notifications';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import type { Content } from '../api/types';
import { fakeFetch, json, sessionRoutes, sse } from '../test/fake-api';
import { CONTENT } from '../test/fixtures';
import { renderApp } from '../test/render';

const PATH = `/content/${CONTENT.id}`;
const connection = (id: string, platform: string, displayName: string) => ({
  id,
  brandId: CONTENT.brandId,
  platform,
  displayName,
  status: 'active',
  statusReason: null,
  accountId: null,
  expiresAt: null,
  createdAt: '2026-11-01T00:00:00.000Z',
  updatedAt: '2026-11-01T00:00:00.000Z',
});
const pending = (connectionId: string, platform: string, body: string | null) => ({
  connectionId,
  platform,
  body,
  mediaIds: null,
  at: null,
  status: 'pending',
  scheduleId: null,
  attempts: 0,
  outcome: null,
});

function routes(content: () => Content, extra: Parameters<typeof fakeFetch>[0] = {}) {
  return fakeFetch({
    ...sessionRoutes(),
    [`GET /content/${CONTENT.id}`]: () => json(200, content()),
    [`GET /content/${CONTENT.id}/versions`]: () => json(200, { items: [] }),
    [`GET /content/${CONTENT.id}/media`]: () => json(200, { contentId: CONTENT.id, mediaIds: [], media: [] }),
    [`GET /connections`]: () => json(200, { items: [connection('k-masto', 'mastodon', '@acme@example.social'), connection('k-sky', 'bluesky', 'acme.bsky')] }),
    ...extra,
  });
}

describe('content: choosing targets and adapting their texts', () => {
  afterEach(() => act(() => notifications.clean()));

  it('picks connections for a draft and saves them with their own texts', async () => {
    const api = routes(() => ({ ...CONTENT, status: 'draft' }) as Content, {
      [`PUT /content/${CONTENT.id}/targets`]: (req) => json(200, { contentId: CONTENT.id, targets: [], echo: req.body }),
    });
    renderApp({ path: PATH, fetch: api.fetch, signedIn: true });
    const card = await screen.findByLabelText('Where it goes');
    await userEvent.click(await within(card).findByLabelText('@acme@example.social (Mastodon)'));
    await userEvent.click(within(card).getByLabelText('acme.bsky (Bluesky)'));
    await userEvent.type(within(card).getByLabelText('Text for acme.bsky'), 'Ethiopia is back.');
    await userEvent.click(within(card).getByRole('button', { name: 'Save targets' }));
    await waitFor(() => expect(api.calls.some((c) => c.method === 'PUT')).toBe(true));
    const put = api.calls.find((c) => c.method === 'PUT')!;
    expect(put.body).toEqual({ targets: [{ connectionId: 'k-masto' }, { connectionId: 'k-sky', body: 'Ethiopia is back.' }] });
  });

  it('adapts the text to each channel with AI and shows the adapted texts for editing', async () => {
    let adapted = false;
    const content = () =>
      ({
        ...CONTENT,
        status: 'draft',
        targets: [
          pending('k-masto', 'mastodon', adapted ? 'Adapted for Mastodon.' : null),
          pending('k-sky', 'bluesky', adapted ? 'Adapted for Bluesky.' : null),
        ],
      }) as Content;
    const api = routes(content, {
      [`POST /content/${CONTENT.id}/targets/adapt`]: () =>
        json(202, { jobId: 'j-adapt', status: 'queued', kind: 'content.targets.adapt', links: { self: '/api/v1/jobs/j-adapt' } }),
      [`GET /jobs/j-adapt/events`]: () => {
        adapted = true;
        return sse([
          {
            event: 'succeeded',
            data: {
              id: 'j-adapt',
              kind: 'content.targets.adapt',
              status: 'succeeded',
              progress: { done: 1, total: 1 },
              createdAt: '2026-01-01T00:00:00.000Z',
              updatedAt: '2026-01-01T00:00:01.000Z',
            },
          },
        ]);
      },
    });
    renderApp({ path: PATH, fetch: api.fetch, signedIn: true });
    const card = await screen.findByLabelText('Where it goes');
    await userEvent.click(await within(card).findByRole('button', { name: 'Adapt the text to each channel with AI' }));
    expect(await within(card).findByText('Adapting the text to each channel')).toBeInTheDocument();
    await waitFor(() => expect((within(card).getByLabelText('Text for acme.bsky') as HTMLTextAreaElement).value).toBe('Adapted for Bluesky.'));
    expect((within(card).getByLabelText('Text for @acme@example.social') as HTMLTextAreaElement).value).toBe('Adapted for Mastodon.');
    expect(api.calls.filter((c) => c.path === `/content/${CONTENT.id}/targets/adapt`)).toHaveLength(1);
  });
});
