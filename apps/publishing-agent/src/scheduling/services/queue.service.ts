import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import {
  type Actor,
  type AddToQueueResult,
  type Connection,
  checkedByShape,
  type ContentUnscheduledEvent,
  MeshError,
  PUBLISHING_EVENTS,
  type QueuedPost,
  type QueueSlot,
  type QueueSlots,
  QueueSlotsShape,
  type QueueView,
  type RemoveFromQueueResult,
  UnitOfWork,
} from '@mt/messages';
import { BrandAccessService } from '@mt/replicas';
import type { QueueScheduleEntity, ScheduleItemEntity } from '../entities/scheduling.entities';
import { QueueScheduleRepository } from '../repositories/queue-schedule.repository';
import { ScheduleItemRepository } from '../repositories/schedule-item.repository';
import { PublishingSettingsService } from './publishing-settings.service';
import { sortSlots } from './queue-plan';
import { QueueReflow } from './queue-reflow';
import { ScheduleChannels } from './schedule-channels';
import { toScheduleItem } from './schedule-view';
import { ScheduleService } from './schedule.service';
import { SchedulerWakeup } from './scheduler-wakeup';
import { TargetsService } from './targets.service';

const connectionNotFound = () => new MeshError('NOT_FOUND', 'No such connection', { status: 404, retryable: false });
const invalid = (field: string, message: string) =>
  new MeshError('VALIDATION_FAILED', `${field} ${message}`, { status: 400, retryable: false, details: { errors: [{ field, message }] } });

/**
 * Posting queues, Buffer's model (ADR 147): a connection has weekly slots in the brand's timezone,
 * and "add to queue" puts an approved post on the next free one. A queued post is an ordinary
 * schedule item with `queued` set, so the scheduler publishes it exactly once like any other; the
 * queue only decides its time, and re-lays it whenever the queue or its slots change.
 */
@Injectable()
export class QueueService {
  constructor(
    private readonly items: ScheduleItemRepository,
    private readonly queues: QueueScheduleRepository,
    private readonly reflow: QueueReflow,
    private readonly schedule: ScheduleService,
    private readonly settings: PublishingSettingsService,
    private readonly channels: ScheduleChannels,
    private readonly access: BrandAccessService,
    private readonly uow: UnitOfWork,
    private readonly wakeup: SchedulerWakeup,
    private readonly targets: TargetsService,
  ) {}

  async slots(actor: Actor, connectionId: string): Promise<QueueSlots> {
    const connection = await this.connection(actor, connectionId, 'viewer');
    const timezone = await this.settings.timezoneOf(connection.brandId);
    return this.slotsView(connection, await this.queues.find(connectionId), timezone);
  }

  /** Replaces the weekly slots (editors and owners) and re-lays the queue on them. */
  async updateSlots(actor: Actor, connectionId: string, slots: QueueSlot[]): Promise<QueueView> {
    const connection = await this.connection(actor, connectionId, 'editor');
    const sorted = validSlots(slots);
    const timezone = await this.settings.timezoneOf(connection.brandId);
    const view = await this.uow.transaction(async () => {
      await this.queues.save(connectionId, connection.brandId, sorted, actor.userId);
      const [queue] = await this.reflow.lockFor([connectionId]);
      const { queue: items } = await this.reflow.reflow(queue, timezone, { strict: true });
      return this.view(connection, queue, items, timezone);
    });
    this.wakeup.due(new Date());
    return view;
  }

  async list(actor: Actor, connectionId: string): Promise<QueueView> {
    const connection = await this.connection(actor, connectionId, 'viewer');
    const timezone = await this.settings.timezoneOf(connection.brandId);
    const queue = await this.queues.find(connectionId);
    return this.view(connection, queue, await this.items.queuedByConnection(connectionId), timezone);
  }

