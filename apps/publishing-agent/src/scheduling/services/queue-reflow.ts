import { countOf } from '@mt/ai';
import { type ContentScheduledEvent, MeshError, PUBLISHING_EVENTS, UnitOfWork } from '@mt/messages';
import { Injectable } from '@nestjs/common';
import type { QueueScheduleEntity, ScheduleItemEntity } from '../entities/scheduling.entities';
import { QueueScheduleRepository } from '../repositories/queue-schedule.repository';
import { type NewScheduleItem, ScheduleItemRepository } from '../repositories/schedule-item.repository';
import { planQueue } from './queue-plan';
import { toScheduleItem } from './schedule-view';

export interface ReflowOptions {
  /** A post to put at the end of the queue: an existing waiting item's id, or a new item made at its slot. */
  append?: { id: string; create?: (at: Date) => NewScheduleItem };
  /** Refuse (409 QUEUE_FULL) rather than leave a queued post where it is when it finds no free slot. */
  strict?: boolean;
  now?: Date;
}

export interface ReflowResult {
  /** The connection's queued posts in order, at their (new) slots. */
  queue: ScheduleItemEntity[];
  /** Items that changed slot (or joined the queue, or were made): each announced as `content.scheduled`. */
  changed: ScheduleItemEntity[];
}

/**
 * Keeps a connection's queue packed onto its earliest free slots (ADR 147), inside the caller's
 * transaction. Callers lock the queues first (`lockFor`), then change schedule items, then reflow
 * each locked queue: a removed post lets the later ones move up, a post scheduled by hand on a
 * queued post's slot pushes the queue back, new slots re-lay it. Posts at fixed times never move.
 */
@Injectable()
export class QueueReflow {
  constructor(
    private readonly items: ScheduleItemRepository,
    private readonly queues: QueueScheduleRepository,
    private readonly uow: UnitOfWork,
  ) {}

  /** Locks the queues of these connections (see QueueScheduleRepository.lock); answers those that exist. */
  lockFor(connectionIds: string[]): Promise<QueueScheduleEntity[]> {
    return this.queues.lock(connectionIds);
  }

  /** Re-lays every queue of a brand (its timezone changed: the same wall-clock slots are other instants now). */
  async reflowBrand(brandId: string, timezone: string): Promise<void> {
    for (const q of await this.queues.lock(await this.queues.connectionsOfBrand(brandId))) await this.reflow(q, timezone);
  }

  async reflow(queue: QueueScheduleEntity, timezone: string, opts: ReflowOptions = {}): Promise<ReflowResult> {
    const live = await this.items.liveByConnection(queue.connectionId);
    const append = opts.append?.id;
    const plan = planQueue({
      slots: queue.slots,
      timezone,
      now: opts.now ?? new Date(),
      posts: live.map((i) => ({ id: i.id, at: i.at, queued: i.queued, movable: i.status === 'scheduled' })),
      append,
    });
    if (append && plan.unplaced.includes(append)) {
      throw new MeshError(
        'QUEUE_FULL',
        queue.slots.length === 0
          ? 'This connection has no queue slots yet: add weekly posting times first (PUT /connections/{id}/queue/slots).'
          : 'This queue has no free slot left within two years: add slots, or schedule the post at a time of your own.',
        { status: 409, retryable: false, details: { connectionId: queue.connectionId } },
      );
    }
    if (opts.strict && plan.unplaced.length > 0) {
      throw new MeshError(
        'QUEUE_FULL',
        queue.slots.length === 0
          ? `${countOf(plan.unplaced.length, 'post')} ${plan.unplaced.length === 1 ? 'is' : 'are'} still queued on this connection: keep at least one slot, or remove them from the queue first.`
          : `These slots leave ${countOf(plan.unplaced.length, 'queued post')} without a slot within two years: add slots, or remove posts from the queue first.`,
        { status: 409, retryable: false, details: { connectionId: queue.connectionId, unplaced: plan.unplaced.length } },
      );
    }
    const byId = new Map(live.map((i) => [i.id, i]));
    const changed: ScheduleItemEntity[] = [];
    const ordered: ScheduleItemEntity[] = [];
    for (const { id, at } of plan.placed) {
      const current = byId.get(id);
      if (!current) {
        const create = opts.append?.id === id ? opts.append.create : undefined;
        if (!create) continue;
        const [made] = await this.items.insert([{ ...create(at), queued: true }]);
        changed.push(made);
        ordered.push(made);
        continue;
      }
      if (current.queued && current.at.getTime() === at.getTime()) {
        ordered.push(current);
        continue;
      }
      const moved = await this.items.placeInQueue(id, at);
      if (!moved) {
        // Claimed by the scheduler between the read and now (it was due): it keeps its time.
        ordered.push(current);
        continue;
      }
      changed.push(moved);
      ordered.push(moved);
    }
    // Queued posts that hold their time (being published, or due within the lead) stay in the list, in time order.
    for (const i of live) if (i.queued && !plan.placed.some((p) => p.id === i.id)) ordered.push(i);
    ordered.sort((a, b) => a.at.getTime() - b.at.getTime() || a.id.localeCompare(b.id));
    for (const item of changed) {
      const event: ContentScheduledEvent = {
        contentId: item.contentId,
        brandId: item.brandId,
        at: item.at.toISOString(),
        items: [toScheduleItem(item, timezone)],
      };
      this.uow.publishEvent(PUBLISHING_EVENTS.scheduled, event);
    }
    return { queue: ordered, changed };
  }
}
