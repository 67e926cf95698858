import { Injectable } from '@nestjs/common';
import type { Actor, RecommendationList } from '@mt/messages';
import { BrandAccessService, BrandProfileService } from '@mt/replicas';
import { AnalyticsReplicaRepository } from '../replicas/analytics-replica.repository';
import { CalendarEntryRepository } from '../repositories/calendar-entry.repository';
import { type CoverageItem, rankRecommendations } from './recommendation-rules';

/** How far back coverage is read: older posts only make a subject "stale", which 60 days already caps. */
const LOOKBACK_DAYS = 365;

/** Topics and pillars the brand has not covered lately (see rankRecommendations for the ranking). */
@Injectable()
export class RecommendationService {
  constructor(
    private readonly access: BrandAccessService,
    private readonly profiles: BrandProfileService,
    private readonly entries: CalendarEntryRepository,
    private readonly snapshots: AnalyticsReplicaRepository,
  ) {}

  async recommend(actor: Actor, brandId: string, now = new Date()): Promise<RecommendationList> {
    await this.access.require(actor, brandId, 'viewer');
    const profile = await this.profiles.get(brandId);
    const since = new Date(now.getTime() - LOOKBACK_DAYS * 86_400_000);
    const entries = await this.entries.listByBrandSince(brandId, since);
    const published = await this.snapshots.listByBrand(brandId, since);
    // A published entry is counted through its snapshot when there is one (with its numbers), not twice.
    const measured = new Set(published.map((s) => s.contentId));
    const coverage: CoverageItem[] = [
      ...entries.filter((e) => !(e.contentId && measured.has(e.contentId))).map((e) => ({ at: e.scheduledAt, pillar: e.pillar, topic: e.topic })),
      ...published.map((s) => ({
        at: s.publishedAt,
        pillar: s.pillar,
        topic: s.topic,
        impressions: Number(s.impressions),
        engagements: Number(s.engagements),
      })),
    ];
    // Topics are what the brand stands for (its values), never words lifted from voice samples.
    const topics = [...profile.brand.values];
    return { items: rankRecommendations({ now, pillars: profile.brand.pillars, topics, coverage }), nextCursor: null };
  }
}
