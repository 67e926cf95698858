import type { AnalyticsOverview, AnalyticsTotals } from '@mt/contracts/publishing.contract';

/** GET /analytics/overview shaped for the charts: one row per day with a column per platform. */
export type Metrics = Omit<AnalyticsTotals, 'simulated'> & { simulated?: boolean };

export interface Overview {
  totals: Metrics;
  byPlatform: (Metrics & { platform: string })[];
  /** One row per day: the day's totals, and `impressions:<platform>` for each platform. */
  byDay: (Metrics & { date: string } & Record<string, number | string | boolean>)[];
  platforms: string[];
  simulated: boolean;
}

export function normalizeOverview(o: AnalyticsOverview): Overview {
  const days = new Map<string, Overview['byDay'][number]>();
  for (const d of o.daily ?? []) days.set(d.date, { ...d });
  for (const p of o.series ?? []) {
    const row = days.get(p.date) ?? { date: p.date, impressions: 0, engagements: 0, clicks: 0, engagementRate: 0 };
    row[`impressions:${p.platform}`] = p.impressions;
    days.set(p.date, row);
  }
  const byDay = [...days.values()].sort((a, b) => a.date.localeCompare(b.date));
  const platforms = [...new Set([...(o.byPlatform ?? []).map((p) => p.platform), ...(o.series ?? []).map((p) => p.platform)])];
  return { totals: o.totals, byPlatform: o.byPlatform ?? [], byDay, platforms, simulated: !!o.simulated };
}
