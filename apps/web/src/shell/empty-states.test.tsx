import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { BRAND, fakeFetch, json, sessionRoutes } from '../test/fake-api';
import { CAMPAIGN } from '../test/fixtures';
import { renderApp } from '../test/render';

const empty = () => json(200, { items: [], nextCursor: null });

/** A brand with nothing in it yet; `extra` adds or replaces routes. */
function routes(extra: Parameters<typeof fakeFetch>[0] = {}) {
  return fakeFetch({
    ...sessionRoutes(),
    'GET /campaigns': empty,
    'GET /content': empty,
    'GET /connections': empty,
    'GET /schedule': empty,
    'GET /messages': empty,
    [`GET /brands/${BRAND.id}/insights`]: empty,
    [`GET /brands/${BRAND.id}/members`]: empty,
    'GET /analytics/overview': () => json(200, { brandId: BRAND.id, from: '', to: '', simulated: false, totals: {}, byPlatform: [], daily: [], series: [] }),
    ...extra,
  });
}

/** The empty state named `name`, and its link named `link`. */
async function nextStep(name: string, link: string) {
  const region = await screen.findByRole('region', { name });
  return { region, link: within(region).getByRole('link', { name: link }) };
}

describe('empty states lead to the next step', () => {
  it('campaigns: no campaign → “Plan a campaign” takes the user to the new-campaign form', async () => {
    renderApp({ path: '/campaigns', fetch: routes().fetch, signedIn: true });
    const { link } = await nextStep('No campaign yet', 'Plan a campaign');
    expect(link).toHaveAttribute('href', '#new-campaign');
    await userEvent.setup().click(link);
    expect(screen.getByLabelText(/Campaign name/)).toHaveFocus();
  });

  it('content: no post → plan a campaign, or write one from a brief', async () => {
    renderApp({ path: '/content', fetch: routes().fetch, signedIn: true });
    const { region, link } = await nextStep('No posts yet', 'Plan a campaign');
    expect(link).toHaveAttribute('href', '/campaigns');
    const brief = within(region).getByRole('link', { name: 'Write a post from a brief' });
    await userEvent.setup().click(brief);
    expect(screen.getByLabelText(/Brief/)).toHaveFocus();
  });

  it('brand calendar: nothing planned → create a campaign, or write a post', async () => {
    renderApp({ path: '/calendar', fetch: routes().fetch, signedIn: true });
    const { region, link } = await nextStep('Nothing on the calendar yet', 'Create a campaign');
    expect(link).toHaveAttribute('href', '/campaigns');
    expect(within(region).getByRole('link', { name: 'Write a post' })).toHaveAttribute('href', '/content');
  });

  it('brand calendar: a campaign not planned yet → plan it', async () => {
    renderApp({
      path: '/calendar',
      fetch: routes({
        'GET /campaigns': () => json(200, { items: [CAMPAIGN], nextCursor: null }),
        [`GET /campaigns/${CAMPAIGN.id}/calendar`]: () => json(200, { items: [] }),
      }).fetch,
      signedIn: true,
    });
    const { link } = await nextStep('Nothing on the calendar yet', 'Plan a campaign');
    expect(link).toHaveAttribute('href', `/campaigns/${CAMPAIGN.id}`);
  });

  it('inbox: no channel → “Connect a channel”; with one → publish a post', async () => {
    const first = renderApp({ path: '/inbox', fetch: routes().fetch, signedIn: true });
    const { link } = await nextStep('No messages yet', 'Connect a channel');
    expect(link).toHaveAttribute('href', '/channels');
    first.unmount();

    const connected = routes({
      'GET /connections': () =>
        json(200, { items: [{ id: 'k1', brandId: BRAND.id, platform: 'mastodon', displayName: '@northside', status: 'active' }], nextCursor: null }),
    });
    renderApp({ path: '/inbox', fetch: connected.fetch, signedIn: true });
    await waitFor(() =>
      expect(screen.getByRole('region', { name: 'No messages yet' })).toHaveTextContent('Comments and messages from the connected channels arrive here'),
    );
    expect(within(screen.getByRole('region', { name: 'No messages yet' })).getByRole('link', { name: 'Publish a post' })).toHaveAttribute('href', '/content');
    expect(screen.queryByRole('link', { name: 'Connect a channel' })).not.toBeInTheDocument();
  });

  it('analytics: no insights and no published post → publish a post', async () => {
    renderApp({ path: '/analytics', fetch: routes().fetch, signedIn: true });
    const { link } = await nextStep('No insights yet', 'Publish a post');
    expect(link).toHaveAttribute('href', '/content');
    const { link: posts } = await nextStep('No published post', 'Approve and publish a post');
    expect(posts).toHaveAttribute('href', '/content');
  });
});
