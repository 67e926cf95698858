import { Inject, Injectable } from '@nestjs/common';
import { AppLogger } from '@mt/runtime';
import { type ContentPublishedEvent, type ContentPublishFailedEvent, type EventEnvelope, MeshError, PUBLISHING_EVENTS, UnitOfWork } from '@mt/messages';
import type { ScheduleItemEntity } from '../entities/scheduling.entities';
import { ContentReplicaRepository } from '../../replicas/content-replica.repository';
import { type ClaimFence, ScheduleItemRepository } from '../repositories/schedule-item.repository';
import type { ChannelGateway, OutboundMedia, OutboundPost, PlatformState, PublishOutcome, ReconcileOutcome } from '../../channels/channel-gateway.port';
import { PublishFollowUps } from './publish-follow-ups';
import { PostLinksService } from './post-links.service';
import { PostMediaService } from './post-media.service';
import { PublishingMetrics } from './publishing-metrics';
import { ScheduleChannels } from './schedule-channels';
import { backoffMs } from './scheduler-backoff';
import { SCHEDULER_SETTINGS, type SchedulerSettings } from './scheduler-settings';

class CallTimeout extends Error {}

const SETTLE_BATCH = 50;
const SETTLE_WAIT_MS = 20;

interface PendingSuccess {
  item: ScheduleItemEntity;
  fence: ClaimFence;
  r: { externalId: string; url: string | null; publishedAt: string };
  /** Found by reconciling an attempt of unknown fate, rather than published by this attempt. */
  reconciled: boolean;
  resolve: () => void;
  reject: (err: unknown) => void;
}

/**
 * One claimed schedule item, worked outside any transaction:
 * reconcile first when the last attempt may have reached the platform (outcome unknown, or a
 * lease taken over from a dead instance) → publish with the item's stable idempotency key →
 * record the outcome in a short fenced transaction with its event. A post is never made while a
 * previous attempt's fate is unknown, and only the holder of the current claim records anything.
 */
