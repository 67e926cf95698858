import { act, screen, waitFor, within } from '@testing-library/react';
import { notifications } from '@mantine/notifications';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import type { Content } from '../api/types';
import { fakeFetch, json, sessionRoutes } from '../test/fake-api';
import { CONTENT } from '../test/fixtures';
import { renderApp } from '../test/render';

const PATH = `/content/${CONTENT.id}`;
const target = (platform: string, status: NonNullable<Content['targets']>[number]['status'], over: Partial<NonNullable<Content['targets']>[number]> = {}) => ({
  connectionId: `k-${platform}`,
  platform,
  body: null,
  mediaIds: null,
  at: null,
  status,
  scheduleId: `s-${platform}`,
  attempts: 1,
  outcome: null,
  ...over,
});

function routes(content: Content, extra: Parameters<typeof fakeFetch>[0] = {}) {
  return fakeFetch({
    ...sessionRoutes(),
    [`GET /content/${CONTENT.id}`]: () => json(200, content),
    [`GET /content/${CONTENT.id}/versions`]: () => json(200, { items: [] }),
    [`GET /content/${CONTENT.id}/media`]: () => json(200, { contentId: CONTENT.id, mediaIds: [], media: [] }),
    [`GET /connections`]: () => json(200, { items: [] }),
    ...extra,
  });
}

describe('content: compose-once targets', () => {
  afterEach(() => act(() => notifications.clean()));

  it('shows each target’s status and outcome, and publishes again only when one failed', async () => {
    const published = {
      ...CONTENT,
      status: 'published',
      targets: [
        target('mastodon', 'published', {
          outcome: { url: 'https://example.social/@acme/1', externalId: '1', publishedAt: '2026-11-21T09:30:00.000Z', error: null },
        }),
        target('bluesky', 'published', {
          body: 'Ethiopia is back.',
          outcome: { url: 'https://bsky.example/p/2', externalId: '2', publishedAt: null, error: null },
        }),
        target('webhook', 'failed', {
          attempts: 2,
          outcome: { url: null, externalId: null, publishedAt: null, error: { code: 'RATE_LIMITED', message: 'The webhook receiver answered 429: slow down' } },
        }),
      ],
    } as Content;
    const api = routes(published, {
      [`POST /content/${CONTENT.id}/publish`]: () => json(201, { contentId: CONTENT.id, brandId: CONTENT.brandId, at: '', items: [] }),
    });
    renderApp({ path: PATH, fetch: api.fetch, signedIn: true });
    const card = await screen.findByLabelText('Targets');
    const sky = within(card).getByLabelText('Target Bluesky');
    expect(sky).toHaveTextContent('Published');
    expect(sky).toHaveTextContent('Ethiopia is back.');
    expect(within(sky).getByRole('link', { name: 'View the post' })).toHaveAttribute('href', 'https://bsky.example/p/2');
    expect(within(card).getByLabelText('Target Mastodon')).toHaveTextContent('The post’s text');
    const hook = within(card).getByLabelText('Target Webhook');
    expect(hook).toHaveTextContent('Failed');
    expect(hook).toHaveTextContent('The webhook receiver answered 429: slow down (RATE_LIMITED)');
    expect(within(hook).queryByRole('link')).toBeNull();

    await userEvent.setup().click(within(card).getByRole('button', { name: 'Publish the failed targets again' }));
    await waitFor(() => expect(api.calls.filter((c) => c.method === 'POST' && c.path === `/content/${CONTENT.id}/publish`)).toHaveLength(1));
    const retry = api.calls.find((c) => c.path === `/content/${CONTENT.id}/publish`);
    // No connection named: the server sends every target that is not published or on its way.
    expect(retry?.body).toEqual({});
    expect(retry?.headers['idempotency-key']).toBeTruthy();
  });

  it('offers no retry when every target went out, and shows nothing for a post without targets', async () => {
    const done = { ...CONTENT, status: 'published', targets: [target('mastodon', 'published'), target('wordpress', 'published')] } as Content;
    const first = renderApp({ path: PATH, fetch: routes(done).fetch, signedIn: true });
    const card = await screen.findByLabelText('Targets');
    expect(within(card).getAllByText('Published')).toHaveLength(2);
    expect(within(card).queryByRole('button', { name: 'Publish the failed targets again' })).toBeNull();
    first.unmount();

    renderApp({ path: PATH, fetch: routes(CONTENT).fetch, signedIn: true });
    expect(await screen.findByTestId('post-body')).toBeInTheDocument();
    expect(screen.queryByLabelText('Targets')).toBeNull();
  });
});
