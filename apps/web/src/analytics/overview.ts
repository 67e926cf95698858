/*
 * GET /analytics/overview answers totals and series per platform and per day. The page reads it
 * through this normalizer so small differences in naming (byDay / days / series, day / date) do
 * not break the charts.
 */

export interface Metrics {
  impressions: number;
  engagements: number;
  clicks: number;
  engagementRate: number;
}

export interface DayPoint extends Metrics {
  date: string;
  platform?: string;
}

export interface PostRow extends Metrics {
  contentId: string;
  platform: string;
  topic?: string | null;
  publishedAt?: string | null;
  simulated?: boolean;
}

export interface Overview {
  totals: Metrics;
  byPlatform: (Metrics & { platform: string })[];
  /** One row per day, with a column per platform's impressions (`impressions:<platform>`) for the stacked chart. */
  byDay: (Metrics & { date: string } & Record<string, number | string>)[];
  platforms: string[];
  posts: PostRow[];
  simulated: boolean;
}

const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : Number(v) || 0);
const rate = (e: number, i: number) => (i > 0 ? e / i : 0);

function metricsOf(o: Record<string, unknown>): Metrics {
  const impressions = num(o.impressions);
  const engagements = num(o.engagements);
  return { impressions, engagements, clicks: num(o.clicks), engagementRate: o.engagementRate === undefined ? rate(engagements, impressions) : num(o.engagementRate) };
}

const arr = (v: unknown): Record<string, unknown>[] => (Array.isArray(v) ? (v.filter((x) => x && typeof x === 'object') as Record<string, unknown>[]) : []);

export function normalizeOverview(raw: unknown): Overview {
  const o = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const series = o.series && typeof o.series === 'object' && !Array.isArray(o.series) ? (o.series as Record<string, unknown>) : {};
  const dayRows = [...arr(o.byDay), ...arr(o.days), ...arr(o.daily), ...arr(series.byDay), ...arr(series.days), ...arr(Array.isArray(o.series) ? o.series : [])];
  const platformRows = [...arr(o.byPlatform), ...arr(o.platforms), ...arr(series.byPlatform)];

  // Per-day rows may be per platform too (date + platform); fold them into one row per day.
  const days = new Map<string, Metrics & { date: string } & Record<string, number | string>>();
  const platformTotals = new Map<string, Metrics>();
  for (const r of dayRows) {
    const date = String(r.date ?? r.day ?? '').slice(0, 10);
    if (!date) continue;
    const m = metricsOf(r);
    const row = days.get(date) ?? { date, impressions: 0, engagements: 0, clicks: 0, engagementRate: 0 };
    row.impressions += m.impressions;
    row.engagements += m.engagements;
    row.clicks += m.clicks;
    row.engagementRate = rate(row.engagements, row.impressions);
    const platform = typeof r.platform === 'string' ? r.platform : null;
    if (platform) {
      row[`impressions:${platform}`] = num(row[`impressions:${platform}`]) + m.impressions;
      if (!platformRows.length) {
        const t = platformTotals.get(platform) ?? { impressions: 0, engagements: 0, clicks: 0, engagementRate: 0 };
        platformTotals.set(platform, { impressions: t.impressions + m.impressions, engagements: t.engagements + m.engagements, clicks: t.clicks + m.clicks, engagementRate: 0 });
      }
    }
    // Nested per-platform numbers inside a day row ({ date, platforms: { x: {...} } }).
    if (r.platforms && typeof r.platforms === 'object' && !Array.isArray(r.platforms)) {
      for (const [p, v] of Object.entries(r.platforms as Record<string, Record<string, unknown>>)) row[`impressions:${p}`] = num(row[`impressions:${p}`]) + num(v?.impressions);
    }
    days.set(date, row);
  }
  const byPlatform = platformRows.length
    ? platformRows.map((r) => ({ platform: String(r.platform ?? r.id ?? '?'), ...metricsOf(r) }))
    : [...platformTotals].map(([platform, m]) => ({ platform, ...m, engagementRate: rate(m.engagements, m.impressions) }));
  const byDay = [...days.values()].sort((a, b) => a.date.localeCompare(b.date));
  const platforms = [...new Set([...byPlatform.map((p) => p.platform), ...byDay.flatMap((d) => Object.keys(d).filter((k) => k.startsWith('impressions:')).map((k) => k.slice(12)))])];
  const totalsRaw = o.totals && typeof o.totals === 'object' ? (o.totals as Record<string, unknown>) : null;
  const totals = totalsRaw
    ? metricsOf(totalsRaw)
    : byDay.reduce<Metrics>((t, d) => ({ impressions: t.impressions + d.impressions, engagements: t.engagements + d.engagements, clicks: t.clicks + d.clicks, engagementRate: rate(t.engagements + d.engagements, t.impressions + d.impressions) }), { impressions: 0, engagements: 0, clicks: 0, engagementRate: 0 });
  const posts = [...arr(o.posts), ...arr(o.byPost), ...arr(o.topPosts)].map((r) => ({
    contentId: String(r.contentId ?? r.id ?? ''),
    platform: String(r.platform ?? ''),
    topic: (r.topic as string | null | undefined) ?? null,
    publishedAt: (r.publishedAt as string | null | undefined) ?? null,
    simulated: r.simulated === true,
    ...metricsOf(r),
  }));
  const simulated = o.simulated === true || num(o.simulatedShare) > 0 || num(o.simulatedCount) > 0 || posts.some((p) => p.simulated);
  return { totals, byPlatform, byDay, platforms, posts, simulated };
}
