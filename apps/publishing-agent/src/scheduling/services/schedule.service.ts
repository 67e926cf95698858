import { randomUUID } from 'node:crypto';
import { Injectable, Optional } from '@nestjs/common';
import {
  type Actor,
  type Connection,
  type ContentScheduledEvent,
  type ContentUnscheduledEvent,
  MeshError,
  PUBLISHING_EVENTS,
  type ScheduleItem,
  ScheduleInstantShape,
  type ScheduleList,
  type ScheduleResult,
  type UnscheduleResult,
  UnitOfWork,
} from '@mt/messages';
import { BrandAccessService } from '@mt/replicas';
import { isPlatformId, PLATFORMS } from '@mt/ai';
import type { ScheduleItemEntity } from '../entities/scheduling.entities';
import type { ContentReplicaEntity } from '../../replicas/replicas.entities';
import { ContentReplicaRepository } from '../../replicas/content-replica.repository';
import { MediaRepository } from '../repositories/media.repository';
import { ScheduleItemRepository } from '../repositories/schedule-item.repository';
import { ScheduleReplicaRepository } from '../../replicas/schedule-replica.repository';
import { type ContentTargetRow, ContentTargetRepository } from '../repositories/content-target.repository';
import { PublishingSettingsService } from './publishing-settings.service';
import { QueueReflow } from './queue-reflow';
import { ScheduleChannels } from './schedule-channels';
import { mediaRequired } from './media-rules';
import { toScheduleItem } from './schedule-view';
import { SchedulerWakeup } from './scheduler-wakeup';
import { targetText } from './target-rules';

/** What ScheduleService.scheduleVariant takes (the A/B tests of the performance part use it). */
export interface ScheduleVariantInput {
  brandId: string;
  contentId: string;
  variantId: string;
  body: string;
  hashtags: string[];
  connectionId: string;
  /** UTC instant (ISO 8601), now or later. */
  at: string;
  abTestId: string;
}

/** One post to one connection: a compose-once target (ADR 186) carries its own media and text flag. */
export interface Placement {
  connection: Pick<Connection, 'id' | 'platform'>;
  at: Date;
  body: string;
  hashtags: string[];
  target?: { mediaIds: string[] | null; ownBody: boolean };
}

/** What schedule and publish-now answer: the contract's (ADR 198). */
export type { ScheduleResult };

/** Content in these states has passed the approval gate (a failed publish may be scheduled again). */
const APPROVED_STATES = new Set(['approved', 'scheduled', 'published', 'failed']);
/** A time this far in the past still counts as "now" (clock skew, a slow request). */
const NOW_TOLERANCE_MS = 60_000;
const MAX_AHEAD_MS = 2 * 366 * 86_400_000;
const MAX_LIST_RANGE_MS = 93 * 86_400_000;
const MAX_LIST_ITEMS = 1_000;

const notFound = () => new MeshError('NOT_FOUND', 'No such content', { status: 404, retryable: false });
const invalid = (field: string, message: string) =>
  new MeshError('VALIDATION_FAILED', `${field} ${message}`, { status: 400, retryable: false, details: { errors: [{ field, message }] } });

/**
 * Puts approved content on the schedule: one item per connection, its time stored in UTC and
 * shown in the brand's timezone. Checks (access, the content's approval, the connections) run
 * before the transaction; the items and `content.scheduled` commit together.
 */
@Injectable()
export class ScheduleService {
  constructor(
    private readonly items: ScheduleItemRepository,
    private readonly contents: ContentReplicaRepository,
    private readonly replica: ScheduleReplicaRepository,
    private readonly settings: PublishingSettingsService,
    private readonly channels: ScheduleChannels,
    private readonly access: BrandAccessService,
    private readonly uow: UnitOfWork,
    private readonly wakeup: SchedulerWakeup,
    private readonly queues: QueueReflow,
    private readonly media: MediaRepository,
    // Optional only for callers written before targets existed (ADR 186); Nest always provides it.
    @Optional() targets?: ContentTargetRepository,
  ) {
    this.targets = targets ?? new ContentTargetRepository(uow);
  }

  private readonly targets: ContentTargetRepository;

  async schedule(actor: Actor, contentId: string, atIso: string, connectionIds: string[]): Promise<ScheduleResult> {
    const copy = await this.load(actor, contentId, 'editor');
    const at = parseAt(atIso);
    await this.assertApproved(copy);
    await this.assertMedia(copy);
    const connections = await this.activeConnections(copy.brandId, copy.platform, connectionIds);
    return this.place(copy, at, connections, { body: copy.body, hashtags: copy.hashtags, variantId: null, abTestId: null, by: actor.userId });
  }

