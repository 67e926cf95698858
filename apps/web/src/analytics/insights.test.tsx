import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { Insight } from '../api/types';
import { BRAND, fakeFetch, json, sessionRoutes } from '../test/fake-api';
import { renderApp } from '../test/render';

const POST_ID = 'c6cf04f0-1c7e-4b43-9a0c-2f7d6a1b3c4d';

/** Insights as strategy-agent stores them (insight-rules.ts and the built-in engine's summary). */
const INSIGHTS: Insight[] = [
  {
    id: 'i1',
    brandId: BRAND.id,
    type: 'summary',
    category: 'summary',
    message: '6 posts with impressions; overall engagement 3.1%. Best platform: LinkedIn at 4.2%.',
    recommendation: 'Shift one post a week towards LinkedIn',
    evidence: {
      posts: 6,
      findings: [
        { title: 'LinkedIn leads on engagement', detail: 'LinkedIn 4.2% (4 posts), Mastodon 1.9% (2 posts); 3.1% overall.', posts: 4 },
        { title: 'Top post', detail: `Post ${POST_ID} on LinkedIn: 5.0% engagement from 812 impressions.`, posts: 1 },
      ],
      recommendations: [
        { action: 'Shift one post a week towards LinkedIn', rationale: 'It has the best engagement rate.', priority: 'high' },
        { action: 'Posting times: LinkedIn around 09:00 (UTC)', rationale: 'The best hour.', priority: 'medium' },
      ],
      engine: 'local-engine',
      model: 'local-engine',
    },
    simulated: true,
    createdAt: '2026-12-02T10:00:00.000Z',
  },
  {
    id: 'i2',
    brandId: BRAND.id,
    type: 'engagement_trend',
    category: 'performance',
    message: 'Engagement rate rose from 2.0% to 3.1% (+55%) over the last 7 days (4 posts against 2).',
    recommendation: 'Engagement is rising: keep the current mix and cadence.',
    evidence: {
      period: { from: '2026-11-25T03:00:00.000Z', to: '2026-12-02T03:00:00.000Z' },
      previousPeriod: { from: '2026-11-18T03:00:00.000Z', to: '2026-11-25T03:00:00.000Z' },
      currentRate: 0.031,
      previousRate: 0.02,
      changePct: 55,
      currentPosts: 4,
      previousPosts: 2,
      currentImpressions: 3200,
      previousImpressions: 1500,
      currentEngagements: 99,
      previousEngagements: 30,
      smallSample: true,
    },
    simulated: false,
    createdAt: '2026-12-02T10:00:00.000Z',
  },
  {
    id: 'i3',
    brandId: BRAND.id,
    type: 'best_platform',
    category: 'channel',
    message: 'Platform "linkedin" engages best: 4.2% over 4 posts, against 3.1% overall (+35%).',
    recommendation: 'Giving linkedin a larger share of the calendar.',
    evidence: {
      platform: 'linkedin',
      rate: 0.042,
      posts: 4,
      impressions: 2400,
      engagements: 100,
      overallRate: 0.031,
      liftPct: 35,
      sampleSize: 6,
      minPostsPerGroup: 2,
      ranking: [
        { platform: 'linkedin', rate: 0.042, posts: 4, impressions: 2400 },
        { platform: 'mastodon', rate: 0.019, posts: 2, impressions: 700 },
      ],
    },
    simulated: false,
    createdAt: '2026-12-02T10:00:00.000Z',
  },
  {
    id: 'i4',
    brandId: BRAND.id,
    type: 'best_time',
    category: 'timing',
    message: 'Best hour by platform (Europe/London): LinkedIn 09:00, 5.0% over 2 posts, X 14:00, 8.0% over 2 posts.',
    recommendation: 'Posting times: LinkedIn around 09:00, X around 14:00 (Europe/London).',
    evidence: {
      timezone: 'Europe/London',
      platforms: [
        {
          platform: 'linkedin',
          hour: '09:00',
          rate: 0.05,
          posts: 2,
          impressions: 2000,
          engagements: 100,
          ranking: [
            { hour: '09:00', rate: 0.05, posts: 2 },
            { hour: '14:00', rate: 0.01, posts: 2 },
          ],
        },
        { platform: 'x', hour: '14:00', rate: 0.08, posts: 2, impressions: 2000, engagements: 160, ranking: [{ hour: '14:00', rate: 0.08, posts: 2 }] },
      ],
      unjudgedPlatforms: ['mastodon'],
      overallRate: 0.04,
      sampleSize: 9,
      minPostsPerGroup: 2,
    },
    simulated: false,
    createdAt: '2026-12-02T10:00:00.000Z',
  },
];