@Injectable()
export class PublishRunnerService {
  private readonly logger = new AppLogger('PublishRunner');
  private readonly successes: PendingSuccess[] = [];
  private flushTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly items: ScheduleItemRepository,
    private readonly contents: ContentReplicaRepository,
    private readonly channels: ScheduleChannels,
    private readonly followUps: PublishFollowUps,
    private readonly uow: UnitOfWork,
    @Inject(SCHEDULER_SETTINGS) private readonly settings: SchedulerSettings,
    private readonly metrics: PublishingMetrics,
    private readonly postLinks: PostLinksService,
    private readonly postMedia: PostMediaService,
  ) {}

  async run(item: ScheduleItemEntity): Promise<void> {
    // Lateness is the scheduler's own: a retry or a reconcile is late by design.
    if (item.attempts === 1 && !item.reconcileFirst) this.metrics.startedLate(item.platform, (Date.now() - new Date(item.at).getTime()) / 1000);
    const gateway = this.channels.find();
    const fence: ClaimFence = { id: item.id, claimedBy: item.claimedBy ?? '', attempts: item.attempts };
    if (!gateway) {
      await this.items.release(
        fence,
        item.reconcileFirst ? 'unknown' : 'scheduled',
        this.retryAt(item.attempts),
        'CHANNELS_UNAVAILABLE',
        'Publishing channels are not available yet.',
      );
      return;
    }
    let body: string;
    try {
      body = await this.postLinks.bodyOf(item);
    } catch (err) {
      await this.items.release(
        fence,
        item.reconcileFirst ? 'unknown' : 'scheduled',
        this.retryAt(item.attempts),
        'LINKS_UNAVAILABLE',
        `Could not prepare the post's links: ${(err as Error).message}`,
      );
      return;
    }
    let media: OutboundMedia[];
    try {
      media = await this.postMedia.of(item.contentId, item.mediaIds ?? null);
    } catch (err) {
      await this.items.release(
        fence,
        item.reconcileFirst ? 'unknown' : 'scheduled',
        this.retryAt(item.attempts),
        'MEDIA_UNAVAILABLE',
        `Could not read the post's media: ${(err as Error).message}`,
      );
      return;
    }
    const post: OutboundPost = {
      contentId: item.contentId,
      brandId: item.brandId,
      body,
      hashtags: item.hashtags,
      idempotencyKey: item.idempotencyKey,
      media,
      platformState: (item.platformState as PlatformState | null) ?? null,
      // Fenced like every settle: an attempt whose claim was taken over can keep nothing, and its
      // provider then stops before it makes the post (ADR 181).
      keepState: async (state) => {
        if (!(await this.items.keepPlatformState(fence, state))) throw new Error('the claim on this schedule item was taken over');
        post.platformState = state;
      },
    };

    if (item.reconcileFirst) {
      let found: ReconcileOutcome;
      try {
        found = await this.timed(gateway.reconcile(item.connectionId, post));
      } catch (err) {
        // Not knowing whether the post exists forbids a new attempt: look again later, or, when
        // the platform offers no way to look (or we have looked long enough), stop for good.
        const message = (err as Error).message;
        if (err instanceof MeshError && !err.retryable) {
          await this.failed(
            item,
            fence,
            err.code,
            `We could not confirm whether this post went out, and ${item.platform} offers no way to check. Look at the account before scheduling it again. (${message})`,
          );
        } else if (item.attempts >= this.settings.maxAttempts) {
          await this.failed(
            item,
            fence,
            'OUTCOME_UNKNOWN',
            `We could not confirm whether this post went out (${message}). Look at the ${item.platform} account before scheduling it again.`,
          );
        } else {
          // A platform that says when to look again (TikTok still processing, a rate limit) is
          // asked then, not at the generic backoff: each look spends one of maxAttempts.
          const asked = err instanceof MeshError ? retryAfterMsOf(err.details) : undefined;
          await this.items.release(fence, 'unknown', this.retryAt(item.attempts, asked), 'RECONCILE_FAILED', `Could not check the platform yet: ${message}`);
        }
        return;
      }
      if (found.found) {
        await this.published(item, fence, { externalId: found.externalId, url: found.url, publishedAt: found.publishedAt }, true);
        return;
      }
      // Deleting content cancels its waiting items; one whose fate was unknown then is only
      // checked, never sent again.
      if (await this.contents.isDeleted(item.contentId)) {
        await this.items.markCancelled(fence, 'CONTENT_DELETED', 'The content was deleted before this post could be confirmed; it was not sent again.');
        return;
      }
    }

    if (item.attempts > this.settings.maxAttempts) {
      await this.failed(item, fence, 'GAVE_UP', `The platform did not confirm the post after ${item.attempts - 1} attempts.`);
      return;
    }

    const outcome = await this.publish(gateway, item.connectionId, post);
    switch (outcome.kind) {
      case 'published':
        await this.published(item, fence, outcome, false);
        return;
      case 'unknown':
        await this.items.release(fence, 'unknown', this.retryAt(item.attempts), 'OUTCOME_UNKNOWN', outcome.reason);
        this.metrics.publishOutcome(item.platform, 'unknown');
        return;
      case 'retryable':
        if (item.attempts >= this.settings.maxAttempts) {
          await this.failed(item, fence, outcome.code, outcome.message);
        } else {
          const wait = Math.max(outcome.retryAfterMs ?? 0, backoffMs(item.attempts, this.settings.retryBaseMs, this.settings.retryCapMs));
          await this.items.release(fence, 'scheduled', new Date(Date.now() + wait), outcome.code, outcome.message);
          this.metrics.publishOutcome(item.platform, 'retried');
        }
        return;
      case 'permanent':
        await this.failed(item, fence, outcome.code, outcome.message);
        return;
    }
  }

  private async publish(gateway: ChannelGateway, connectionId: string, post: OutboundPost): Promise<PublishOutcome> {
    try {
      return await this.timed(gateway.publish(connectionId, post));
    } catch (err) {
      // A timeout or a thrown error after the request may have left: the post may exist.
      return { kind: 'unknown', reason: err instanceof CallTimeout ? 'The platform did not answer in time.' : (err as Error).message };
    }
  }

  /**
   * Successes are recorded in small batches (one transaction, one statement, their events
   * together): under load the database round trips, not the platforms, bound the throughput.
   */
  private published(
    item: ScheduleItemEntity,
    fence: ClaimFence,
    r: { externalId: string; url: string | null; publishedAt: string },
    reconciled: boolean,
  ): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.successes.push({ item, fence, r, reconciled, resolve, reject });
      if (this.successes.length >= SETTLE_BATCH) void this.flushSuccesses();
      else this.flushTimer ??= setTimeout(() => void this.flushSuccesses(), SETTLE_WAIT_MS);
    });
  }

  private async flushSuccesses(): Promise<void> {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = null;
    const batch = this.successes.splice(0);
    if (batch.length === 0) return;
    let recorded = new Set<string>();
    try {
      await this.uow.transaction(async () => {
        const rows = await this.items.markPublishedMany(
          batch.map((b) => ({ fence: b.fence, externalId: b.r.externalId, url: b.r.url, publishedAt: new Date(b.r.publishedAt) })),
        );
        recorded = new Set(rows.map((row) => row.id));
        for (const b of batch) if (!recorded.has(b.item.id)) this.lostClaim(b.item);
        const events: EventEnvelope<ContentPublishedEvent>[] = [];
        for (const row of rows) {
          const event: ContentPublishedEvent = {
            contentId: row.contentId,
            brandId: row.brandId,
            platform: row.platform,
            connectionId: row.connectionId,
            scheduleId: row.id,
            externalId: row.externalId ?? '',
            url: row.url,
            publishedAt: (row.publishedAt ?? new Date()).toISOString(),
            variantId: row.variantId,
            abTestId: row.abTestId,
            excerpt: excerptOf(row.body),
          };
          events.push(this.uow.publishEvent(PUBLISHING_EVENTS.published, event, { idempotencyKey: `published:${row.id}` }));
        }
        await this.followUps.published(events);
      });
      for (const b of batch) {
        if (recorded.has(b.item.id)) this.metrics.publishOutcome(b.item.platform, b.reconciled ? 'reconciled' : 'published');
        b.resolve();
      }
    } catch (err) {
      // The items stay claimed; their leases lapse and the next holder reconciles (and finds) them.
      for (const b of batch) b.reject(err);
    }
  }

  private async failed(item: ScheduleItemEntity, fence: ClaimFence, code: string, message: string): Promise<void> {
    const recorded = await this.uow.transaction(async () => {
      const row = await this.items.markFailed(fence, code, message);
      if (!row) {
        this.lostClaim(item);
        return false;
      }
      const event: ContentPublishFailedEvent = {
        contentId: row.contentId,
        brandId: row.brandId,
        platform: row.platform,
        connectionId: row.connectionId,
        scheduleId: row.id,
        code,
        message,
        at: new Date().toISOString(),
        excerpt: excerptOf(row.body),
      };
      await this.followUps.failed(this.uow.publishEvent(PUBLISHING_EVENTS.publishFailed, event, { idempotencyKey: `publish_failed:${row.id}` }));
      return true;
    });
    if (recorded) this.metrics.publishOutcome(item.platform, 'failed');
  }

  private lostClaim(item: ScheduleItemEntity): void {
    this.logger.warn(`schedule item ${item.id}: claim taken over before the outcome was recorded; the new holder reconciles it`);
  }

  /** After the backoff, or the wait the platform asked for when that is longer. */
  private retryAt(attempts: number, askedMs = 0): Date {
    return new Date(Date.now() + Math.max(askedMs, backoffMs(attempts, this.settings.retryBaseMs, this.settings.retryCapMs)));
  }

  private timed<T>(p: Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new CallTimeout('timeout')), this.settings.publishTimeoutMs);
    });
    return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
  }
}

/** The wait a reconcile failure carries (ChannelGatewayService puts the provider's in `details.retryAfterMs`). */
function retryAfterMsOf(details: unknown): number | undefined {
  const ms = (details as { retryAfterMs?: unknown } | null | undefined)?.retryAfterMs;
  return typeof ms === 'number' && Number.isFinite(ms) && ms > 0 ? ms : undefined;
}

/** A post's first words for a notification: at most 80 characters, cut at a word. */
export function excerptOf(body: string): string {
  const t = body.replace(/\s+/g, ' ').trim();
  if (t.length <= 80) return t;
  const cut = t.slice(0, 79);
  const space = cut.lastIndexOf(' ');
  return `${space > 40 ? cut.slice(0, space) : cut}…`;
}