  /** Publishes at once: a schedule item due now, taken by the scheduler within its poll interval. */
  publishNow(actor: Actor, contentId: string, connectionIds: string[]): Promise<ScheduleResult> {
    return this.schedule(actor, contentId, new Date().toISOString(), connectionIds);
  }

  /**
   * Cancels the content's waiting items; items already being published (or of unknown outcome)
   * are kept. The queues they leave move their later posts up (ADR 147).
   */
  async unschedule(actor: Actor, contentId: string): Promise<UnscheduleResult> {
    const copy = await this.load(actor, contentId, 'editor');
    const timezone = await this.settings.timezoneOf(copy.brandId);
    return this.uow.transaction(async () => {
      const queues = await this.queues.lockFor((await this.items.liveByContent(contentId)).map((i) => i.connectionId));
      const cancelled = await this.items.cancelWaiting(contentId);
      if (cancelled.length > 0) {
        const event: ContentUnscheduledEvent = { contentId, brandId: copy.brandId };
        this.uow.publishEvent(PUBLISHING_EVENTS.unscheduled, event);
      }
      for (const q of queues) await this.queues.reflow(q, timezone);
      return { contentId, cancelled: cancelled.length };
    });
  }

  /** A brand's scheduled and published items between `from` and `to` (default: a week back, a month ahead). */
  async list(actor: Actor, brandId: string, fromIso?: string, toIso?: string): Promise<ScheduleList> {
    await this.access.require(actor, brandId, 'viewer');
    const from = fromIso ? parseInstant('from', fromIso) : new Date(Date.now() - 7 * 86_400_000);
    const to = toIso ? parseInstant('to', toIso) : new Date(Date.now() + 31 * 86_400_000);
    if (to < from) throw invalid('to', 'must not be before from');
    if (to.getTime() - from.getTime() > MAX_LIST_RANGE_MS) throw invalid('to', 'must be at most 93 days after from');
    const timezone = await this.settings.timezoneOf(brandId);
    const rows = await this.items.listByBrand(brandId, from, to, MAX_LIST_ITEMS);
    return { items: rows.map((r) => toScheduleItem(r, timezone)), nextCursor: null };
  }

  /**
   * Schedules one variant of a content (an A/B test arm) to one connection at `at`, with the
   * variant's own body and hashtags. The content must have passed the approval gate and the
   * connection must be the brand's and active. Call it outside a transaction (it asks the
   * channels part about the connection). Idempotent per (content, connection, variant): a second
   * call moves the waiting item instead of adding one. Announces `content.scheduled`.
   */
  async scheduleVariant(input: ScheduleVariantInput): Promise<ScheduleItem> {
    const copy = await this.contents.findLive(input.contentId);
    if (!copy || copy.brandId !== input.brandId) throw notFound();
    await this.assertApproved(copy);
    const at = parseAt(input.at);
    const [connection] = await this.activeConnections(copy.brandId, copy.platform, [input.connectionId]);
    const result = await this.place(copy, at, [connection], {
      body: input.body,
      hashtags: input.hashtags,
      variantId: input.variantId,
      abTestId: input.abTestId,
      by: null,
    });
    return result.items[0];
  }

  /**
   * Inside an event handler's transaction: puts approved content of a calendar entry on the
   * schedule at the entry's planned time, on the brand's active connections of its platform
   * (as last announced). Leaves it approved when the time has passed, no connection is active,
   * or it is already scheduled.
   */
  async scheduleFromCalendar(copy: ContentReplicaEntity): Promise<void> {
    if (!copy.calendarEntryId) return;
    const slot = await this.replica.slot(copy.calendarEntryId);
    if (!slot || slot.scheduledAt.getTime() < Date.now() - NOW_TOLERANCE_MS) return;
    const targets = await this.targets.ofContent(copy.contentId);
    if (targets.length > 0) return this.targetsFromCalendar(copy, targets, slot.scheduledAt);
    const refs = await this.replica.activeConnections(copy.brandId, copy.platform);
    if (refs.length === 0) return;
    if ((await this.items.liveByContent(copy.contentId)).length > 0) return;
    const connections = refs.map((r) => ({ id: r.connectionId, platform: r.platform }));
    await this.place(copy, slot.scheduledAt, connections, { body: copy.body, hashtags: copy.hashtags, variantId: null, abTestId: null, by: null });
  }

