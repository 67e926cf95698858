import { z } from 'zod';
import { CALENDAR_ENTRY_STATUSES } from './calendar.shapes';

/**
 * The calendar routes' answer: a calendar entry.
 * Apart from the requests' module so that a client loading a request's shape (the web app's
 * forms, ADR 205) does not load these (ADR 210).
 */

/** One post of a campaign's content calendar, as the API answers it. */
export const CalendarEntryShape = z.object({
  id: z.uuid(),
  campaignId: z.uuid(),
  brandId: z.uuid(),
  date: z.string().meta({ example: '2026-03-03', description: "local date in the brand's timezone" }),
  time: z.string().meta({ example: '08:00', description: 'local time (HH:mm)' }),
  timezone: z.string().meta({ example: 'Europe/Berlin' }),
  scheduledAt: z.string().meta({ example: '2026-03-03T07:00:00.000Z', description: 'the same moment in UTC' }),
  platform: z.string().meta({ example: 'linkedin' }),
  topic: z.string(),
  pillar: z.string(),
  format: z.string().meta({ example: 'carousel' }),
  framework: z.string().meta({ example: 'AIDA' }),
  status: z.enum(CALENDAR_ENTRY_STATUSES),
  contentId: z.uuid().nullable(),
  generationError: z
    .object({ code: z.string(), message: z.string(), at: z.string() })
    .nullable()
    .optional()
    .meta({ description: 'the last failed content generation, until content exists' }),
  createdAt: z.string(),
  updatedAt: z.string(),
});
