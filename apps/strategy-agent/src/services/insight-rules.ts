import { PLATFORMS, isPlatformId } from '@mt/ai';
import { localHour } from '@mt/runtime';

/** One post's latest numbers, as the insights computation takes them. */
export interface PostNumbers {
  contentId: string;
  platform: string;
  publishedAt: Date;
  impressions: number;
  engagements: number;
  clicks: number;
  simulated: boolean;
  topic: string | null;
  pillar: string | null;
  format: string | null;
}

/** An insight before it is stored. */
export interface InsightDraft {
  type: string;
  category: string;
  message: string;
  recommendation: string;
  evidence: Record<string, unknown>;
  simulated: boolean;
}

/** Groups with fewer posts than this are not called "best". */
export const MIN_GROUP_POSTS = 2;
/** Under this many posts in a period, a trend is reported but flagged as too small to act on. */
export const MIN_TREND_POSTS = 3;

const DAY = 86_400_000;
const pct = (r: number) => `${(r * 100).toFixed(1)}%`;
const round = (n: number, d = 4) => Math.round(n * 10 ** d) / 10 ** d;

interface Totals {
  posts: number;
  impressions: number;
  engagements: number;
  clicks: number;
  rate: number | null;
}

function totals(posts: readonly PostNumbers[]): Totals {
  const impressions = posts.reduce((s, p) => s + p.impressions, 0);
  const engagements = posts.reduce((s, p) => s + p.engagements, 0);
  return {
    posts: posts.length,
    impressions,
    engagements,
    clicks: posts.reduce((s, p) => s + p.clicks, 0),
    rate: impressions > 0 ? round(engagements / impressions) : null,
  };
}

/**
 * Insights from post numbers, computed without AI (the AI may only word a summary on top):
 *
 * - The analysed window is the `periodDays` ending at the latest publication, compared with the
 *   `periodDays` before it (so simulated history and a quiet last week both read sensibly).
 * - Engagement rate is always engagements ÷ impressions summed over the posts (a big post weighs
 *   more than a small one), never a mean of per-post rates.
 * - Best pillar, topic, format and platform are the groups of the whole window (both periods) with
 *   the highest rate among those with at least two posts; each carries the ranking, the sample
 *   sizes and its lift over the window's overall rate.
 * - Best time is one hour of day per platform (in the brand's time zone), measured on that
 *   platform's posts only: audiences differ by platform, so one time across them all would
 *   contradict the per-platform advice beside it.
 * - `simulated` is true when any post behind an insight came from POST /analytics/simulate.
 */