  /** A post with targets (ADR 186) goes to its targets' active connections, each at its own time or the entry's. */
  private async targetsFromCalendar(copy: ContentReplicaEntity, targets: ContentTargetRow[], slotAt: Date): Promise<void> {
    if ((await this.items.liveByContent(copy.contentId)).length > 0) return;
    const placements: Placement[] = [];
    for (const t of targets) {
      const active = await this.replica.activeConnections(copy.brandId, t.platform);
      if (!active.some((r) => r.connectionId === t.connectionId)) continue;
      const at = t.at && t.at.getTime() >= Date.now() - NOW_TOLERANCE_MS ? t.at : slotAt;
      placements.push({
        connection: { id: t.connectionId, platform: t.platform },
        at,
        ...targetText(copy, t),
        target: { mediaIds: t.mediaIds, ownBody: true },
      });
    }
    if (placements.length > 0) await this.placeEach(copy, placements, { variantId: null, abTestId: null, by: null });
  }

  private place(
    copy: ContentReplicaEntity,
    at: Date,
    connections: Pick<Connection, 'id' | 'platform'>[],
    what: { body: string; hashtags: string[]; variantId: string | null; abTestId: string | null; by: string | null },
  ): Promise<ScheduleResult> {
    const placements = connections.map((connection) => ({ connection, at, body: what.body, hashtags: what.hashtags }));
    return this.placeEach(copy, placements, what);
  }

  /**
   * Puts each placement on the schedule in one transaction (its waiting item moved, or a new item
   * with its own idempotency key) and announces `content.scheduled` once. Compose-once targets
   * (ADR 186) come here with their own time, text and media.
   */
  async placeEach(
    copy: ContentReplicaEntity,
    placements: Placement[],
    what: { variantId: string | null; abTestId: string | null; by: string | null },
  ): Promise<ScheduleResult> {
    const timezone = await this.settings.timezoneOf(copy.brandId);
    const earliest = new Date(Math.min(...placements.map((p) => p.at.getTime())));
    const result = await this.uow.transaction(async () => {
      // A post put by hand on a queued post's slot pushes that queue back; one taken out of a queue by a new time lets it move up (ADR 147).
      const queues = await this.queues.lockFor(placements.map((p) => p.connection.id));
      const live = (await this.items.liveByContent(copy.contentId)).filter((i) => i.variantId === what.variantId);
      const placed: ScheduleItemEntity[] = [];
      const fresh = [];
      for (const p of placements) {
        const c = p.connection;
        const existing = live.find((i) => i.connectionId === c.id);
        if (existing) {
          const target = p.target ? { mediaIds: p.target.mediaIds, ownBody: p.target.ownBody } : undefined;
          const moved = await this.items.reschedule(existing.id, p.at, p.body, p.hashtags, target);
          if (!moved) {
            throw new MeshError('ALREADY_PUBLISHING', 'This post is being published to that connection right now; it cannot be moved.', {
              status: 409,
              retryable: false,
              details: { connectionId: c.id, scheduleId: existing.id },
            });
          }
          placed.push(moved);
          continue;
        }
        const id = randomUUID();
        fresh.push({
          id,
          brandId: copy.brandId,
          contentId: copy.contentId,
          connectionId: c.id,
          platform: c.platform,
          at: p.at,
          // Stable for every attempt of this item: the platform (or our reconciliation) recognises a repeat by it.
          idempotencyKey: `mt-${id}`,
          body: p.body,
          hashtags: p.hashtags,
          variantId: what.variantId,
          abTestId: what.abTestId,
          createdBy: what.by,
          mediaIds: p.target?.mediaIds ?? null,
          ownBody: p.target?.ownBody ?? false,
        });
      }
      placed.push(...(await this.items.insert(fresh).catch(rethrowConflict)));
      for (const q of queues) await this.queues.reflow(q, timezone);
      const event: ContentScheduledEvent = {
        contentId: copy.contentId,
        brandId: copy.brandId,
        at: earliest.toISOString(),
        items: placed.map((p) => toScheduleItem(p, timezone)),
      };
      this.uow.publishEvent(PUBLISHING_EVENTS.scheduled, event);
      return event;
    });
    for (const at of new Set(placements.map((p) => p.at.getTime()))) this.wakeup.due(new Date(at));
    return result;
  }

