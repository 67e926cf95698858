import { MIN_POSTS, suggestSlots, type MeasuredPost } from './queue-suggestions';

/** Posts published at a Berlin wall-clock time given as UTC (winter: Berlin = UTC+1). */
const post = (utc: string, impressions: number, engagements: number): MeasuredPost => ({ publishedAt: new Date(utc), impressions, engagements });

describe('best-time suggestions', () => {
  it('says there is too little data, and suggests nothing, below the minimum of measured posts', () => {
    const few = Array.from({ length: MIN_POSTS - 1 }, (_, k) => post(`2026-11-0${(k % 9) + 1}T08:00:00Z`, 100, 9));
    // Posts of a platform without statistics (zero impressions) are no measurements.
    const unmeasured = Array.from({ length: 20 }, () => post('2026-11-02T08:00:00Z', 0, 0));
    const out = suggestSlots([...few, ...unmeasured], 'Europe/Berlin', 'linkedin');
    expect(out).toMatchObject({ posts: MIN_POSTS - 1, enoughData: false, suggestions: [] });
    expect(out.message).toContain(`${MIN_POSTS - 1} published linkedin posts`);
  });

  it('ranks weekday-and-hour groups of at least three posts by engagement rate, in the brand’s zone', () => {
    const posts = [
      // Tuesdays 09:xx Berlin (08:xx UTC): 10 % engagement.
      post('2026-11-03T08:05:00Z', 1000, 100),
      post('2026-11-10T08:10:00Z', 1000, 100),
      post('2026-11-17T08:20:00Z', 1000, 100),
      // Thursdays 18:xx Berlin: 5 %.
      post('2026-11-05T17:00:00Z', 2000, 100),
      post('2026-11-12T17:30:00Z', 2000, 100),
      post('2026-11-19T17:45:00Z', 2000, 100),
      post('2026-11-26T17:15:00Z', 2000, 100),
      // Saturday 11:00 Berlin: one post with 50 % — too few to suggest.
      post('2026-11-07T10:00:00Z', 100, 50),
      // Mondays 07:xx Berlin: only two posts.
      post('2026-11-02T06:00:00Z', 500, 10),
      post('2026-11-09T06:00:00Z', 500, 10),
    ];
    const out = suggestSlots(posts, 'Europe/Berlin', 'linkedin');
    expect(out.enoughData).toBe(true);
    expect(out.posts).toBe(10);
    expect(out.suggestions).toEqual([
      { weekday: 'tue', time: '09:00', posts: 3, impressions: 3000, engagements: 300, engagementRate: 0.1 },
      { weekday: 'thu', time: '18:00', posts: 4, impressions: 8000, engagements: 400, engagementRate: 0.05 },
    ]);
    // Read in Tokyo the same posts fall on other hours (Tuesday 17:00 there).
    expect(suggestSlots(posts, 'Asia/Tokyo', 'linkedin').suggestions[0]).toMatchObject({ weekday: 'tue', time: '17:00' });
  });

  it('says so when there are enough posts but no weekday and hour holds three of them', () => {
    const spread = Array.from({ length: 12 }, (_, k) => post(`2026-11-${String(k + 1).padStart(2, '0')}T${String(k + 6).padStart(2, '0')}:00:00Z`, 100, 5));
    const out = suggestSlots(spread, 'UTC', 'x');
    expect(out).toMatchObject({ posts: 12, enoughData: false, suggestions: [] });
    expect(out.message).toContain('no weekday and hour has 3');
  });
});
