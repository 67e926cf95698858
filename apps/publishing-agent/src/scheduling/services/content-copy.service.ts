import { Injectable, Optional } from '@nestjs/common';
import { type CalendarEntry, type Content, type ContentScheduledEvent, type ContentUnscheduledEvent, PUBLISHING_EVENTS, UnitOfWork } from '@mt/messages';
import { ContentReplicaRepository } from '../../replicas/content-replica.repository';
import { ScheduleItemRepository } from '../repositories/schedule-item.repository';
import { ContentTargetRepository } from '../repositories/content-target.repository';
import { targetText } from './target-rules';
import { ScheduleReplicaRepository } from '../../replicas/schedule-replica.repository';
import { PublishingSettingsService } from './publishing-settings.service';
import { QueueReflow } from './queue-reflow';
import { ScheduleService } from './schedule.service';
import { toScheduleItem } from './schedule-view';

/**
 * Keeps publishing-agent's copy of content current from creation-agent's events (inside the
 * event's transaction) and applies what a change means for the schedule: approval puts calendar
 * content on its planned slot; an edit refreshes the waiting posts' text, or takes them off the
 * schedule when it withdrew the approval; a deletion cancels them.
 */
@Injectable()
export class ContentCopyService {
  constructor(
    private readonly contents: ContentReplicaRepository,
    private readonly items: ScheduleItemRepository,
    private readonly replica: ScheduleReplicaRepository,
    private readonly schedule: ScheduleService,
    private readonly settings: PublishingSettingsService,
    private readonly uow: UnitOfWork,
    private readonly queues: QueueReflow,
    // Optional only for callers written before targets existed (ADR 186); Nest always provides it.
    @Optional() targets?: ContentTargetRepository,
  ) {
    this.targets = targets ?? new ContentTargetRepository(uow);
  }

  private readonly targets: ContentTargetRepository;

  /**
   * A plan's entries (from `campaign.planned`): their times are kept, and content approved for
   * them before the plan reached this agent (events of different senders arrive in any order) is
   * scheduled now.
   */
  async planned(entries: CalendarEntry[]): Promise<void> {
    await this.replica.lockEntries(entries.map((e) => e.id));
    await this.replica.recordSlots(entries);
    for (const copy of await this.contents.findByEntries(entries.map((e) => e.id))) {
      if (copy.status === 'approved' || (copy.status === 'draft' && (await this.settings.autoApprove(copy.brandId)))) {
        await this.schedule.scheduleFromCalendar(copy);
      }
    }
  }

  /**
   * An entry moved in the calendar (`calendar.entry.moved`): its waiting posts that were on the
   * entry's old slot follow it to the new one (announced as `content.scheduled`). A post the user
   * scheduled at a time of their own, an A/B variant, or one already being published stays put.
   */
  async entryMoved(entry: CalendarEntry, previousScheduledAt: string): Promise<void> {
    await this.replica.lockEntries([entry.id]);
    await this.replica.recordSlots([entry]);
    const previous = Date.parse(previousScheduledAt);
    const at = new Date(entry.scheduledAt);
    for (const copy of await this.contents.findByEntries([entry.id])) {
      const moved = [];
      for (const item of await this.items.liveByContent(copy.contentId)) {
        if (item.variantId !== null || item.at.getTime() !== previous) continue;
        const row = await this.items.reschedule(item.id, at, item.body, item.hashtags);
        if (row) moved.push(row);
      }
      if (moved.length === 0) continue;
      const event: ContentScheduledEvent = {
        contentId: copy.contentId,
        brandId: copy.brandId,
        at: at.toISOString(),
        items: moved.map((m) => toScheduleItem(m, entry.timezone)),
      };
      this.uow.publishEvent(PUBLISHING_EVENTS.scheduled, event);
    }
  }

  async created(content: Content): Promise<void> {
    if (content.calendarEntryId) await this.replica.lockEntries([content.calendarEntryId]);
    // The copy and the brand's auto-approve setting in one statement (ADR 227).
    const written = await this.contents.upsertReadingAutoApprove(content);
    if (written?.autoApprove) await this.schedule.scheduleFromCalendar(written.copy);
  }

  async approved(content: Content): Promise<void> {
    if (content.calendarEntryId) await this.replica.lockEntries([content.calendarEntryId]);
    const copy = await this.contents.upsert(content);
    if (copy) await this.schedule.scheduleFromCalendar(copy);
  }

  async updated(content: Content): Promise<void> {
    const copy = await this.contents.upsert(content);
    if (!copy) return;
    if (copy.status === 'draft' && !(await this.settings.autoApprove(copy.brandId))) {
      await this.cancel(copy.contentId, copy.brandId);
      return;
    }
    await this.items.refreshBody(copy.contentId, copy.body, copy.hashtags);
    // Targets that follow the content's text take the new one, with the hashtags their platform takes (ADR 186).
    for (const t of await this.targets.ofContent(copy.contentId)) {
      if (t.body !== null) continue;
      const text = targetText(copy, t);
      await this.items.refreshTargetBody(copy.contentId, t.connectionId, text.body, text.hashtags);
    }
  }

  async deleted(contentId: string, brandId: string): Promise<void> {
    await this.contents.markDeleted(contentId);
    await this.cancel(contentId, brandId);
  }

  /** Cancels the content's waiting posts; the queues they leave move their later posts up (ADR 147). */
  private async cancel(contentId: string, brandId: string): Promise<void> {
    const queues = await this.queues.lockFor((await this.items.liveByContent(contentId)).map((i) => i.connectionId));
    const cancelled = await this.items.cancelWaiting(contentId);
    if (cancelled.length === 0) return;
    const event: ContentUnscheduledEvent = { contentId, brandId };
    this.uow.publishEvent(PUBLISHING_EVENTS.unscheduled, event);
    if (queues.length === 0) return;
    const timezone = await this.settings.timezoneOf(brandId);
    for (const q of queues) await this.queues.reflow(q, timezone);
  }
}