export function computeInsights(input: { posts: readonly PostNumbers[]; timezone: string; periodDays: number }): InsightDraft[] {
  const { posts, timezone, periodDays } = input;
  if (posts.length === 0) {
    return [
      {
        type: 'no_data',
        category: 'performance',
        message: 'No published post has analytics yet, so there is nothing to learn from.',
        recommendation: 'Publish a few posts per platform (or simulate analytics to explore this page), then generate insights again.',
        evidence: { posts: 0 },
        simulated: false,
      },
    ];
  }
  const end = Math.max(...posts.map((p) => p.publishedAt.getTime()));
  const currentFrom = end - periodDays * DAY;
  const previousFrom = currentFrom - periodDays * DAY;
  const current = posts.filter((p) => p.publishedAt.getTime() > currentFrom);
  const previous = posts.filter((p) => p.publishedAt.getTime() > previousFrom && p.publishedAt.getTime() <= currentFrom);
  const window = [...current, ...previous];
  const overall = totals(window);
  const iso = (t: number) => new Date(t).toISOString();
  const insights: InsightDraft[] = [
    trend(current, previous, { from: iso(currentFrom), to: iso(end) }, { from: iso(previousFrom), to: iso(currentFrom) }, periodDays),
  ];

  const best = (type: string, category: string, label: string, key: (p: PostNumbers) => string | null, advice: (k: string) => string) => {
    const groups = new Map<string, PostNumbers[]>();
    for (const p of window) {
      const k = key(p);
      if (k === null || k === '') continue;
      groups.set(k, [...(groups.get(k) ?? []), p]);
    }
    const ranking = [...groups.entries()]
      .map(([k, ps]) => ({ key: k, ...totals(ps), simulated: ps.some((p) => p.simulated) }))
      .filter((g) => g.rate !== null)
      .sort((a, b) => (b.rate ?? 0) - (a.rate ?? 0) || b.posts - a.posts || a.key.localeCompare(b.key));
    const eligible = ranking.filter((g) => g.posts >= MIN_GROUP_POSTS);
    if (eligible.length === 0 || overall.rate === null) return;
    const top = eligible[0];
    const overallRaw = overall.engagements / overall.impressions;
    const lift = overallRaw > 0 ? round((top.engagements / top.impressions / overallRaw - 1) * 100, 1) : null;
    const alone = eligible.length === 1;
    insights.push({
      type,
      category,
      message: alone
        ? `Only ${label} "${top.key}" has enough posts to judge: ${pct(top.rate ?? 0)} engagement over ${top.posts} posts.`
        : `${capitalise(label)} "${top.key}" engages best: ${pct(top.rate ?? 0)} over ${top.posts} posts, against ${pct(overall.rate)} overall${lift !== null ? ` (${lift >= 0 ? '+' : ''}${lift}%)` : ''}.`,
      recommendation: alone ? `Vary the ${label} so there is something to compare; keep ${advice(top.key)}.` : `${capitalise(advice(top.key))}.`,
      evidence: {
        [label.replace(/ /g, '')]: top.key,
        rate: top.rate,
        posts: top.posts,
        impressions: top.impressions,
        engagements: top.engagements,
        overallRate: overall.rate,
        liftPct: lift,
        sampleSize: overall.posts,
        minPostsPerGroup: MIN_GROUP_POSTS,
        ranking: ranking.slice(0, 6).map((g) => ({ [label.replace(/ /g, '')]: g.key, rate: g.rate, posts: g.posts, impressions: g.impressions })),
      },
      simulated: window.some((p) => p.simulated && key(p) !== null && key(p) !== ''),
    });
  };

  best(
    'best_pillar',
    'content',
    'pillar',
    (p) => p.pillar,
    (k) => `planning more posts on the "${k}" pillar`,
  );
  best(
    'best_topic',
    'content',
    'topic',
    (p) => p.topic,
    (k) => `coming back to "${k}" with a new angle`,
  );
  best(
    'best_format',
    'content',
    'format',
    (p) => p.format,
    (k) => `using the ${k} format more often`,
  );
  best(
    'best_platform',
    'channel',
    'platform',
    (p) => p.platform,
    (k) => `giving ${k} a larger share of the calendar`,
  );
  const times = bestTimes(window, timezone, overall);
  if (times) insights.push(times);
  return insights;
}

const platformName = (id: string) => (isPlatformId(id) ? PLATFORMS[id].label : id);

/**
 * The best local hour of each platform, among its hours with at least two posts; a platform without
 * such an hour is left out (and named in the evidence), never given another platform's hour.
 */
