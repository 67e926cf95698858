import { Injectable } from '@nestjs/common';
import { type ContentPublishedEvent, UnitOfWork } from '@mt/messages';
import type { MetricsTargetEntity } from '../entities/metrics-target.entity';

interface TargetRow {
  schedule_id: string;
  brand_id: string;
  content_id: string;
  connection_id: string;
  platform: string;
  external_id: string;
  published_at: Date;
  next_fetch_at: Date | null;
  fetches: number;
  last_error: string | null;
  impressions: string;
  engagements: string;
  clicks: string;
  created_at: Date;
}

const toEntity = (r: TargetRow): MetricsTargetEntity => ({
  scheduleId: r.schedule_id,
  brandId: r.brand_id,
  contentId: r.content_id,
  connectionId: r.connection_id,
  platform: r.platform,
  externalId: r.external_id,
  publishedAt: new Date(r.published_at),
  nextFetchAt: r.next_fetch_at ? new Date(r.next_fetch_at) : null,
  fetches: r.fetches,
  lastError: r.last_error,
  impressions: String(r.impressions),
  engagements: String(r.engagements),
  clicks: String(r.clicks),
  createdAt: new Date(r.created_at),
});

@Injectable()
export class MetricsTargetRepository {
  constructor(private readonly uow: UnitOfWork) {}

  /** A redelivered content.published adds nothing. */
  /** One statement for a batch of published posts; a post already tracked is left as it is. */
  async addMany(targets: { e: ContentPublishedEvent; firstFetchAt: Date }[]): Promise<void> {
    if (targets.length === 0) return;
    const col = <T>(f: (t: { e: ContentPublishedEvent; firstFetchAt: Date }) => T) => targets.map(f);
    await this.uow.manager().query(
      `INSERT INTO publishing.metrics_target (schedule_id, brand_id, content_id, connection_id, platform, external_id, published_at, next_fetch_at)
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::uuid[], $5::text[], $6::text[], $7::timestamptz[], $8::timestamptz[])
       ON CONFLICT (schedule_id) DO NOTHING`,
      [
        col((t) => t.e.scheduleId),
        col((t) => t.e.brandId),
        col((t) => t.e.contentId),
        col((t) => t.e.connectionId),
        col((t) => t.e.platform),
        col((t) => t.e.externalId),
        col((t) => t.e.publishedAt),
        col((t) => t.firstFetchAt.toISOString()),
      ],
    );
  }

  /**
   * Claims due targets for this replica: each one's next fetch moves `leaseMs` ahead in the same
   * statement, so another replica (or the next tick) skips it while it is being fetched; a crash
   * mid-fetch only delays it by the lease.
   */
  async claimDue(now: Date, limit: number, leaseMs: number): Promise<MetricsTargetEntity[]> {
    const rows: TargetRow[] = await this.uow.manager().query(
      `UPDATE publishing.metrics_target t SET next_fetch_at = $2
       WHERE t.schedule_id IN (
         SELECT schedule_id FROM publishing.metrics_target
         WHERE next_fetch_at IS NOT NULL AND next_fetch_at <= $1
         ORDER BY next_fetch_at LIMIT $3 FOR UPDATE SKIP LOCKED)
       RETURNING t.*`,
      [now, new Date(now.getTime() + leaseMs), limit],
    );
    // UPDATE … RETURNING answers [rows, count] through some drivers.
    const list = Array.isArray(rows[0]) ? (rows[0] as unknown as TargetRow[]) : rows;
    return list.map(toEntity);
  }

  /** Stores the cumulative reading; `next` null ends the schedule. */
  async recordReading(scheduleId: string, reading: { impressions: number; engagements: number; clicks: number }, next: Date | null): Promise<void> {
    await this.uow.manager().query(
      `UPDATE publishing.metrics_target SET impressions = $2, engagements = $3, clicks = $4, fetches = fetches + 1,
         next_fetch_at = $5, last_error = NULL WHERE schedule_id = $1`,
      [scheduleId, reading.impressions, reading.engagements, reading.clicks, next],
    );
  }

  async recordError(scheduleId: string, message: string, next: Date | null): Promise<void> {
    await this.uow
      .manager()
      .query(`UPDATE publishing.metrics_target SET last_error = $2, fetches = fetches + 1, next_fetch_at = $3 WHERE schedule_id = $1`, [
        scheduleId,
        message.slice(0, 500),
        next,
      ]);
  }

  async find(scheduleId: string): Promise<MetricsTargetEntity | null> {
    const rows: TargetRow[] = await this.uow.manager().query(`SELECT * FROM publishing.metrics_target WHERE schedule_id = $1`, [scheduleId]);
    return rows[0] ? toEntity(rows[0]) : null;
  }

  /** The brand's publications since `from` (newest `limit`), oldest first: what a simulation may give numbers to. */
  async listPublishedSince(brandId: string, from: Date, limit: number): Promise<MetricsTargetEntity[]> {
    const rows: TargetRow[] = await this.uow
      .manager()
      .query(`SELECT * FROM publishing.metrics_target WHERE brand_id = $1 AND published_at >= $2 ORDER BY published_at DESC, schedule_id LIMIT $3`, [
        brandId,
        from,
        limit,
      ]);
    return rows.map(toEntity).reverse();
  }
}
