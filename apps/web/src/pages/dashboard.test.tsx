import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Content, ScheduleItem } from '../api/types';
import { BRAND, fakeFetch, json, problem, sessionRoutes } from '../test/fake-api';
import { CONTENT } from '../test/fixtures';
import { renderApp } from '../test/render';

const soon = new Date(Date.now() + 2 * 3_600_000).toISOString();
const SCHEDULED: Content = {
  ...CONTENT,
  id: '66666666-6666-4666-8666-666666666666',
  status: 'scheduled',
  platform: 'webhook',
  body: 'Spring tune-up: bring your grinder on Saturday and we will service it for free.',
};
const ITEM: ScheduleItem = {
  id: 's1',
  brandId: BRAND.id,
  contentId: SCHEDULED.id,
  connectionId: 'k1',
  platform: 'webhook',
  at: soon,
  localAt: soon,
  timezone: 'UTC',
  status: 'scheduled',
  attempts: 0,
  externalId: null,
  url: null,
  error: null,
  publishedAt: null,
};

function routes() {
  return fakeFetch({
    ...sessionRoutes(),
    [`GET /brands/${BRAND.id}/voice`]: () => problem(404, 'NOT_FOUND'),
    'GET /connections': () =>
      json(200, { items: [{ id: 'k1', brandId: BRAND.id, platform: 'webhook', displayName: 'Shop feed', status: 'active' }], nextCursor: null }),
    'GET /campaigns': () => json(200, { items: [], nextCursor: null }),
    'GET /content': (req) => json(200, { items: req.path.includes('status=scheduled') ? [SCHEDULED] : [], nextCursor: null }),
    'GET /schedule': () => json(200, { items: [ITEM], nextCursor: null }),
    'GET /analytics/overview': () =>
      json(200, {
        brandId: BRAND.id,
        from: '',
        to: '',
        simulated: true,
        totals: { impressions: 12_345, engagements: 456, clicks: 78, engagementRate: 0.0369, simulated: true },
        byPlatform: [],
        daily: [],
        series: [],
      }),
  });
}

describe('dashboard', () => {
  it('shows the first-run checklist, how the posts did, and the next post by its words', async () => {
    renderApp({ path: '/', fetch: routes().fetch, signedIn: true });
    const start = await screen.findByLabelText('Getting started');
    expect(start).toHaveTextContent('3 of 5 done');
    // The steps left lead to their pages.
    expect(within(start).getByRole('link', { name: 'Teach the AI your voice' })).toHaveAttribute('href', `/brands/${BRAND.id}`);
    expect(within(start).getByRole('link', { name: 'Plan a campaign' })).toHaveAttribute('href', '/campaigns');
    expect(within(start).queryByRole('link', { name: 'Connect a channel' })).not.toBeInTheDocument();

    expect(await screen.findByText('12,345')).toBeInTheDocument();
    expect(screen.getByText('3.7%')).toBeInTheDocument();
    expect(screen.getByText('Simulated data')).toBeInTheDocument();

    const next = await screen.findByRole('link', { name: /^Spring tune-up: bring your grinder/ });
    expect(next).toHaveAttribute('href', `/content/${SCHEDULED.id}`);
    expect(screen.queryByRole('link', { name: 'webhook' })).not.toBeInTheDocument();
  });
});