  /** Passes content that went through the approval gate (or any, with auto-approve on); else 409 CONTENT_NOT_APPROVED. */
  async assertApproved(copy: ContentReplicaEntity): Promise<void> {
    if (APPROVED_STATES.has(copy.status)) return;
    if (await this.settings.autoApprove(copy.brandId)) return;
    throw new MeshError(
      'CONTENT_NOT_APPROVED',
      'Only approved content can be scheduled: approve it first, or switch on auto-approve in the brand’s publishing settings.',
      { status: 409, retryable: false, details: { contentId: copy.contentId, status: copy.status } },
    );
  }

  /** A post of a platform that has no text-only posts (Instagram, Pinterest, YouTube: ADR 176, 179, 180) carries media before it is scheduled. */
  async assertMedia(copy: ContentReplicaEntity): Promise<void> {
    const rules = isPlatformId(copy.platform) ? PLATFORMS[copy.platform] : undefined;
    if (!rules?.media.required) return;
    if ((await this.media.attachedIds(copy.contentId)).length > 0) return;
    const message = mediaRequired(rules.label, rules.media.required);
    throw new MeshError('MEDIA_REQUIRED', `${message} Attach one before scheduling the post.`, {
      status: 422,
      retryable: false,
      details: { errors: [{ field: 'mediaIds', message }] },
    });
  }

  /**
   * The connections, each the brand's and active (and on the content's platform, unless `platform`
   * is null: a compose-once target may be on any), or a 422 problem naming the first that is not.
   */
  async activeConnections(brandId: string, platform: string | null, ids: string[]): Promise<Connection[]> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) throw invalid('connectionIds', 'must name at least one connection');
    const gateway = this.channels.require();
    const out: Connection[] = [];
    for (const id of unique) {
      const c = await gateway.connection(id);
      if (!c || c.brandId !== brandId) {
        throw new MeshError('CONNECTION_NOT_FOUND', `Connection ${id} is not one of this brand's connections.`, {
          status: 422,
          retryable: false,
          details: { connectionId: id },
        });
      }
      if (c.status !== 'active') {
        throw new MeshError(
          'CONNECTION_NOT_ACTIVE',
          `The ${c.platform} connection "${c.displayName}" is ${c.status.replace('_', ' ')}${c.statusReason ? `: ${c.statusReason}` : ''}. Reconnect it first.`,
          { status: 422, retryable: false, details: { connectionId: id, status: c.status } },
        );
      }
      if (platform !== null && c.platform !== platform && c.platform !== 'webhook') {
        throw new MeshError('PLATFORM_MISMATCH', `This content was written for ${platform}; connection "${c.displayName}" is on ${c.platform}.`, {
          status: 422,
          retryable: false,
          details: { connectionId: id, platform: c.platform, contentPlatform: platform },
        });
      }
      out.push(c);
    }
    return out;
  }

  /** The live content copy, if the actor has at least `role` on its brand; 404 when they have none. */
  async load(actor: Actor, contentId: string, role: 'viewer' | 'editor'): Promise<ContentReplicaEntity> {
    const copy = await this.contents.findLive(contentId);
    if (!copy) throw notFound();
    try {
      await this.access.require(actor, copy.brandId, role);
    } catch (err) {
      if (err instanceof MeshError && err.code === 'NOT_FOUND') throw notFound();
      throw err;
    }
    return copy;
  }
}

/** An instant from any sender, by the shape the gateway checks it with (ADR 198). */
function parseInstant(field: string, iso: string): Date {
  const parsed = ScheduleInstantShape.safeParse(iso);
  if (!parsed.success) throw invalid(field, parsed.error.issues[0].message);
  return new Date(parsed.data);
}

export function parseAt(iso: string): Date {
  const at = parseInstant('at', iso);
  const now = Date.now();
  if (at.getTime() < now - NOW_TOLERANCE_MS) {
    throw new MeshError('SCHEDULE_IN_PAST', `at (${iso}) is in the past: pick a time from now on, or publish now.`, { status: 422, retryable: false });
  }
  if (at.getTime() > now + MAX_AHEAD_MS) throw invalid('at', 'must be within two years');
  return at;
}

function rethrowConflict(err: unknown): never {
  if (err && typeof err === 'object' && (err as { code?: string }).code === '23505') {
    // Retryable: an event handler that lost the race is redelivered and then finds the item in place.
    throw new MeshError('SCHEDULE_CONFLICT', 'This content was scheduled to that connection at the same moment by another request; reload and try again.', {
      status: 409,
      retryable: true,
    });
  }
  throw err;
}
