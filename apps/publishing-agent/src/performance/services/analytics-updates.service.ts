import { Injectable } from '@nestjs/common';
import { type AnalyticsSnapshot, PUBLISHING_EVENTS, UnitOfWork } from '@mt/messages';
import { AnalyticsSnapshotRepository } from '../repositories/analytics-snapshot.repository';
import { AbTestService } from './abtest.service';
import { rate } from './analytics-query.service';

/** Largest analytics.updated event: a 90-day simulation of a busy brand is split into several. */
const SNAPSHOTS_PER_EVENT = 500;

/**
 * After new numbers are written (a platform fetch, a simulation), in the same transaction:
 * announces the totals so far of each content touched — summed over all its posts (each
 * connection, each A/B variant), since strategy-agent keeps one measurement per content — in
 * `analytics.updated`, and lets the brand's running A/B tests decide.
 */
@Injectable()
export class AnalyticsUpdatesService {
  constructor(
    private readonly snapshots: AnalyticsSnapshotRepository,
    private readonly abtests: AbTestService,
    private readonly uow: UnitOfWork,
  ) {}

  async announce(brandId: string, postKeys: string[]): Promise<number> {
    const contents = await this.snapshots.contentsOfPosts(brandId, postKeys);
    const totals = await this.snapshots.totalsOfContents(brandId, contents);
    const snapshots: AnalyticsSnapshot[] = totals.map((t) => ({
      contentId: t.postKey,
      brandId: t.brandId,
      platform: t.platform,
      publishedAt: t.publishedAt.toISOString(),
      capturedAt: t.capturedAt.toISOString(),
      impressions: t.impressions,
      engagements: t.engagements,
      clicks: t.clicks,
      engagementRate: rate(t.engagements, t.impressions),
      simulated: t.simulated,
      topic: t.topic,
      pillar: t.pillar,
      format: t.format,
    }));
    for (let i = 0; i < snapshots.length; i += SNAPSHOTS_PER_EVENT) {
      this.uow.publishEvent(PUBLISHING_EVENTS.analyticsUpdated, { brandId, snapshots: snapshots.slice(i, i + SNAPSHOTS_PER_EVENT) });
    }
    await this.abtests.evaluateRunning(brandId);
    return snapshots.length;
  }
}
