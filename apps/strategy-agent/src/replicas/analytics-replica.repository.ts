import { Injectable } from '@nestjs/common';
import { type AnalyticsSnapshot, UnitOfWork } from '@mt/messages';
import { type ReplicaTable, upsertLatest } from '@mt/replicas';
import { AnalyticsReplicaEntity } from './analytics-replica.entity';

const ANALYTICS: ReplicaTable = { table: 'strategy.analytics_replica', key: ['content_id'], freshness: 'captured_at' };

@Injectable()
export class AnalyticsReplicaRepository {
  constructor(private readonly uow: UnitOfWork) {}

  private get repo() {
    return this.uow.manager().getRepository(AnalyticsReplicaEntity);
  }

  /** Keeps the latest measurement of each post: an older or repeated snapshot changes nothing. */
  async upsertLatest(s: AnalyticsSnapshot): Promise<void> {
    const count = (n: number) => String(Math.max(0, Math.round(Number(n) || 0)));
    await upsertLatest(
      this.uow.manager(),
      ANALYTICS,
      {
        content_id: s.contentId,
        brand_id: s.brandId,
        platform: s.platform,
        published_at: s.publishedAt,
        captured_at: s.capturedAt,
        impressions: count(s.impressions),
        engagements: count(s.engagements),
        clicks: count(s.clicks),
        simulated: s.simulated === true,
        topic: s.topic ?? null,
        pillar: s.pillar ?? null,
        format: s.format ?? null,
      },
      { insertOnly: ['brand_id'], onlyIf: (stored) => `${stored}.brand_id = EXCLUDED.brand_id` },
    );
  }

  /** A brand's posts published since an instant (all when null), oldest first. */
  listByBrand(brandId: string, since: Date | null = null): Promise<AnalyticsReplicaEntity[]> {
    const q = this.repo.createQueryBuilder('s').where('s.brand_id = :brandId', { brandId });
    if (since) q.andWhere('s.published_at >= :since', { since });
    return q.orderBy('s.published_at', 'ASC').addOrderBy('s.content_id', 'ASC').getMany();
  }
}