  /**
   * Puts approved content at the end of each connection's queue: on the first free slot after
   * the posts already queued. Content already queued there keeps its place; content scheduled
   * there by hand joins the queue (its fixed time is given up).
   *
   * A post with targets (ADR 194) goes into the queue of each named target (all when none is
   * named) that is not published or on its way, whatever its platform, with the target's own
   * text, hashtags and media: one queued item per target, its own idempotency key, as a schedule.
   */
  async add(actor: Actor, contentId: string, connectionIds: string[]): Promise<AddToQueueResult> {
    const copy = await this.schedule.load(actor, contentId, 'editor');
    // A request naming no connection for a post without targets is malformed: its 400 comes before any state check (409).
    if (connectionIds.length === 0 && !(await this.targets.hasTargets(copy.contentId))) throw invalid('connectionIds', 'must name at least one connection');
    await this.schedule.assertApproved(copy);
    const targets = await this.targets.forQueue(copy, connectionIds);
    if (!targets) await this.schedule.assertMedia(copy);
    const connections = targets
      ? await this.schedule.activeConnections(
          copy.brandId,
          null,
          targets.map((t) => t.connectionId),
        )
      : await this.schedule.activeConnections(copy.brandId, copy.platform, connectionIds);
    const timezone = await this.settings.timezoneOf(copy.brandId);
    const result = await this.uow.transaction(async () => {
      const locked = await this.reflow.lockFor(connections.map((c) => c.id));
      const live = (await this.items.liveByContent(contentId)).filter((i) => i.variantId === null);
      const out: QueuedPost[] = [];
      for (const c of connections) {
        const queue = locked.find((q) => q.connectionId === c.id);
        if (!queue || queue.slots.length === 0) {
          throw new MeshError('QUEUE_HAS_NO_SLOTS', `"${c.displayName}" has no queue slots yet: add weekly posting times first.`, {
            status: 409,
            retryable: false,
            details: { connectionId: c.id },
          });
        }
        const existing = live.find((i) => i.connectionId === c.id);
        if (existing && existing.status !== 'scheduled') {
          throw new MeshError('ALREADY_PUBLISHING', 'This post is being published to that connection right now; it cannot be queued.', {
            status: 409,
            retryable: false,
            details: { connectionId: c.id, scheduleId: existing.id },
          });
        }
        let ordered: ScheduleItemEntity[];
        if (existing?.queued) {
          ordered = (await this.reflow.reflow(queue, timezone)).queue;
        } else {
          const id = existing?.id ?? randomUUID();
          const target = targets?.find((t) => t.connectionId === c.id);
          const create = (at: Date) => ({
            id,
            brandId: copy.brandId,
            contentId,
            connectionId: c.id,
            platform: c.platform,
            at,
            // Stable for every attempt of this item: the platform (or our reconciliation) recognises a repeat by it.
            idempotencyKey: `mt-${id}`,
            body: target ? target.body : copy.body,
            hashtags: target ? target.hashtags : copy.hashtags,
            ...(target ? { mediaIds: target.mediaIds, ownBody: true } : {}),
            variantId: null,
            abTestId: null,
            createdBy: actor.userId,
          });
          ordered = (await this.reflow.reflow(queue, timezone, { append: { id, create: existing ? undefined : create } })).queue;
        }
        const mine = ordered.findIndex((i) => i.contentId === contentId);
        if (mine >= 0) out.push(queuedPost(ordered[mine], mine + 1, timezone));
      }
      return { contentId, brandId: copy.brandId, items: out };
    });
    this.wakeup.due(new Date());
    return result;
  }

  /** Takes content out of its queues (one connection's, or all); the later posts of each move up. */
  async remove(actor: Actor, contentId: string, connectionId?: string): Promise<RemoveFromQueueResult> {
    const copy = await this.schedule.load(actor, contentId, 'editor');
    const timezone = await this.settings.timezoneOf(copy.brandId);
    const removed = await this.uow.transaction(async () => {
      const queued = (await this.items.liveByContent(contentId)).filter((i) => i.queued && (!connectionId || i.connectionId === connectionId));
      const locked = await this.reflow.lockFor(queued.map((i) => i.connectionId));
      const cancelled = await this.items.cancelQueued(contentId, connectionId);
      for (const q of locked) await this.reflow.reflow(q, timezone);
      if (cancelled.length > 0 && (await this.items.liveByContent(contentId)).length === 0) {
        const event: ContentUnscheduledEvent = { contentId, brandId: copy.brandId };
        this.uow.publishEvent(PUBLISHING_EVENTS.unscheduled, event);
      }
      return cancelled.length;
    });
    if (removed > 0) this.wakeup.due(new Date());
    return { contentId, removed };
  }

  /** The connection, if the actor has at least `role` on its brand; 404 when they have none. */
  private async connection(actor: Actor, connectionId: string, role: 'viewer' | 'editor'): Promise<Connection> {
    const c = await this.channels.require().connection(connectionId);
    if (!c) throw connectionNotFound();
    try {
      await this.access.require(actor, c.brandId, role);
    } catch (err) {
      if (err instanceof MeshError && err.code === 'NOT_FOUND') throw connectionNotFound();
      throw err;
    }
    return c;
  }

  private slotsView(connection: Connection, queue: QueueScheduleEntity | null, timezone: string): QueueSlots {
    return {
      connectionId: connection.id,
      brandId: connection.brandId,
      timezone,
      slots: queue ? sortSlots(queue.slots) : [],
      updatedAt: queue ? queue.updatedAt.toISOString() : null,
    };
  }

  private view(connection: Connection, queue: QueueScheduleEntity | null, items: ScheduleItemEntity[], timezone: string): QueueView {
    return { ...this.slotsView(connection, queue, timezone), items: items.map((i, k) => queuedPost(i, k + 1, timezone)) };
  }
}

function queuedPost(item: ScheduleItemEntity, position: number, timezone: string): QueuedPost {
  const text = item.body.replace(/\s+/g, ' ').trim();
  return { ...toScheduleItem(item, timezone), queued: item.queued === true, position, excerpt: text.length > 80 ? `${text.slice(0, 79)}…` : text };
}

/**
 * The slots sorted, or a 400 problem naming every bad one (`slots.1.time`, `slots.2` for a repeat):
 * the shape the gateway checks the body with (ADR 198, ADR 202), for senders that are not the gateway.
 */
function validSlots(slots: QueueSlot[]): QueueSlot[] {
  return sortSlots(checkedByShape(QueueSlotsShape, { slots }).slots);
}
