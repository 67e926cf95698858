import { sampleBrand } from '../testing/fixtures';
import type { PostMetrics } from '../tasks/insights.task';
import { LocalEngine } from './local-engine';

/** Insights worded from the numbers: one posting time per platform, no recommendation contradicting another. */
const engine = new LocalEngine();
const brand = sampleBrand();
const post = (id: string, platform: PostMetrics['platform'], publishedAt: string, impressions: number, engagements: number, pillar?: string): PostMetrics => ({
  id,
  platform,
  publishedAt,
  impressions,
  engagements,
  ...(pillar ? { pillar } : {}),
});

// LinkedIn best at 08:00 UTC, X best at 12:00 UTC; LinkedIn clearly ahead overall.
const posts: PostMetrics[] = [
  post('l1', 'linkedin', '2025-09-01T08:00:00Z', 1000, 80, 'Direct trade'),
  post('l2', 'linkedin', '2025-09-02T08:10:00Z', 1000, 90, 'Direct trade'),
  post('l3', 'linkedin', '2025-09-03T17:00:00Z', 1000, 30, 'Brewing guides'),
  post('l4', 'linkedin', '2025-09-04T17:05:00Z', 1000, 20, 'Brewing guides'),
  post('x1', 'x', '2025-09-01T06:00:00Z', 1000, 10, 'Brewing guides'),
  post('x2', 'x', '2025-09-02T06:30:00Z', 1000, 12, 'Brewing guides'),
  post('x3', 'x', '2025-09-03T12:00:00Z', 1000, 40, 'Direct trade'),
  post('x4', 'x', '2025-09-04T12:15:00Z', 1000, 44, 'Direct trade'),
  post('x5', 'x', '2025-09-05T12:20:00Z', 1000, 38, 'Direct trade'),
  post('x6', 'x', '2025-09-06T06:10:00Z', 1000, 9, 'Brewing guides'),
];

describe('insights of the built-in engine', () => {
  it("recommends one posting time per platform, in the brand's time zone", () => {
    const out = engine.generate('insights', { brand, period: { from: '2025-09-01', to: '2025-09-30' }, posts, timezone: 'Europe/London' });
    const timing = out.recommendations.filter((r) => /around \d\d:00/.test(r.action));
    expect(timing).toHaveLength(1);
    expect(timing[0].action).toBe('Posting times: LinkedIn around 09:00, X around 13:00 (Europe/London)');
    expect(out.recommendations.map((r) => r.action).join(' ')).not.toMatch(/UTC/);
  });

  it('names the top and weakest posts by their words or their day, never by their id', () => {
    const withText = posts.map((p, i) => (i === 2 ? { ...p, id: 'c6cf04f0-1c7e-4b43-9a0c-2f7d6a1b3c4d', text: 'Why we roast on Tuesdays' } : p));
    const out = engine.generate('insights', { brand, period: { from: '2025-09-01', to: '2025-09-30' }, posts: withText });
    const top = out.findings.find((f) => f.title === 'Top post');
    const weakest = out.findings.find((f) => f.title === 'Weakest post');
    expect(top?.detail).toBe('The 2025-09-02 post on LinkedIn: 9.0% engagement from 1000 impressions.');
    expect(weakest?.detail).toBe('The 2025-09-06 post on X: 0.9% engagement.');
    expect(top?.evidencePostIds).toEqual(['l2']);
    const third = engine.generate('insights', {
      brand,
      period: { from: '2025-09-01', to: '2025-09-30' },
      posts: withText.map((p) => (p.text ? { ...p, engagements: 200 } : p)),
    });
    expect(third.findings.find((f) => f.title === 'Top post')?.detail).toBe('"Why we roast on Tuesdays" on LinkedIn: 20.0% engagement from 1000 impressions.');
    expect(third.findings.map((f) => f.detail).join(' ')).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}/);
  });

  it('states a leading platform with both rates and recommends shifting towards it', () => {
    const out = engine.generate('insights', { brand, period: { from: '2025-09-01', to: '2025-09-30' }, posts });
    expect(out.findings[0].title).toBe('LinkedIn leads on engagement');
    expect(out.recommendations[0]).toMatchObject({ action: 'Shift one post a week towards LinkedIn', priority: 'high' });
    expect(out.recommendations[0].rationale).toContain('5.5% against 2.5% on X');
  });

  it('with a small sample, only advises patience: no shift, no pillar change', () => {
    const out = engine.generate('insights', { brand, period: { from: '2025-09-01', to: '2025-09-30' }, posts: posts.slice(0, 4) });
    const actions = out.recommendations.map((r) => r.action).join(' | ');
    expect(actions).toContain('Keep the plan steady');
    expect(actions).not.toMatch(/Shift|Make more posts/);
  });

  it('counts posts in words a reader would write: "1 post", "4 posts", never "post(s)"', () => {
    for (const n of [1, 4]) {
      const out = engine.generate('insights', { brand, period: { from: '2025-09-01', to: '2025-09-30' }, posts: posts.slice(0, n) });
      const text = JSON.stringify(out);
      expect(text).not.toContain('(s)');
      expect(text).toContain(n === 1 ? '1 post ' : `${n} posts`);
    }
  });

  it('does not call a platform the leader when the rates are alike', () => {
    const even = [
      post('a', 'x', '2025-09-01T09:00:00Z', 1000, 50),
      post('b', 'x', '2025-09-02T09:00:00Z', 1000, 50),
      post('c', 'linkedin', '2025-09-01T09:00:00Z', 1000, 51),
      post('d', 'linkedin', '2025-09-02T09:00:00Z', 1000, 49),
      ...Array.from({ length: 8 }, (_, i) => post(`m${i}`, 'mastodon', `2025-09-0${(i % 8) + 1}T10:00:00Z`, 1000, 50)),
    ];
    const out = engine.generate('insights', { brand, period: { from: '2025-09-01', to: '2025-09-30' }, posts: even });
    expect(out.findings[0].title).toBe('Platforms engage alike');
    expect(out.recommendations.map((r) => r.action).join(' ')).not.toMatch(/Shift/);
  });
});
