import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { Campaign, ScheduleItem } from '../api/types';
import { BRAND, fakeFetch, json, sessionRoutes } from '../test/fake-api';
import { CAMPAIGN, CONTENT, entry } from '../test/fixtures';
import { renderApp } from '../test/render';

const today = new Date().toISOString().slice(0, 10);
const OTHER: Campaign = { ...CAMPAIGN, id: '44444444-4444-4444-8444-444444444444', name: 'Winter blends', platforms: ['x'] };
const ONE_OFF = {
  ...CONTENT,
  id: '55555555-5555-4555-8555-555555555555',
  campaignId: null,
  platform: 'mastodon',
  status: 'published' as const,
  body: 'Thank you to every neighbour who came to the harbour tasting on Saturday.',
};
const PUBLISHED: ScheduleItem = {
  id: 's1',
  brandId: BRAND.id,
  contentId: ONE_OFF.id,
  connectionId: 'conn-1',
  platform: 'mastodon',
  at: `${today}T14:05:00.000Z`,
  localAt: `${today}T14:05:00+00:00`,
  timezone: 'UTC',
  status: 'published',
  attempts: 1,
  externalId: 'toot-1',
  url: 'https://social.example/@harbour/1',
  error: null,
  publishedAt: `${today}T14:05:02.000Z`,
};

function routes() {
  return fakeFetch({
    ...sessionRoutes(),
    'GET /campaigns': () => json(200, { items: [CAMPAIGN, OTHER], nextCursor: null }),
    [`GET /campaigns/${CAMPAIGN.id}/calendar`]: () => json(200, { items: [entry('e1', today, { contentId: CONTENT.id })] }),
    [`GET /campaigns/${OTHER.id}/calendar`]: () =>
      json(200, { items: [entry('e2', today, { campaignId: OTHER.id, platform: 'x', time: '11:00', status: 'planned' })] }),
    'GET /schedule': () => json(200, { items: [PUBLISHED], nextCursor: null }),
    'GET /content': () => json(200, { items: [CONTENT, ONE_OFF], nextCursor: null }),
  });
}

describe('brand calendar', () => {
  it('shows every campaign’s entries and the published one-off posts, filtered by channel, campaign and status', async () => {
    renderApp({ path: '/calendar', fetch: routes().fetch, signedIn: true });
    expect(await screen.findByRole('heading', { name: `Calendar — ${BRAND.name}` })).toBeInTheDocument();
    const day = () =>
      screen.getByRole('gridcell', {
        name: new RegExp(
          `, ${new Intl.DateTimeFormat('en-GB', { month: 'long', day: 'numeric', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${today}T00:00:00Z`))}`,
        ),
      });
    await waitFor(() => expect(within(day()).getAllByRole('button')).toHaveLength(3));
    expect(within(day()).getByRole('button', { name: /^LinkedIn 09:30, drafted: Huila beans have landed.*\(Autumn origins\)$/ })).toBeInTheDocument();
    expect(within(day()).getByRole('button', { name: /^X 11:00, planned: Topic e2 \(Winter blends\)$/ })).toBeInTheDocument();
    const oneOff = within(day()).getByRole('button', { name: /^Mastodon 14:05, published: Thank you to every neighbour/ });
    expect(within(oneOff).getByRole('img', { name: 'Mastodon' })).toBeInTheDocument();

    const user = userEvent.setup();
    await user.selectOptions(screen.getByLabelText('Channel'), 'x');
    await waitFor(() => expect(within(day()).getAllByRole('button')).toHaveLength(1));
    expect(within(day()).getByRole('button', { name: /^X 11:00/ })).toBeInTheDocument();
    await user.selectOptions(screen.getByLabelText('Channel'), '');

    await user.selectOptions(screen.getByLabelText('Campaign'), 'One-off posts');
    await waitFor(() => expect(within(day()).getAllByRole('button')).toHaveLength(1));
    expect(within(day()).getByRole('button', { name: /^Mastodon 14:05/ })).toBeInTheDocument();
    await user.selectOptions(screen.getByLabelText('Campaign'), 'Autumn origins');
    await waitFor(() => expect(within(day()).getByRole('button', { name: /^LinkedIn 09:30/ })).toBeInTheDocument());
    expect(within(day()).getAllByRole('button')).toHaveLength(1);
    await user.selectOptions(screen.getByLabelText('Campaign'), '');

    await user.selectOptions(screen.getByLabelText('Status'), 'published');
    await waitFor(() => expect(within(day()).getAllByRole('button')).toHaveLength(1));
  });

  it('refuses a move to a date the API would refuse, in MoveEntryShape’s words, and sends nothing (ADR 210)', async () => {
    const api = routes();
    renderApp({ path: '/calendar', fetch: api.fetch, signedIn: true });
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: /^X 11:00, planned: Topic e2/ }));
    // A date input takes a year of five digits; the API takes four.
    fireEvent.change(await screen.findByLabelText('Move to'), { target: { value: '20261-12-09' } });
    await user.click(screen.getByRole('button', { name: 'Move' }));
    expect(await screen.findByText('must be a date like 2026-03-05')).toBeInTheDocument();
    expect(api.calls.filter((c) => c.method === 'PATCH')).toEqual([]);
  });
});
