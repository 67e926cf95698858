import { hourEffect, planPosts, seededRandom, simulatePerformance, utcOfLocal, windowDays } from './simulation-model';

const plan = (seed: string, overrides: Partial<Parameters<typeof planPosts>[0]> = {}) =>
  planPosts({
    seed,
    endDay: '2026-11-23',
    days: 30,
    timezone: 'Europe/Paris',
    known: [],
    platforms: ['linkedin', 'x'],
    pillars: ['Education', 'Product', 'Community'],
    ...overrides,
  });

describe('analytics simulation', () => {
  it('is deterministic: the same seed gives the same posts and numbers', () => {
    const a = simulatePerformance('brand-1:30', plan('brand-1:30'), '2026-11-23');
    const b = simulatePerformance('brand-1:30', plan('brand-1:30'), '2026-11-23');
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    const other = simulatePerformance('brand-2:30', plan('brand-2:30'), '2026-11-23');
    expect(JSON.stringify(other)).not.toBe(JSON.stringify(a));
  });

  it('covers every day of the window on each platform, never after its end, with sane counts', () => {
    const rows = simulatePerformance('s', plan('s'), '2026-11-23');
    const days = new Set(windowDays('2026-11-23', 30));
    for (const platform of ['linkedin', 'x']) {
      const covered = new Set(rows.filter((r) => r.platform === platform).map((r) => r.day));
      expect(covered.size).toBeGreaterThanOrEqual(27);
    }
    for (const r of rows) {
      expect(days.has(r.day)).toBe(true);
      expect(r.engagements).toBeLessThanOrEqual(r.impressions);
      expect(r.clicks).toBeLessThanOrEqual(r.engagements);
      expect(r.postKey.startsWith('sim:')).toBe(true);
    }
  });

  it('varies by platform and pillar so that insights can find a difference', () => {
    const rows = simulatePerformance('v', plan('v', { days: 90 }), '2026-11-23');
    const rate = (pred: (r: (typeof rows)[number]) => boolean) => {
      const sel = rows.filter(pred);
      return sel.reduce((a, r) => a + r.engagements, 0) / sel.reduce((a, r) => a + r.impressions, 0);
    };
    expect(rate((r) => r.platform === 'linkedin')).toBeGreaterThan(1.5 * rate((r) => r.platform === 'x'));
    const byPillar = ['Education', 'Product', 'Community'].map((p) => rate((r) => r.pillar === p));
    expect(Math.max(...byPillar) / Math.min(...byPillar)).toBeGreaterThan(1.1);
    expect(hourEffect('linkedin', 10)).toBeGreaterThan(hourEffect('linkedin', 3));
  });

  it('measures the brand’s known content when it has some', () => {
    const known = [
      { contentId: '00000000-0000-4000-8000-000000000001', platform: 'linkedin', topic: 'Pricing', pillar: 'Product', format: 'carousel' },
      { contentId: '00000000-0000-4000-8000-000000000002', platform: 'x', topic: 'Tips', pillar: 'Education', format: 'text' },
    ];
    const posts = plan('k', { known });
    expect(posts.map((p) => p.contentId)).toEqual(known.map((k) => k.contentId));
    const rows = simulatePerformance('k', posts, '2026-11-23');
    expect(new Set(rows.map((r) => r.contentId))).toEqual(new Set(known.map((k) => k.contentId)));
  });

  it('places local posting hours in the brand timezone', () => {
    expect(utcOfLocal('2026-07-01', 9, 'Europe/Paris').toISOString()).toBe('2026-07-01T07:00:00.000Z');
    expect(utcOfLocal('2026-01-15', 9, 'Europe/Paris').toISOString()).toBe('2026-01-15T08:00:00.000Z');
    const r = seededRandom('x');
    expect(r()).toBe(seededRandom('x')());
  });
});