function bestTimes(window: readonly PostNumbers[], timezone: string, overall: Totals): InsightDraft | undefined {
  const byPlatform = new Map<string, PostNumbers[]>();
  for (const p of window) byPlatform.set(p.platform, [...(byPlatform.get(p.platform) ?? []), p]);
  const platforms: {
    platform: string;
    hour: string;
    rate: number;
    posts: number;
    impressions: number;
    engagements: number;
    ranking: { hour: string; rate: number | null; posts: number }[];
    simulated: boolean;
  }[] = [];
  const unjudged: string[] = [];
  for (const [platform, ps] of [...byPlatform.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    const hours = new Map<string, PostNumbers[]>();
    for (const p of ps) {
      const h = `${String(localHour(p.publishedAt, timezone)).padStart(2, '0')}:00`;
      hours.set(h, [...(hours.get(h) ?? []), p]);
    }
    const ranking = [...hours.entries()]
      .map(([hour, group]) => ({ hour, ...totals(group), simulated: group.some((p) => p.simulated) }))
      .filter((g) => g.rate !== null)
      .sort((a, b) => (b.rate ?? 0) - (a.rate ?? 0) || b.posts - a.posts || a.hour.localeCompare(b.hour));
    const top = ranking.find((g) => g.posts >= MIN_GROUP_POSTS);
    if (!top || top.rate === null) {
      unjudged.push(platform);
      continue;
    }
    platforms.push({
      platform,
      hour: top.hour,
      rate: top.rate,
      posts: top.posts,
      impressions: top.impressions,
      engagements: top.engagements,
      ranking: ranking.slice(0, 6).map((g) => ({ hour: g.hour, rate: g.rate, posts: g.posts })),
      simulated: ps.some((p) => p.simulated),
    });
  }
  if (platforms.length === 0 || overall.rate === null) return undefined;
  const list = (f: (p: (typeof platforms)[number]) => string) => platforms.map(f).join(', ');
  const few = unjudged.length ? ` Too few posts at any one hour to judge ${unjudged.map(platformName).join(', ')} yet.` : '';
  return {
    type: 'best_time',
    category: 'timing',
    message: `Best hour by platform (${timezone}): ${list((p) => `${platformName(p.platform)} ${p.hour}, ${pct(p.rate)} over ${p.posts} posts`)}.${few}`,
    recommendation: `Posting times: ${list((p) => `${platformName(p.platform)} around ${p.hour}`)} (${timezone}).`,
    evidence: {
      timezone,
      platforms: platforms.map(({ simulated: _s, ...p }) => p),
      unjudgedPlatforms: unjudged,
      overallRate: overall.rate,
      sampleSize: overall.posts,
      minPostsPerGroup: MIN_GROUP_POSTS,
    },
    simulated: platforms.some((p) => p.simulated),
  };
}

function trend(
  current: PostNumbers[],
  previous: PostNumbers[],
  period: { from: string; to: string },
  previousPeriod: { from: string; to: string },
  days: number,
): InsightDraft {
  const cur = totals(current);
  const prev = totals(previous);
  const change = cur.rate !== null && prev.rate !== null && prev.rate > 0 ? round(((cur.rate - prev.rate) / prev.rate) * 100, 1) : null;
  const small = cur.posts < MIN_TREND_POSTS || prev.posts < MIN_TREND_POSTS;
  let message: string;
  let recommendation: string;
  if (prev.posts === 0 || prev.rate === null) {
    message = `Engagement rate was ${cur.rate === null ? 'not measurable' : pct(cur.rate)} over the last ${days} days (${cur.posts} posts); there is no earlier period to compare with.`;
    recommendation = 'Keep publishing at a steady cadence so the next period has a baseline to compare with.';
  } else if (cur.rate === null) {
    message = `No post of the last ${days} days has impressions yet (${pct(prev.rate)} the ${days} days before).`;
    recommendation = 'Check that the latest posts were published and that their analytics are being collected.';
  } else {
    const direction = change === null ? 'held' : change > 2 ? 'rose' : change < -2 ? 'fell' : 'held steady';
    message = `Engagement rate ${direction} from ${pct(prev.rate)} to ${pct(cur.rate)}${change !== null ? ` (${change >= 0 ? '+' : ''}${change}%)` : ''} over the last ${days} days (${cur.posts} posts against ${prev.posts}).`;
    recommendation =
      change !== null && change < -10
        ? 'Engagement is falling: lean on the best pillar, format and time below, and review what changed in the latest posts.'
        : change !== null && change > 10
          ? 'Engagement is rising: keep the current mix and cadence, and repeat what the best posts did.'
          : 'Engagement is stable: test one change at a time (format or posting time) to find the next gain.';
  }
  if (small) recommendation = `Too few posts to be sure (fewer than ${MIN_TREND_POSTS} in a period). ${recommendation}`;
  return {
    type: 'engagement_trend',
    category: 'performance',
    message,
    recommendation,
    evidence: {
      period,
      previousPeriod,
      currentRate: cur.rate,
      previousRate: prev.rate,
      changePct: change,
      currentPosts: cur.posts,
      previousPosts: prev.posts,
      currentImpressions: cur.impressions,
      previousImpressions: prev.impressions,
      currentEngagements: cur.engagements,
      previousEngagements: prev.engagements,
      smallSample: small,
    },
    simulated: [...current, ...previous].some((p) => p.simulated),
  };
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
