import { Injectable } from '@nestjs/common';
import { type Actor, type AnalyticsOverview, type AnalyticsPoint, type AnalyticsTotals, type ContentAnalytics, MeshError } from '@mt/messages';
import { BrandAccessService } from '@mt/replicas';
import { AnalyticsSnapshotRepository, type CountsRow } from '../repositories/analytics-snapshot.repository';
import { ContentReplicaRepository } from '../../replicas/content-replica.repository';
import { windowDays } from './simulation-model';

const DAY_MS = 86_400_000;
export const MAX_OVERVIEW_DAYS = 366;

const invalid = (field: string, message: string) =>
  new MeshError('VALIDATION_FAILED', `${field} ${message}`, { status: 400, retryable: false, details: { errors: [{ field, message }] } });

export function totalsOf(rows: CountsRow[]): AnalyticsTotals {
  const impressions = rows.reduce((a, r) => a + r.impressions, 0);
  const engagements = rows.reduce((a, r) => a + r.engagements, 0);
  const clicks = rows.reduce((a, r) => a + r.clicks, 0);
  return { impressions, engagements, clicks, engagementRate: rate(engagements, impressions), simulated: rows.some((r) => r.simulated) };
}

export function rate(engagements: number, impressions: number): number {
  return impressions > 0 ? Math.round((engagements / impressions) * 100_000) / 100_000 : 0;
}

/** Every day of [from, to], with zeros where nothing was measured, so charts have no gaps. */
function fill(days: string[], rows: (CountsRow & { day: string })[]): AnalyticsPoint[] {
  const byDay = new Map<string, CountsRow[]>();
  for (const r of rows) byDay.set(r.day, [...(byDay.get(r.day) ?? []), r]);
  return days.map((date) => ({ date, ...totalsOf(byDay.get(date) ?? []) }));
}

/** Read side of analytics: totals and series per platform and per day, simulated numbers flagged. */
@Injectable()
export class AnalyticsQueryService {
  constructor(
    private readonly snapshots: AnalyticsSnapshotRepository,
    private readonly catalog: ContentReplicaRepository,
    private readonly access: BrandAccessService,
  ) {}

  async overview(actor: Actor, brandId: string, from: string, to: string): Promise<AnalyticsOverview> {
    const span = (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS + 1;
    if (!(span >= 1)) throw invalid('to', 'must not be before from');
    if (span > MAX_OVERVIEW_DAYS) throw invalid('from', `must be at most ${MAX_OVERVIEW_DAYS} days before to`);
    await this.access.require(actor, brandId, 'viewer');
    const rows = await this.snapshots.byDayAndPlatform(brandId, from, to);
    const days = windowDays(to, span);
    const platforms = [...new Set(rows.map((r) => r.platform))].sort();
    const totals = totalsOf(rows);
    return {
      brandId,
      from,
      to,
      simulated: totals.simulated,
      totals,
      byPlatform: platforms.map((platform) => ({ platform, ...totalsOf(rows.filter((r) => r.platform === platform)) })),
      daily: fill(days, rows),
      series: platforms.flatMap((platform) =>
        fill(
          days,
          rows.filter((r) => r.platform === platform),
        ).map((p) => ({ platform, ...p })),
      ),
    };
  }

  async content(actor: Actor, contentId: string): Promise<ContentAnalytics> {
    const brandId = (await this.catalog.find(contentId))?.brandId ?? (await this.snapshots.brandOfContent(contentId));
    if (!brandId) throw new MeshError('NOT_FOUND', 'No such content', { status: 404, retryable: false });
    try {
      await this.access.require(actor, brandId, 'viewer');
    } catch (err) {
      if (err instanceof MeshError && err.code === 'NOT_FOUND') throw new MeshError('NOT_FOUND', 'No such content', { status: 404, retryable: false });
      throw err;
    }
    const posts = await this.snapshots.contentPosts(contentId);
    const daily = await this.snapshots.contentDaily(contentId);
    const totals = totalsOf(posts);
    return {
      contentId,
      brandId,
      simulated: totals.simulated,
      totals,
      posts: posts.map((p) => ({
        postKey: p.postKey,
        platform: p.platform,
        publishedAt: p.publishedAt.toISOString(),
        capturedAt: p.capturedAt.toISOString(),
        ...totalsOf([p]),
      })),
      daily: daily.map((d) => ({ date: d.day, ...totalsOf([d]) })),
    };
  }
}
