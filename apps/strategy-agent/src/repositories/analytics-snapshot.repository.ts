import { Injectable } from '@nestjs/common';
import { type AnalyticsSnapshot, UnitOfWork } from '@mt/messages';
import { AnalyticsSnapshotEntity } from '../entities/analytics-snapshot.entity';

@Injectable()
export class AnalyticsSnapshotRepository {
  constructor(private readonly uow: UnitOfWork) {}

  private get repo() {
    return this.uow.manager().getRepository(AnalyticsSnapshotEntity);
  }

  /** Keeps the latest measurement of each post: an older or repeated snapshot changes nothing. */
  async upsertLatest(s: AnalyticsSnapshot): Promise<void> {
    const count = (n: number) => String(Math.max(0, Math.round(Number(n) || 0)));
    await this.uow.manager().query(
      `INSERT INTO strategy.analytics_snapshot
         (content_id, brand_id, platform, published_at, captured_at, impressions, engagements, clicks, simulated, topic, pillar, format)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
       ON CONFLICT (content_id) DO UPDATE SET
         platform = EXCLUDED.platform, published_at = EXCLUDED.published_at, captured_at = EXCLUDED.captured_at,
         impressions = EXCLUDED.impressions, engagements = EXCLUDED.engagements, clicks = EXCLUDED.clicks,
         simulated = EXCLUDED.simulated, topic = EXCLUDED.topic, pillar = EXCLUDED.pillar, format = EXCLUDED.format
       WHERE strategy.analytics_snapshot.captured_at <= EXCLUDED.captured_at AND strategy.analytics_snapshot.brand_id = EXCLUDED.brand_id`,
      [
        s.contentId,
        s.brandId,
        s.platform,
        s.publishedAt,
        s.capturedAt,
        count(s.impressions),
        count(s.engagements),
        count(s.clicks),
        s.simulated === true,
        s.topic ?? null,
        s.pillar ?? null,
        s.format ?? null,
      ],
    );
  }

  /** A brand's posts published since an instant (all when null), oldest first. */
  listByBrand(brandId: string, since: Date | null = null): Promise<AnalyticsSnapshotEntity[]> {
    const q = this.repo.createQueryBuilder('s').where('s.brand_id = :brandId', { brandId });
    if (since) q.andWhere('s.published_at >= :since', { since });
    return q.orderBy('s.published_at', 'ASC').addOrderBy('s.content_id', 'ASC').getMany();
  }
}
