import type { ScheduleItem } from '@mt/messages';
import type { ScheduleItemEntity } from '../entities/scheduling.entities';
import { toLocalIso } from '@mt/runtime';

/** The API shape of a schedule item: its UTC time and the same moment in the brand's timezone. */
export function toScheduleItem(e: ScheduleItemEntity, timezone: string): ScheduleItem {
  return {
    id: e.id,
    brandId: e.brandId,
    contentId: e.contentId,
    connectionId: e.connectionId,
    platform: e.platform,
    at: e.at.toISOString(),
    localAt: toLocalIso(e.at, timezone),
    timezone,
    status: e.status,
    attempts: e.attempts,
    externalId: e.externalId,
    url: e.url,
    error: e.errorCode ? { code: e.errorCode, message: e.errorMessage ?? e.errorCode } : null,
    publishedAt: e.publishedAt ? e.publishedAt.toISOString() : null,
    variantId: e.variantId,
    abTestId: e.abTestId,
    queued: e.queued === true,
  };
}
