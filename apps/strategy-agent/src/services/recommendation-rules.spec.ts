import { type CoverageItem, rankRecommendations } from './recommendation-rules';

const now = new Date('2026-03-20T12:00:00Z');
const daysAgo = (d: number) => new Date(now.getTime() - d * 86_400_000);

describe('recommendations', () => {
  it('ranks a never-covered pillar first, then stale ones, and leaves out well-covered ones', () => {
    const coverage: CoverageItem[] = [
      ...[1, 3, 5, 8, 12].map((d) => ({ at: daysAgo(d), pillar: 'Education', topic: 'How to brew' })),
      { at: daysAgo(45), pillar: 'Product', topic: 'New grinder' },
    ];
    const recs = rankRecommendations({ now, pillars: ['Education', 'Product', 'Community'], topics: [], coverage });
    expect(recs.map((r) => [r.topic, r.score])).toEqual([
      ['Community', 100],
      ['Product', 85],
    ]);
    expect(recs[0]).toMatchObject({ kind: 'pillar', lastCoveredAt: null, recentCount: 0, windowDays: 30 });
    expect(recs[0].reason).toBe('Never covered; 0 of 5 recent and planned entries (an even share is 1.7).');
    expect(recs[1]).toMatchObject({ lastCoveredAt: daysAgo(45).toISOString(), recentCount: 0 });
  });

  it('counts planned entries as recent coverage but not as "last covered"', () => {
    const coverage: CoverageItem[] = [{ at: new Date(now.getTime() + 3 * 86_400_000), pillar: 'Community', topic: 'Meetup' }];
    const [rec] = rankRecommendations({ now, pillars: ['Community'], topics: [], coverage });
    expect(rec).toBeUndefined(); // planned ahead: not stale, and it has all of the recent coverage
    const [stale] = rankRecommendations({ now, pillars: ['Community', 'Product'], topics: [], coverage });
    expect(stale).toMatchObject({ topic: 'Product', score: 100 });
  });

  it('matches topics by whole words, files them under a pillar, and nudges by engagement', () => {
    const coverage: CoverageItem[] = [
      { at: daysAgo(40), pillar: 'Coffee craft', topic: 'Why freshness matters', impressions: 1000, engagements: 80 },
      { at: daysAgo(41), pillar: 'Coffee craft', topic: 'Freshness in the bag', impressions: 1000, engagements: 60 },
      { at: daysAgo(42), pillar: 'Coffee craft', topic: 'Sustainability report', impressions: 1000, engagements: 10 },
      { at: daysAgo(43), pillar: 'Coffee craft', topic: 'Sustainability at origin', impressions: 1000, engagements: 10 },
    ];
    const recs = rankRecommendations({ now, pillars: ['Coffee craft'], topics: ['freshness', 'sustainability', 'coffee'], coverage });
    const byTopic = Object.fromEntries(recs.map((r) => [r.topic, r]));
    expect(byTopic.freshness.pillar).toBe('Coffee craft');
    expect(byTopic.coffee.pillar).toBe('Coffee craft');
    expect(byTopic.coffee.lastCoveredAt).toBeNull(); // "Coffee craft" is a pillar name, not a topic mention
    expect(byTopic.freshness.score).toBeGreaterThan(byTopic.sustainability.score);
    expect(byTopic.freshness.reason).toContain('engage at 7.0% against 4.0% overall (2 posts)');
    expect(rankRecommendations({ now, pillars: ['Coffee craft'], topics: ['freshness', 'sustainability', 'coffee'], coverage })).toEqual(recs);
  });
});
