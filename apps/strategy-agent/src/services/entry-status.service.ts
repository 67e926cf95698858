import { Injectable } from '@nestjs/common';
import type {
  CalendarEntryStatus,
  Content,
  ContentDeletedEvent,
  ContentGenerationFailedEvent,
  ContentPublishedEvent,
  ContentPublishFailedEvent,
  ContentScheduledEvent,
  ContentStatus,
  ContentUnscheduledEvent,
} from '@mt/messages';
import type { CalendarEntryEntity } from '../entities/calendar-entry.entity';
import { CalendarEntryRepository } from '../repositories/calendar-entry.repository';

const FROM_CONTENT: Record<ContentStatus, CalendarEntryStatus> = {
  draft: 'drafted',
  approved: 'approved',
  scheduled: 'scheduled',
  published: 'published',
  failed: 'failed',
};

/**
 * An entry's status follows its content, from creation-agent's and publishing-agent's events
 * (these handlers run inside the consumer's batch transaction). Events may arrive out of order:
 * a content snapshot older than the one last applied changes nothing, and a published entry is
 * never moved back by a late schedule event.
 */
@Injectable()
export class EntryStatusService {
  constructor(private readonly entries: CalendarEntryRepository) {}

  /**
   * content.created / content.updated / content.approved: the entry mirrors the content. Another
   * content already standing for the entry is replaced only while the entry is drafted or planned;
   * a snapshot older than the one applied changes nothing (the rules are followContent's one UPDATE).
   */
  async contentChanged(content: Content): Promise<void> {
    if (!content.calendarEntryId) return;
    await this.entries.followContent(content.calendarEntryId, {
      contentId: content.id,
      brandId: content.brandId,
      updatedAt: new Date(content.updatedAt),
      status: FROM_CONTENT[content.status] ?? 'drafted',
    });
  }

  async scheduled(e: ContentScheduledEvent): Promise<void> {
    await this.byContent(e.contentId, e.brandId, (entry) => (entry.status === 'published' ? null : 'scheduled'));
  }

  async unscheduled(e: ContentUnscheduledEvent): Promise<void> {
    await this.byContent(e.contentId, e.brandId, (entry) => (entry.status === 'scheduled' ? 'approved' : null));
  }

  async published(e: ContentPublishedEvent): Promise<void> {
    await this.byContent(e.contentId, e.brandId, () => 'published');
  }

  async publishFailed(e: ContentPublishFailedEvent): Promise<void> {
    await this.byContent(e.contentId, e.brandId, (entry) => (entry.status === 'published' ? null : 'failed'));
  }

  async deleted(e: ContentDeletedEvent): Promise<void> {
    const entries = await this.entries.findByContentForUpdate(e.contentId);
    for (const entry of entries) {
      if (entry.brandId !== e.brandId) continue;
      Object.assign(entry, { status: 'planned', contentId: null, contentUpdatedAt: null });
      await this.entries.save(entry);
    }
  }

  /** The entry stays planned (it has no content); the error is kept for the calendar to show. */
  async generationFailed(e: ContentGenerationFailedEvent): Promise<void> {
    if (!e.calendarEntryId) return;
    const entry = await this.entries.findForUpdate(e.calendarEntryId);
    if (!entry || entry.brandId !== e.brandId || entry.contentId) return;
    entry.generationError = { code: e.error.code, message: e.error.message, at: new Date().toISOString() };
    await this.entries.save(entry);
  }

  private async byContent(contentId: string, brandId: string, next: (e: CalendarEntryEntity) => CalendarEntryStatus | null): Promise<void> {
    for (const entry of await this.entries.findByContentForUpdate(contentId)) {
      if (entry.brandId !== brandId) continue;
      const status = next(entry);
      if (!status || status === entry.status) continue;
      entry.status = status;
      await this.entries.save(entry);
    }
  }
}
