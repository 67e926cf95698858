import type { Recommendation } from '@mt/messages';

/** What counts as coverage: a calendar entry (past or planned) or a published post's snapshot. */
export interface CoverageItem {
  at: Date;
  pillar: string | null;
  topic: string | null;
  /** Published posts' numbers, when known (snapshots). */
  impressions?: number;
  engagements?: number;
}

export interface RecommendationInput {
  now: Date;
  pillars: readonly string[];
  /** Topic terms the brand cares about (its values), in the brand's order. */
  topics: readonly string[];
  coverage: readonly CoverageItem[];
}

/** Coverage counted as recent: the last 30 days and everything already planned after today. */
export const RECENT_DAYS = 30;
/** Days after which a pillar or topic counts as fully stale. */
export const STALE_DAYS = 60;
/** Recommendations worth showing: below this score a pillar or topic is covered well enough. */
export const MIN_SCORE = 10;
export const MAX_RECOMMENDATIONS = 10;

const DAY = 86_400_000;
const pct = (r: number) => `${(r * 100).toFixed(1)}%`;
const round1 = (n: number) => Math.round(n * 10) / 10;

function mentions(text: string | null, term: string): boolean {
  if (!text) return false;
  const escaped = term.toLowerCase().replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(^|[^\\p{L}\\p{N}])${escaped}($|[^\\p{L}\\p{N}])`, 'u').test(text.toLowerCase());
}

/**
 * Ranks what the brand should talk about next. Deterministic: the same calendar, snapshots and
 * clock give the same list.
 *
 * Candidates are the brand's pillars and its topic terms (its values, never voice vocabulary; each
 * topic belongs to the pillar whose name shares a word with it, else to the least-covered pillar).
 * A calendar entry or a published post covers a pillar when it is filed under it, and a topic when
 * its topic text mentions the term.
 *
 * Score (0–100, plus or minus a performance nudge of at most 5):
 * - staleness, weight 60: days since last covered (past entries and published posts), capped at
 *   60 days; never covered counts as fully stale, and anything already planned ahead as not stale;
 * - share gap, weight 40: how far the candidate's share of the recent coverage (last 30 days and
 *   everything planned ahead) falls below an even share among candidates of its kind; no recent
 *   coverage at all is the full gap;
 * - performance: when at least two published posts on it have impressions, ±10 × (its engagement
 *   rate ÷ the brand's − 1), capped at ±5, so between equally neglected subjects the one the
 *   audience rewards comes first.
 * Candidates scoring under 10 are covered well enough and left out. Ties: pillars before topics,
 * then the brand's own order.
 */
export function rankRecommendations(input: RecommendationInput): Recommendation[] {
  const now = input.now.getTime();
  const recentFrom = now - RECENT_DAYS * DAY;
  const pillars = input.pillars.length ? [...input.pillars] : [...new Set(input.coverage.map((c) => c.pillar).filter((p): p is string => !!p))];
  const measured = input.coverage.filter((c) => (c.impressions ?? 0) > 0);
  const brandRate = measured.length ? measured.reduce((s, c) => s + (c.engagements ?? 0), 0) / measured.reduce((s, c) => s + (c.impressions ?? 0), 0) : null;

  const stats = (covers: (c: CoverageItem) => boolean) => {
    const items = input.coverage.filter(covers);
    const past = items.filter((c) => c.at.getTime() <= now);
    const last = past.length ? new Date(Math.max(...past.map((c) => c.at.getTime()))) : null;
    const ahead = items.filter((c) => c.at.getTime() > now);
    const next = ahead.length ? new Date(Math.min(...ahead.map((c) => c.at.getTime()))) : null;
    const recent = items.filter((c) => c.at.getTime() >= recentFrom).length;
    const seen = items.filter((c) => (c.impressions ?? 0) > 0);
    const rate = seen.length >= 2 ? seen.reduce((s, c) => s + (c.engagements ?? 0), 0) / seen.reduce((s, c) => s + (c.impressions ?? 0), 0) : null;
    return { last, next, recent, rate, measuredPosts: seen.length };
  };

  const pillarStats = pillars.map((p) => ({ pillar: p, ...stats((c) => !!c.pillar && c.pillar.toLowerCase() === p.toLowerCase()) }));
  const leastCovered = [...pillarStats].sort((a, b) => a.recent - b.recent || pillars.indexOf(a.pillar) - pillars.indexOf(b.pillar))[0]?.pillar ?? 'General';
  const topics = [...new Map(input.topics.map((t) => [t.trim().toLowerCase(), t.trim()])).values()].filter((t) => t.length >= 3);
  const topicStats = topics.map((t) => {
    const words = t.toLowerCase().split(/\s+/);
    const pillar =
      pillars.find((p) =>
        p
          .toLowerCase()
          .split(/\s+/)
          .some((w) => w.length >= 3 && words.includes(w)),
      ) ?? leastCovered;
    return { topic: t, pillar, ...stats((c) => mentions(c.topic, t)) };
  });

  const score = (
    kind: 'pillar' | 'topic',
    s: { last: Date | null; next: Date | null; recent: number; rate: number | null; measuredPosts: number },
    totalRecent: number,
    candidates: number,
  ) => {
    const daysSince = s.last ? Math.floor((now - s.last.getTime()) / DAY) : null;
    // Something already planned is being taken care of: it is not stale, whatever its past.
    const staleness = s.next ? 0 : daysSince === null ? 1 : Math.min(daysSince, STALE_DAYS) / STALE_DAYS;
    const fair = totalRecent / candidates;
    const gap = totalRecent === 0 ? 1 : Math.max(0, fair - s.recent) / fair;
    const perf = s.rate !== null && brandRate ? Math.max(-5, Math.min(5, 10 * (s.rate / brandRate - 1))) : 0;
    const parts = [
      daysSince === null ? `never covered` : `last covered ${daysSince} day${daysSince === 1 ? '' : 's'} ago`,
      ...(s.next ? [`next planned on ${s.next.toISOString().slice(0, 10)}`] : []),
      totalRecent === 0
        ? `nothing on the calendar in the last ${RECENT_DAYS} days or ahead`
        : `${s.recent} of ${totalRecent} recent and planned ${kind === 'pillar' ? 'entries' : 'entries on brand topics'} (an even share is ${round1(fair)})`,
      ...(s.rate !== null && brandRate ? [`its posts engage at ${pct(s.rate)} against ${pct(brandRate)} overall (${s.measuredPosts} posts)`] : []),
    ];
    return { score: round1(100 * (0.6 * staleness + 0.4 * gap) + perf), reason: `${parts.join('; ')}.`.replace(/^./, (c) => c.toUpperCase()) };
  };

  const totalPillarRecent = pillarStats.reduce((n, s) => n + s.recent, 0);
  const totalTopicRecent = topicStats.reduce((n, s) => n + s.recent, 0);
  const ranked: (Recommendation & { order: number })[] = [
    ...pillarStats.map((s, i) => ({
      kind: 'pillar' as const,
      topic: s.pillar,
      pillar: s.pillar,
      ...score('pillar', s, totalPillarRecent, pillarStats.length),
      lastCoveredAt: s.last?.toISOString() ?? null,
      recentCount: s.recent,
      windowDays: RECENT_DAYS,
      order: i,
    })),
    ...topicStats.map((s, i) => ({
      kind: 'topic' as const,
      topic: s.topic,
      pillar: s.pillar,
      ...score('topic', s, totalTopicRecent, topicStats.length),
      lastCoveredAt: s.last?.toISOString() ?? null,
      recentCount: s.recent,
      windowDays: RECENT_DAYS,
      order: pillarStats.length + i,
    })),
  ];
  return ranked
    .filter((r) => r.score >= MIN_SCORE)
    .sort((a, b) => b.score - a.score || a.order - b.order)
    .slice(0, MAX_RECOMMENDATIONS)
    .map(({ order: _order, ...r }) => r);
}
