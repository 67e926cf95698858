import { computeInsights, type PostNumbers } from './insight-rules';

let n = 0;
const post = (at: string, impressions: number, engagements: number, over: Partial<PostNumbers> = {}): PostNumbers => ({
  contentId: `c${n++}`,
  platform: 'linkedin',
  publishedAt: new Date(at),
  impressions,
  engagements,
  clicks: 0,
  simulated: false,
  topic: null,
  pillar: null,
  format: null,
  ...over,
});

describe('insights', () => {
  const posts = [
    // previous 7 days: 2% engagement
    post('2026-03-03T08:00:00Z', 1000, 20, { pillar: 'Education', format: 'text' }),
    post('2026-03-04T08:00:00Z', 1000, 20, { pillar: 'Product', format: 'text' }),
    post('2026-03-05T16:00:00Z', 1000, 20, { pillar: 'Education', format: 'carousel', platform: 'x' }),
    // last 7 days: 4% engagement
    post('2026-03-10T08:00:00Z', 1000, 60, { pillar: 'Education', format: 'carousel', simulated: true }),
    post('2026-03-11T08:00:00Z', 1000, 30, { pillar: 'Product', format: 'text' }),
    post('2026-03-12T16:00:00Z', 1000, 30, { pillar: 'Product', format: 'text', platform: 'x' }),
  ];
  const insights = computeInsights({ posts, timezone: 'Europe/Berlin', periodDays: 7 });
  const byType = Object.fromEntries(insights.map((i) => [i.type, i]));

  it('compares the engagement rate of the last period with the one before, with its evidence', () => {
    expect(byType.engagement_trend.evidence).toMatchObject({
      currentRate: 0.04,
      previousRate: 0.02,
      changePct: 100,
      currentPosts: 3,
      previousPosts: 3,
      currentImpressions: 3000,
      smallSample: false,
    });
    expect(byType.engagement_trend.message).toBe('Engagement rate rose from 2.0% to 4.0% (+100%) over the last 7 days (3 posts against 3).');
    expect(byType.engagement_trend.recommendation).toMatch(/^Engagement is rising/);
    expect(byType.engagement_trend.simulated).toBe(true);
  });

  it('names the best pillar, format, platform and local hour with sample sizes and lift', () => {
    expect(byType.best_pillar.evidence).toMatchObject({ pillar: 'Education', rate: 0.0333, posts: 3, overallRate: 0.03, liftPct: 11.1, sampleSize: 6 });
    expect(byType.best_format.evidence).toMatchObject({ format: 'carousel', rate: 0.04, posts: 2 });
    expect(byType.best_format.simulated).toBe(true);
    expect(byType.best_platform.evidence).toMatchObject({ platform: 'linkedin' });
    // 08:00 UTC is 09:00 in Berlin in March (before the change to summer time).
    expect(byType.best_time.evidence).toMatchObject({ hour: '09:00', timezone: 'Europe/Berlin', posts: 4 });
    expect(byType.best_time.recommendation).toBe('Scheduling posts around 09:00 (Europe/Berlin).');
    expect(byType.best_topic).toBeUndefined(); // no post has a topic
  });

  it('says so when there is nothing to learn from, and is deterministic', () => {
    expect(computeInsights({ posts: [], timezone: 'UTC', periodDays: 7 }).map((i) => i.type)).toEqual(['no_data']);
    expect(computeInsights({ posts, timezone: 'Europe/Berlin', periodDays: 7 })).toEqual(insights);
    const small = computeInsights({ posts: posts.slice(3, 4), timezone: 'UTC', periodDays: 7 });
    expect(small[0].message).toMatch(/no earlier period/);
    expect(small[0].recommendation).toMatch(/^Too few posts/);
  });
});
