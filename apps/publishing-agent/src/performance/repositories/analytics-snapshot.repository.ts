import { Injectable } from '@nestjs/common';
import { UnitOfWork } from '@mt/messages';
import { dateOnly } from '../../date-only';

export interface DailyRowInput {
  brandId: string;
  contentId: string | null;
  postKey: string;
  platform: string;
  publishedAt: Date;
  day: string;
  impressions: number;
  engagements: number;
  clicks: number;
  simulated: boolean;
  topic: string | null;
  pillar: string | null;
  format: string | null;
}

export interface CountsRow {
  impressions: number;
  engagements: number;
  clicks: number;
  simulated: boolean;
}
export interface DayPlatformCounts extends CountsRow {
  day: string;
  platform: string;
}
export interface PostTotals extends CountsRow {
  postKey: string;
  brandId: string;
  contentId: string | null;
  platform: string;
  publishedAt: Date;
  capturedAt: Date;
  topic: string | null;
  pillar: string | null;
  format: string | null;
}

interface RawCounts {
  impressions: string | number;
  engagements: string | number;
  clicks: string | number;
  simulated: boolean;
}
const counts = (r: RawCounts): CountsRow => ({
  impressions: Number(r.impressions),
  engagements: Number(r.engagements),
  clicks: Number(r.clicks),
  simulated: r.simulated,
});

const SUMS = `COALESCE(SUM(impressions), 0) AS impressions, COALESCE(SUM(engagements), 0) AS engagements,
  COALESCE(SUM(clicks), 0) AS clicks, COALESCE(bool_or(simulated), false) AS simulated`;
const POST_TOTALS = `post_key, brand_id, content_id, platform, MIN(published_at) AS published_at, MAX(captured_at) AS captured_at,
  MAX(topic) AS topic, MAX(pillar) AS pillar, MAX(format) AS format, ${SUMS}`;

/** Each row is one post's numbers for one day (that day's increments). */
@Injectable()
export class AnalyticsSnapshotRepository {
  constructor(private readonly uow: UnitOfWork) {}

  /** The brand's previous simulation is replaced, never added to. */
  async deleteSimulated(brandId: string): Promise<void> {
    await this.uow.manager().query(`DELETE FROM publishing.analytics_snapshot WHERE brand_id = $1 AND simulated`, [brandId]);
  }

  /** Adds each row's numbers to its (post, day) row, creating it when needed. */
  async addDaily(rows: DailyRowInput[]): Promise<void> {
    const COLS = 13;
    for (let i = 0; i < rows.length; i += 400) {
      const chunk = rows.slice(i, i + 400);
      const values = chunk.map((_, j) => `(${Array.from({ length: COLS }, (__, k) => `$${j * COLS + k + 1}`).join(', ')})`).join(', ');
      const params = chunk.flatMap((r) => [
        r.brandId,
        r.contentId,
        r.postKey,
        r.platform,
        r.publishedAt,
        r.day,
        r.impressions,
        r.engagements,
        r.clicks,
        r.simulated,
        r.topic,
        r.pillar,
        r.format,
      ]);
      await this.uow.manager().query(
        `INSERT INTO publishing.analytics_snapshot
           (brand_id, content_id, post_key, platform, published_at, day, impressions, engagements, clicks, simulated, topic, pillar, format)
         VALUES ${values}
         ON CONFLICT (brand_id, post_key, day) DO UPDATE SET
           impressions = publishing.analytics_snapshot.impressions + EXCLUDED.impressions,
           engagements = publishing.analytics_snapshot.engagements + EXCLUDED.engagements,
           clicks = publishing.analytics_snapshot.clicks + EXCLUDED.clicks,
           captured_at = now()`,
        params,
      );
    }
  }

  async byDayAndPlatform(brandId: string, from: string, to: string): Promise<DayPlatformCounts[]> {
    const rows: (RawCounts & { day: string | Date; platform: string })[] = await this.uow.manager().query(
      `SELECT day, platform, ${SUMS} FROM publishing.analytics_snapshot
       WHERE brand_id = $1 AND day BETWEEN $2 AND $3 GROUP BY day, platform ORDER BY day, platform`,
      [brandId, from, to],
    );
    return rows.map((r) => ({ day: dateOnly(r.day), platform: r.platform, ...counts(r) }));
  }

