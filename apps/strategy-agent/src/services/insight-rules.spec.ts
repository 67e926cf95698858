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

  it("names the best pillar, format, platform and each platform's local hour with sample sizes and lift", () => {
    expect(byType.best_pillar.evidence).toMatchObject({ pillar: 'Education', rate: 0.0333, posts: 3, overallRate: 0.03, liftPct: 11.1, sampleSize: 6 });
    expect(byType.best_format.evidence).toMatchObject({ format: 'carousel', rate: 0.04, posts: 2 });
    expect(byType.best_format.simulated).toBe(true);
    expect(byType.best_platform.evidence).toMatchObject({ platform: 'linkedin' });
    // 08:00 UTC is 09:00 in Berlin in March (before the change to summer time).
    expect(byType.best_time.evidence).toMatchObject({
      timezone: 'Europe/Berlin',
      platforms: [
        { platform: 'linkedin', hour: '09:00', posts: 4 },
        { platform: 'x', hour: '17:00', posts: 2 },
      ],
    });
    expect(byType.best_time.recommendation).toBe('Posting times: LinkedIn around 09:00, X around 17:00 (Europe/Berlin).');
    expect(byType.best_topic).toBeUndefined(); // no post has a topic
  });

  it('says so when there is nothing to learn from, and is deterministic', () => {
    expect(computeInsights({ posts: [], timezone: 'UTC', periodDays: 7 }).map((i) => i.type)).toEqual(['no_data']);
    expect(computeInsights({ posts, timezone: 'Europe/Berlin', periodDays: 7 })).toEqual(insights);
    const small = computeInsights({ posts: posts.slice(3, 4), timezone: 'UTC', periodDays: 7 });
    expect(small[0].message).toMatch(/no earlier period/);
    expect(small[0].recommendation).toMatch(/^Too few posts/);
  });

  it("gives each platform its own best hour, measured on its own posts in the brand's zone, and no single time across them", () => {
    // LinkedIn does best at 09:00 London time, X at 14:00; pooled, 14:00 would win and contradict LinkedIn's.
    const at = (day: number, hourUtc: number) => `2026-06-${String(day).padStart(2, '0')}T${String(hourUtc).padStart(2, '0')}:00:00Z`;
    const mixed = [
      post(at(1, 8), 1000, 50, { platform: 'linkedin' }),
      post(at(2, 8), 1000, 50, { platform: 'linkedin' }),
      post(at(3, 13), 1000, 10, { platform: 'linkedin' }),
      post(at(4, 13), 1000, 10, { platform: 'linkedin' }),
      post(at(1, 13), 1000, 80, { platform: 'x' }),
      post(at(2, 13), 1000, 80, { platform: 'x' }),
      post(at(3, 8), 1000, 10, { platform: 'x' }),
      post(at(4, 8), 1000, 10, { platform: 'x' }),
      // One Mastodon post: too few at any hour to judge, so Mastodon gets no time at all.
      post(at(5, 8), 1000, 90, { platform: 'mastodon' }),
    ];
    const all = computeInsights({ posts: mixed, timezone: 'Europe/London', periodDays: 7 });
    const time = all.find((i) => i.type === 'best_time');
    expect(time?.evidence).toMatchObject({
      timezone: 'Europe/London',
      platforms: [
        { platform: 'linkedin', hour: '09:00', rate: 0.05, posts: 2 },
        { platform: 'x', hour: '14:00', rate: 0.08, posts: 2 },
      ],
      unjudgedPlatforms: ['mastodon'],
    });
    expect(time?.evidence).not.toHaveProperty('hour');
    expect(time?.recommendation).toBe('Posting times: LinkedIn around 09:00, X around 14:00 (Europe/London).');
    expect(time?.message).toBe(
      'Best hour by platform (Europe/London): LinkedIn 09:00, 5.0% over 2 posts, X 14:00, 8.0% over 2 posts. Too few posts at any one hour to judge Mastodon yet.',
    );
    // No other insight names a posting time: nothing on the page can contradict the per-platform ones.
    expect(all.filter((i) => /\b\d{2}:\d{2}\b/.test(`${i.message} ${i.recommendation}`)).map((i) => i.type)).toEqual(['best_time']);
  });
});
