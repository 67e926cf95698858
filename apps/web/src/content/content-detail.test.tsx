import { notifications } from '@mantine/notifications';
import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import type { Content } from '../api/types';
import { BRAND, fakeFetch, json, problem, sessionRoutes } from '../test/fake-api';
import { CONTENT } from '../test/fixtures';
import { renderApp } from '../test/render';

const PATH = `/content/${CONTENT.id}`;
const CONNECTION_ID = '44444444-4444-4444-8444-444444444441';

function routes(server: { content: Content }, extra: Parameters<typeof fakeFetch>[0] = {}) {
  return fakeFetch({
    ...sessionRoutes(),
    [`GET /content/${CONTENT.id}`]: () => json(200, server.content),
    [`GET /content/${CONTENT.id}/versions`]: () => json(200, { items: [] }),
    [`GET /content/${CONTENT.id}/media`]: () => json(200, { contentId: CONTENT.id, mediaIds: [], media: [] }),
    [`GET /connections`]: () => json(200, { items: [] }),
    ...extra,
  });
}

const pending = () => {
  let answer!: (r: Response) => void;
  const promise = new Promise<Response>((r) => (answer = r));
  return { promise, answer };
};

describe('content: variants, approval, publishing', () => {
  afterEach(() => act(() => notifications.clean()));

  it('shows the variants side by side with their scores', async () => {
    renderApp({ path: PATH, fetch: routes({ content: CONTENT }).fetch, signedIn: true });
    const a = await screen.findByLabelText('Variant A');
    expect(within(a).getByText('Overall 81')).toBeInTheDocument();
    expect(within(a).getByRole('progressbar', { name: 'Variant A: Voice match 81 of 100' })).toBeInTheDocument();
    expect(within(a).getByText('Best score')).toBeInTheDocument();
    const b = screen.getByLabelText('Variant B');
    expect(within(b).getByRole('progressbar', { name: 'Variant B: Predicted engagement 64 of 100' })).toBeInTheDocument();
  });

  it('selects a variant at once, and undoes it with a message when refused', async () => {
    const gate = pending();
    const api = routes({ content: CONTENT }, { [`POST /content/${CONTENT.id}/variants/v2/select`]: () => gate.promise });
    renderApp({ path: PATH, fetch: api.fetch, signedIn: true });
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Use variant B' }));
    // Optimistic: variant B is the post before the server answers.
    await waitFor(() => expect(screen.getByTestId('post-body')).toHaveTextContent('Meet Huila'));
    expect(within(screen.getByLabelText('Variant B')).getByText('Selected')).toBeInTheDocument();

    gate.answer(problem(409, 'CONFLICT', { detail: 'The post is approved: variants are locked.' }));
    expect(await screen.findByText('The variant could not be selected')).toBeInTheDocument();
    expect(screen.getByText(/variants are locked\. Your change was undone\./)).toBeInTheDocument();
    await waitFor(() => expect(screen.getByTestId('post-body')).toHaveTextContent('Huila beans have landed'));
    expect(within(screen.getByLabelText('Variant A')).getByText('Selected')).toBeInTheDocument();
  });

  it('keeps the selected variant when the server agrees', async () => {
    const server = { content: CONTENT };
    const api = routes(server, {
      [`POST /content/${CONTENT.id}/variants/v2/select`]: () => {
        server.content = { ...CONTENT, selectedVariantId: 'v2', body: CONTENT.variants[1].body, hashtags: CONTENT.variants[1].hashtags, version: 2 };
        return json(200, server.content);
      },
    });
    renderApp({ path: PATH, fetch: api.fetch, signedIn: true });
    await userEvent.setup().click(await screen.findByRole('button', { name: 'Use variant B' }));
    await waitFor(() => expect(screen.getByTestId('post-body')).toHaveTextContent('Meet Huila'));
    await waitFor(() => expect(api.calls.filter((c) => c.method === 'GET' && c.path === `/content/${CONTENT.id}`).length).toBeGreaterThanOrEqual(2));
    expect(screen.getByTestId('post-body')).toHaveTextContent('Meet Huila');
    expect(screen.queryByText('The variant could not be selected')).not.toBeInTheDocument();
  });

  it('approves at once and rolls back with a message when refused', async () => {
    const gate = pending();
    const api = routes({ content: CONTENT }, { [`POST /content/${CONTENT.id}/approve`]: () => gate.promise });
    renderApp({ path: PATH, fetch: api.fetch, signedIn: true });
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Approve' }));
    expect(await screen.findByLabelText('Status: approved')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Approve' })).not.toBeInTheDocument();

    gate.answer(problem(422, 'BANNED_WORDS', { detail: 'The post uses a banned word: “cheap”.' }));
    expect(await screen.findByText('The post could not be approved')).toBeInTheDocument();
    expect(screen.getByText(/banned word: “cheap”\. Your change was undone\./)).toBeInTheDocument();
    expect(await screen.findByLabelText('Status: draft')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Approve' })).toBeInTheDocument();
  });

  it('shows a failed publish with the platform’s message and retries it', async () => {
    const failed: Content = {
      ...CONTENT,
      status: 'failed',
      failure: { code: 'PLATFORM_REJECTED', message: 'Mastodon said: the access token was revoked.', at: '2026-11-21T09:30:00.000Z' },
    };
    const api = routes(
      { content: failed },
      {
        [`GET /schedule`]: () =>
          json(200, {
            items: [
              {
                id: 's1',
                brandId: BRAND.id,
                contentId: CONTENT.id,
                connectionId: CONNECTION_ID,
                platform: 'linkedin',
                at: '2026-11-21T09:30:00.000Z',
                localAt: '2026-11-21T09:30:00Z',
                timezone: 'UTC',
                status: 'failed',
                attempts: 3,
                externalId: null,
                url: null,
                error: { code: 'PLATFORM_REJECTED', message: 'Mastodon said: the access token was revoked.' },
                publishedAt: null,
              },
            ],
            nextCursor: null,
          }),
        [`POST /content/${CONTENT.id}/publish`]: () => json(202, { contentId: CONTENT.id, status: 'publishing' }),
      },
    );
    renderApp({ path: PATH, fetch: api.fetch, signedIn: true });
    const user = userEvent.setup();
    await user.click(await screen.findByRole('tab', { name: 'Schedule and publish' }));
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Publishing to LinkedIn failed');
    expect(alert).toHaveTextContent('Mastodon said: the access token was revoked.');
    expect(alert).toHaveTextContent('PLATFORM_REJECTED');
    await user.click(within(alert).getByRole('button', { name: 'Retry publishing' }));
    await waitFor(() => expect(api.calls.filter((c) => c.method === 'POST' && c.path === `/content/${CONTENT.id}/publish`)).toHaveLength(1));
    const retry = api.calls.find((c) => c.path === `/content/${CONTENT.id}/publish`);
    expect(retry?.body).toEqual({ connectionIds: [CONNECTION_ID] });
    expect(retry?.headers['idempotency-key']).toBeTruthy();
  });

  it('checks the schedule form before sending (a time in the past, no channel)', async () => {
    const approved: Content = { ...CONTENT, status: 'approved' };
    const api = routes(
      { content: approved },
      {
        [`GET /connections`]: () =>
          json(200, {
            items: [
              {
                id: CONNECTION_ID,
                brandId: BRAND.id,
                platform: 'linkedin',
                displayName: 'Northside on LinkedIn',
                status: 'active',
                statusReason: null,
                accountId: null,
                expiresAt: null,
                createdAt: '',
                updatedAt: '',
              },
            ],
          }),
      },
    );
    renderApp({ path: PATH, fetch: api.fetch, signedIn: true });
    const user = userEvent.setup();
    await user.click(await screen.findByRole('tab', { name: 'Schedule and publish' }));
    const at = await screen.findByLabelText(/Publish at/);
    await user.clear(at);
    await user.type(at, '2020-01-01T10:00');
    await user.click(screen.getByRole('checkbox', { name: 'Northside on LinkedIn' }));
    await user.click(screen.getByRole('button', { name: 'Schedule' }));
    expect(await screen.findByText('must be in the future')).toBeInTheDocument();
    // ScheduleContentShape refuses an empty list of connections; an empty field reads "is required" (ADR 205).
    expect(screen.getByText('is required')).toBeInTheDocument();
    expect(api.calls.some((c) => c.method === 'POST' && c.path.endsWith('/schedule'))).toBe(false);
  });

  it('checks "Publish now" with the API’s shape (no channel) and schedules the body it checked: a UTC instant and the channel ids', async () => {
    const approved: Content = { ...CONTENT, status: 'approved' };
    const connection = { id: CONNECTION_ID, brandId: BRAND.id, platform: 'linkedin', displayName: 'Northside on LinkedIn', status: 'active' };
    const api = routes(
      { content: approved },
      {
        'GET /connections': () => json(200, { items: [connection] }),
        'GET /schedule': () => json(200, { items: [], nextCursor: null }),
        [`POST /content/${CONTENT.id}/publish`]: () => json(202, { contentId: CONTENT.id, status: 'publishing' }),
        [`POST /content/${CONTENT.id}/schedule`]: () => json(201, { contentId: CONTENT.id, status: 'scheduled' }),
      },
    );
    renderApp({ path: PATH, fetch: api.fetch, signedIn: true });
    const user = userEvent.setup();
    await user.click(await screen.findByRole('tab', { name: 'Schedule and publish' }));
    const channel = await screen.findByRole('checkbox', { name: 'Northside on LinkedIn' });
    await waitFor(() => expect(channel).toBeChecked());
    await user.click(channel);
    await user.click(screen.getByRole('button', { name: 'Publish now' }));
    expect(await screen.findByText('is required')).toBeInTheDocument();
    expect(api.calls.some((c) => c.path.startsWith(`/content/${CONTENT.id}/`) && c.method === 'POST')).toBe(false);
    await user.click(channel);
    const at = screen.getByLabelText(/Publish at/);
    await user.clear(at);
    await user.type(at, '2099-03-02T09:30');
    await user.click(screen.getByRole('button', { name: 'Schedule' }));
    await waitFor(() =>
      expect(api.calls.find((c) => c.path === `/content/${CONTENT.id}/schedule`)?.body).toEqual({
        at: new Date('2099-03-02T09:30').toISOString(),
        connectionIds: [CONNECTION_ID],
      }),
    );
    expect(screen.queryByText('is required')).not.toBeInTheDocument();
  });

  it('says a published post was published: no approval call to action, no "will be published"', async () => {
    const published: Content = {
      ...CONTENT,
      status: 'published',
      approvedAt: '2026-11-20T08:00:00.000Z',
      publishedAt: '2026-11-21T09:30:00.000Z',
      externalUrl: 'https://www.linkedin.com/feed/update/1',
    };
    renderApp({
      path: PATH,
      fetch: routes({ content: published }, { 'GET /schedule': () => json(200, { items: [], nextCursor: null }) }).fetch,
      signedIn: true,
    });
    expect(await screen.findByText('What was published')).toBeInTheDocument();
    expect(screen.queryByText('What will be published')).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Approve' })).not.toBeInTheDocument();
    await userEvent.setup().click(screen.getByRole('tab', { name: 'Schedule and publish' }));
    expect(await screen.findByRole('heading', { name: 'Where it was published' })).toBeInTheDocument();
    expect(screen.queryByText(/Approve the post/)).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Publish now' })).not.toBeInTheDocument();
  });

  it('replaces "Publishing…" with the outcome once the post is published', async () => {
    const connection = {
      id: CONNECTION_ID,
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
    const server = { content: { ...CONTENT, status: 'approved' } as Content };
    const api = routes(server, {
      'GET /connections': () => json(200, { items: [connection] }),
      'GET /schedule': () => json(200, { items: [], nextCursor: null }),
      [`POST /content/${CONTENT.id}/publish`]: () => {
        setTimeout(() => (server.content = { ...server.content, status: 'published', publishedAt: new Date().toISOString() }), 300);
        return json(202, { contentId: CONTENT.id, status: 'publishing' });
      },
    });
    renderApp({ path: PATH, fetch: api.fetch, signedIn: true });
    const user = userEvent.setup();
    await user.click(await screen.findByRole('tab', { name: 'Schedule and publish' }));
    await user.click(await screen.findByRole('button', { name: 'Publish now' }));
    expect(await screen.findByText('Publishing to LinkedIn…')).toBeInTheDocument();
    expect(await screen.findByText('Published to LinkedIn.')).toBeInTheDocument();
    expect(await screen.findByLabelText('Status: published')).toBeInTheDocument();
    expect(screen.queryByText('Publishing to LinkedIn…')).not.toBeInTheDocument();
  });

  it('offers the calendar entry’s planned slot as the time to publish', async () => {
    const planned = new Date(Date.now() + 3 * 86_400_000);
    planned.setHours(16, 45, 0, 0);
    const approved: Content = { ...CONTENT, status: 'approved', calendarEntryId: 'e1' };
    const api = routes(
      { content: approved },
      {
        'GET /schedule': () => json(200, { items: [], nextCursor: null }),
        [`GET /campaigns/${CONTENT.campaignId}/calendar`]: () =>
          json(200, {
            items: [
              {
                id: 'e1',
                campaignId: CONTENT.campaignId,
                brandId: BRAND.id,
                date: '',
                time: '',
                timezone: 'UTC',
                scheduledAt: planned.toISOString(),
                platform: 'linkedin',
                topic: 't',
                pillar: null,
                format: null,
                framework: null,
                status: 'approved',
                contentId: CONTENT.id,
              },
            ],
          }),
      },
    );
    renderApp({ path: PATH, fetch: api.fetch, signedIn: true });
    await userEvent.setup().click(await screen.findByRole('tab', { name: 'Schedule and publish' }));
    const pad = (n: number) => String(n).padStart(2, '0');
    const expected = `${planned.getFullYear()}-${pad(planned.getMonth() + 1)}-${pad(planned.getDate())}T16:45`;
    await waitFor(() => expect(screen.getByLabelText(/Publish at/)).toHaveValue(expected));
  });

  it('previews the post as its platform shows it: profile, styled hashtags and links, the count and where it is cut', async () => {
    const long = `Our winter blend is back: https://northside.example/winter ${'rich, dark and sweet. '.repeat(14)}`;
    const onX: Content = { ...CONTENT, platform: 'x', body: long.trim(), hashtags: ['coffee'] };
    renderApp({ path: PATH, fetch: routes({ content: onX }).fetch, signedIn: true });
    const preview = await screen.findByLabelText('Preview on X');
    expect(preview).toHaveTextContent(BRAND.name);
    expect(within(preview).getByTitle('https://northside.example/winter')).toHaveAttribute('data-token', 'link');
    expect(within(preview).getByTitle('https://northside.example/winter')).toHaveTextContent(/^northside.example\/winter$/);
    expect(within(preview).getByText('#coffee')).toHaveAttribute('data-token', 'hashtag');
    expect(within(preview).getByLabelText('The platform cuts the text here')).toBeInTheDocument();
    expect(preview).toHaveTextContent(/\/ 280 characters — \d+ over: X cuts or refuses the rest/);
  });

  it('checks an edit with the API’s content shape before sending (a hashtag that is not one word, an empty post)', async () => {
    const api = routes({ content: CONTENT }, { [`PATCH /content/${CONTENT.id}`]: () => json(200, { ...CONTENT, version: 2 }) });
    renderApp({ path: PATH, fetch: api.fetch, signedIn: true });
    const user = userEvent.setup();
    await user.click(await screen.findByRole('tab', { name: 'Edit' }));
    const form = await screen.findByRole('form', { name: 'Edit the post' });
    await user.type(within(form).getByLabelText('Hashtags'), 'flat-white{Enter}');
    await user.click(within(form).getByRole('button', { name: 'Save as a new version' }));
    expect(await within(form).findByText('each hashtag is one word of letters, digits or _')).toBeInTheDocument();
    const box = within(form).getByLabelText('Post');
    await user.clear(box);
    await user.click(within(form).getByRole('button', { name: 'Save as a new version' }));
    expect(await within(form).findByText('is required')).toBeInTheDocument();
    expect(api.calls.some((c) => c.method === 'PATCH')).toBe(false);
  });

  it('refuses a post over its platform’s length before sending, as creation-agent counts it', async () => {
    const onX: Content = { ...CONTENT, platform: 'x', body: 'Short.', hashtags: [] };
    const api = routes({ content: onX }, { [`PATCH /content/${CONTENT.id}`]: () => json(200, { ...onX, version: 2 }) });
    renderApp({ path: PATH, fetch: api.fetch, signedIn: true });
    const user = userEvent.setup();
    await user.click(await screen.findByRole('tab', { name: 'Edit' }));
    const form = await screen.findByRole('form', { name: 'Edit the post' });
    const box = within(form).getByLabelText('Post');
    await user.clear(box);
    await user.click(box);
    await user.paste('b'.repeat(281));
    await user.click(within(form).getByRole('button', { name: 'Save as a new version' }));
    expect(await within(form).findByText('is 281 characters with its hashtags; x allows 280')).toBeInTheDocument();
    expect(api.calls.some((c) => c.method === 'PATCH')).toBe(false);
    await user.type(within(form).getByLabelText('Hashtags'), '#coffee{Enter}');
    await user.clear(box);
    await user.type(box, 'Cupping on Saturday.');
    await user.click(within(form).getByRole('button', { name: 'Save as a new version' }));
    await waitFor(() => expect(api.calls.find((c) => c.method === 'PATCH')?.body).toEqual({ body: 'Cupping on Saturday.', hashtags: ['coffee'] }));
  });

  it('names the approver and the time on an approved post', async () => {
    const approved: Content = { ...CONTENT, status: 'approved', approvedAt: '2026-11-20T08:00:00.000Z', approvedBy: 'u2' };
    const api = routes(
      { content: approved },
      {
        [`GET /brands/${BRAND.id}/members`]: () =>
          json(200, { items: [{ userId: 'u2', email: 'grace@example.com', name: 'Grace Hopper', role: 'editor', createdAt: '' }], nextCursor: null }),
      },
    );
    renderApp({ path: PATH, fetch: api.fetch, signedIn: true });
    expect(await screen.findByText(/^Approved by Grace Hopper /)).toHaveTextContent('Approved by Grace Hopper Fri 20 Nov, 08:00');
  });
});