function routes() {
  return fakeFetch({
    ...sessionRoutes(),
    'GET /analytics/overview': () =>
      json(200, {
        brandId: BRAND.id,
        from: '2026-11-03',
        to: '2026-12-02',
        simulated: false,
        totals: { impressions: 0, engagements: 0, clicks: 0, engagementRate: 0, simulated: false },
        byPlatform: [],
        daily: [],
        series: [],
      }),
    'GET /content': () => json(200, { items: [], nextCursor: null }),
    [`GET /brands/${BRAND.id}/insights`]: () => json(200, { items: INSIGHTS, nextCursor: null }),
  });
}

describe('insights', () => {
  it('reads as prose: no JSON, no raw ids, one badge per kind', async () => {
    renderApp({ path: '/analytics', fetch: routes().fetch, signedIn: true });
    const cards = await screen.findAllByTestId('insight');
    expect(cards).toHaveLength(4);
    for (const card of cards) {
      const text = card.textContent ?? '';
      expect(text).not.toMatch(/[{}[\]]/);
      expect(text).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/i);
    }
    const [summary, trend, platform, time] = cards;
    // "SUMMARY SUMMARY" was the category and the type side by side.
    expect(within(summary).getByText('AI summary')).toBeInTheDocument();
    expect(within(summary).queryAllByText(/^summary$/i)).toHaveLength(0);
    expect(within(summary).getByText('LinkedIn leads on engagement: LinkedIn 4.2% (4 posts), Mastodon 1.9% (2 posts); 3.1% overall.')).toBeInTheDocument();
    expect(within(summary).getByText('Top post: One post on LinkedIn: 5.0% engagement from 812 impressions.')).toBeInTheDocument();
    expect(within(summary).getByText(/built-in engine/i)).toBeInTheDocument();

    expect(within(trend).getByText(/^(Nov 25|25 Nov) – (Dec 2|2 Dec): 4 posts, 3,200 impressions, 99 engagements, 3\.1% engagement\.$/)).toBeInTheDocument();
    expect(within(trend).getByText('Small sample: treat this as a hint.')).toBeInTheDocument();

    expect(within(platform).getByText(/Ranking: LinkedIn 4\.2% \(4 posts\), Mastodon 1\.9% \(2 posts\)\./)).toBeInTheDocument();

    // One hour per platform, each in words, and no single hour for all of them.
    expect(
      within(time).getByText('LinkedIn at 09:00: 5.0% engagement over 2 posts (2,000 impressions); other hours: 14:00 1.0% (2 posts).'),
    ).toBeInTheDocument();
    expect(within(time).getByText('X at 14:00: 8.0% engagement over 2 posts (2,000 impressions).')).toBeInTheDocument();
    expect(within(time).getByText('Not enough posts at any one hour yet on Mastodon.')).toBeInTheDocument();
    expect(within(time).getByText('Hours in Europe/London.')).toBeInTheDocument();
    expect(time.textContent).not.toMatch(/^Hour|Hour —|not measurable/);
  });

  it('checks “Simulate data” with the API’s SimulateAnalyticsShape: more than 90 days gets its message and no request', async () => {
    const api = routes();
    renderApp({ path: '/analytics', fetch: api.fetch, signedIn: true });
    const user = userEvent.setup();
    const form = within(await screen.findByRole('form', { name: 'Simulate data' }));
    const days = form.getByLabelText('Days');
    await user.clear(days);
    // Sent with Enter from the field: no blur, so the field does not clamp what was typed.
    await user.type(days, '120{Enter}');
    expect(await form.findByText('must be a whole number from 1 to 90')).toBeInTheDocument();
    expect(api.calls.some((c) => c.method === 'POST' && c.path === '/analytics/simulate')).toBe(false);
  });
});
