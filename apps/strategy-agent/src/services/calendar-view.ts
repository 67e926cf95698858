import type { CalendarEntry } from '@mt/messages';
import type { CalendarEntryEntity } from '../entities/calendar-entry.entity';

export function toCalendarEntry(e: CalendarEntryEntity): CalendarEntry {
  return {
    id: e.id,
    campaignId: e.campaignId,
    brandId: e.brandId,
    date: e.date,
    time: e.time,
    timezone: e.timezone,
    scheduledAt: e.scheduledAt.toISOString(),
    platform: e.platform,
    topic: e.topic,
    pillar: e.pillar,
    format: e.format,
    framework: e.framework,
    status: e.status,
    contentId: e.contentId,
    generationError: e.generationError,
    createdAt: e.createdAt.toISOString(),
    updatedAt: e.updatedAt.toISOString(),
  };
}