  async contentDaily(contentId: string): Promise<(CountsRow & { day: string })[]> {
    const rows: (RawCounts & { day: string | Date })[] = await this.uow
      .manager()
      .query(`SELECT day, ${SUMS} FROM publishing.analytics_snapshot WHERE content_id = $1 GROUP BY day ORDER BY day`, [contentId]);
    return rows.map((r) => ({ day: dateOnly(r.day), ...counts(r) }));
  }

  async contentPosts(contentId: string): Promise<PostTotals[]> {
    return this.postTotals(`content_id = $1`, [contentId]);
  }

  /** Totals of the given posts so far (one row per post key that has numbers). */
  async totalsOfPosts(postKeys: string[]): Promise<PostTotals[]> {
    if (postKeys.length === 0) return [];
    return this.postTotals(`post_key = ANY($1)`, [postKeys]);
  }

  /** The content ids of the given posts. */
  async contentsOfPosts(brandId: string, postKeys: string[]): Promise<string[]> {
    if (postKeys.length === 0) return [];
    const rows: { content_id: string }[] = await this.uow
      .manager()
      .query(`SELECT DISTINCT content_id FROM publishing.analytics_snapshot WHERE brand_id = $1 AND post_key = ANY($2) AND content_id IS NOT NULL`, [
        brandId,
        postKeys,
      ]);
    return rows.map((r) => r.content_id);
  }

  /** Totals per content over all its posts (every connection, A/B variants included). */
  async totalsOfContents(brandId: string, contentIds: string[]): Promise<PostTotals[]> {
    if (contentIds.length === 0) return [];
    const rows: (RawCounts & {
      content_id: string;
      platform: string;
      published_at: Date;
      captured_at: Date;
      topic: string | null;
      pillar: string | null;
      format: string | null;
    })[] = await this.uow.manager().query(
      `SELECT content_id, MAX(platform) AS platform, MIN(published_at) AS published_at, MAX(captured_at) AS captured_at,
         MAX(topic) AS topic, MAX(pillar) AS pillar, MAX(format) AS format, ${SUMS}
       FROM publishing.analytics_snapshot WHERE brand_id = $1 AND content_id = ANY($2)
       GROUP BY content_id ORDER BY MIN(published_at), content_id`,
      [brandId, contentIds],
    );
    return rows.map((r) => ({
      postKey: r.content_id,
      brandId,
      contentId: r.content_id,
      platform: r.platform,
      publishedAt: new Date(r.published_at),
      capturedAt: new Date(r.captured_at),
      topic: r.topic,
      pillar: r.pillar,
      format: r.format,
      ...counts(r),
    }));
  }

  /**
   * Totals of a brand's real posts on one platform published since `since` (simulated numbers
   * never count), for the queue's best-time suggestions (ADR 148).
   */
  measuredPosts(brandId: string, platform: string, since: Date): Promise<PostTotals[]> {
    return this.postTotals(`brand_id = $1 AND platform = $2 AND published_at >= $3 AND NOT simulated`, [brandId, platform, since]);
  }

  /** The brand a content's numbers belong to (for the access check), or null. */
  async brandOfContent(contentId: string): Promise<string | null> {
    const rows: { brand_id: string }[] = await this.uow
      .manager()
      .query(`SELECT brand_id FROM publishing.analytics_snapshot WHERE content_id = $1 LIMIT 1`, [contentId]);
    return rows[0]?.brand_id ?? null;
  }

  private async postTotals(where: string, params: unknown[]): Promise<PostTotals[]> {
    const rows: (RawCounts & {
      post_key: string;
      brand_id: string;
      content_id: string | null;
      platform: string;
      published_at: Date;
      captured_at: Date;
      topic: string | null;
      pillar: string | null;
      format: string | null;
    })[] = await this.uow.manager().query(
      `SELECT ${POST_TOTALS} FROM publishing.analytics_snapshot WHERE ${where}
       GROUP BY post_key, brand_id, content_id, platform ORDER BY MIN(published_at), post_key`,
      params,
    );
    return rows.map((r) => ({
      postKey: r.post_key,
      brandId: r.brand_id,
      contentId: r.content_id,
      platform: r.platform,
      publishedAt: new Date(r.published_at),
      capturedAt: new Date(r.captured_at),
      topic: r.topic,
      pillar: r.pillar,
      format: r.format,
      ...counts(r),
    }));
  }
}
