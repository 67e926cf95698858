import { Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { AppLogger } from '@mt/runtime';
import { type ContentPublishedEvent, isRetryable, UnitOfWork } from '@mt/messages';
import type { MetricsTargetEntity } from '../entities/metrics-target.entity';
import { AnalyticsSnapshotRepository } from '../repositories/analytics-snapshot.repository';
import { ContentReplicaRepository } from '../../replicas/content-replica.repository';
import { MetricsTargetRepository } from '../repositories/metrics-target.repository';
import { AnalyticsUpdatesService } from './analytics-updates.service';
import { MetricsChannels } from './metrics-channels';
import { PublishedPostsTracker } from '../../scheduling/services/publish-follow-ups';

const MINUTE = 60_000;
/**
 * When a published post's numbers are fetched, after its publication: early and often while it
 * spreads, then a last look after a week (most posts have had their audience by then).
 */
export const FETCH_AFTER_MS = [15 * MINUTE, 60 * MINUTE, 6 * 60 * MINUTE, 24 * 60 * MINUTE, 72 * 60 * MINUTE, 7 * 24 * 60 * MINUTE];
const RETRY_AFTER_MS = 30 * MINUTE;
const MAX_FAILED_FETCHES = 10;
const TICK_MS = 30_000;
const BATCH = 20;
const LEASE_MS = 5 * MINUTE;

/** The next fetch after `fetchesDone` successful ones, or null when the schedule is over. */
export function nextFetchAt(publishedAt: Date, fetchesDone: number, now: Date): Date | null {
  for (let i = fetchesDone; i < FETCH_AFTER_MS.length; i++) {
    const at = publishedAt.getTime() + FETCH_AFTER_MS[i];
    if (at > now.getTime()) return new Date(at);
  }
  return null;
}

/**
 * Fetches each published post's numbers from its platform on the schedule above. Claims due
 * targets in a short transaction (SKIP LOCKED, with a lease), asks the platform with no
 * transaction open, then writes the day's increment and announces it in another.
 */
@Injectable()
export class MetricsCollectorService extends PublishedPostsTracker implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new AppLogger('MetricsCollector');
  private timer: NodeJS.Timeout | null = null;
  private running = false;

  constructor(
    private readonly targets: MetricsTargetRepository,
    private readonly snapshots: AnalyticsSnapshotRepository,
    private readonly catalog: ContentReplicaRepository,
    private readonly updates: AnalyticsUpdatesService,
    private readonly channels: MetricsChannels,
    private readonly uow: UnitOfWork,
  ) {
    super();
  }

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.tick(), TICK_MS);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /**
   * Inside the transaction that records the posts as published (PublishedPostsTracker): each
   * joins the metrics schedule. A post recorded late is due at once (its first look is past).
   */
  track(events: ContentPublishedEvent[]): Promise<void> {
    return this.targets.addMany(events.map((e) => ({ e, firstFetchAt: new Date(new Date(e.publishedAt).getTime() + FETCH_AFTER_MS[0]) })));
  }

  /** One round of due fetches; returns how many targets it handled. */
  async tick(now = new Date()): Promise<number> {
    const gateway = this.channels.find();
    if (this.running || !this.timer || !gateway) return 0;
    this.running = true;
    try {
      const due = await this.uow.transaction(() => this.targets.claimDue(now, BATCH, LEASE_MS));
      for (const t of due) await this.fetchOne(t, now);
      return due.length;
    } catch (err) {
      // The next tick tries again; a target whose fetch was interrupted waits out its lease.
      this.logger.warn(`metrics round failed: ${(err as Error).message}`);
      return 0;
    } finally {
      this.running = false;
    }
  }

  /** How many scheduled looks are behind us. */
  private passed(t: MetricsTargetEntity, now: Date): number {
    return FETCH_AFTER_MS.filter((ms) => t.publishedAt.getTime() + ms <= now.getTime()).length;
  }

  async fetchOne(t: MetricsTargetEntity, now: Date): Promise<void> {
    const gateway = this.channels.find();
    if (!gateway) return;
    let reading;
    try {
      reading = await gateway.metrics(t.connectionId, t.externalId);
    } catch (err) {
      // A passing failure is tried again soon; a permanent one (post deleted, grant revoked) waits
      // for the next scheduled look, by when the connection may be repaired.
      const next = isRetryable(err) ? new Date(now.getTime() + RETRY_AFTER_MS) : nextFetchAt(t.publishedAt, this.passed(t, now), now);
      const giveUp = t.fetches + 1 >= MAX_FAILED_FETCHES;
      await this.uow.transaction(() => this.targets.recordError(t.scheduleId, (err as Error).message ?? 'metrics failed', giveUp ? null : next));
      return;
    }
    await this.uow.transaction(async () => {
      const content = await this.catalog.find(t.contentId);
      // Platforms report running totals; a count that goes down (a deleted like) never subtracts.
      const delta = (value: number, before: string) => Math.max(0, Math.floor(value) - Number(before));
      const cumulative = {
        impressions: Math.max(Math.floor(reading.impressions), Number(t.impressions)),
        engagements: Math.max(Math.floor(reading.engagements), Number(t.engagements)),
        clicks: Math.max(Math.floor(reading.clicks), Number(t.clicks)),
      };
      await this.snapshots.addDaily([
        {
          brandId: t.brandId,
          contentId: t.contentId,
          postKey: t.scheduleId,
          platform: t.platform,
          publishedAt: t.publishedAt,
          day: now.toISOString().slice(0, 10),
          impressions: delta(reading.impressions, t.impressions),
          engagements: delta(reading.engagements, t.engagements),
          clicks: delta(reading.clicks, t.clicks),
          simulated: false,
          topic: content?.topic ?? null,
          pillar: content?.pillar ?? null,
          format: content?.format ?? null,
        },
      ]);
      await this.targets.recordReading(t.scheduleId, cumulative, nextFetchAt(t.publishedAt, this.passed(t, now), now));
      await this.updates.announce(t.brandId, [t.scheduleId]);
    });
  }
}
