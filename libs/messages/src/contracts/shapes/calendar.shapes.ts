import { z } from 'zod';
import { calendarDate } from './fields';

/**
 * The content calendar shapes (ADR 182, ADR 198): reading a campaign's calendar and moving an
 * entry. The gateway validates and documents its calendar routes with them.
 */

export const CALENDAR_ENTRY_STATUSES = ['planned', 'drafted', 'approved', 'scheduled', 'published', 'failed'] as const;

const HH_MM = /^([01]\d|2[0-3]):[0-5]\d$/;

/** GET /campaigns/{id}/calendar?from=&to=: an optional range of local dates, inclusive. */
export const CalendarQueryShape = z.strictObject({
  from: calendarDate('must be a date like 2026-03-01')
    .optional()
    .meta({ example: '2026-03-01', description: "first local date (brand's timezone), inclusive" }),
  to: calendarDate('must be a date like 2026-03-31').optional().meta({ example: '2026-03-31', description: 'last local date, inclusive' }),
});

/** PATCH /calendar/{entryId}: another day inside the campaign, and optionally another time. */
export const MoveEntryShape = z.strictObject({
  date: calendarDate('must be a date like 2026-03-05').meta({
    example: '2026-03-05',
    description: "new local date in the brand's timezone; inside the campaign's dates",
  }),
  time: z
    .string({ error: 'must be a time like 10:30' })
    .regex(HH_MM, 'must be a time like 10:30')
    .optional()
    .meta({ example: '10:30', description: 'new local time (HH:mm); the current time of day is kept when omitted' }),
});
