import { z } from 'zod';
import { QUEUE_WEEKDAYS } from '../publishing/scheduling.contract';
import { instant, iso8601, oneOf, uuidField } from './fields';

/**
 * The scheduling shapes (ADR 182, ADR 198): schedules, publishing now, publishing settings and
 * posting queues. The gateway validates and documents its schedule and queue routes with them,
 * publishing-agent checks a time and a queue's slots with them, and the scheduling contract's
 * answers (`ScheduleItem`, `QueueView`, …) are their outputs.
 */

/** More connections than a post is sent to at once. */
export const MAX_SCHEDULE_CONNECTIONS = 20;
/** More weekly slots than anyone posts to one account (Buffer's paid plans stop well below it). */
export const MAX_QUEUE_SLOTS = 100;
export const SCHEDULE_STATUSES = ['scheduled', 'publishing', 'published', 'failed', 'cancelled', 'unknown'] as const;

const HH_MM = /^([01]\d|2[0-3]):[0-5]\d$/;
const OFFSET = /[zZ]|[+-]\d{2}:?\d{2}$/;
const INSTANT_MESSAGE = 'must be an ISO 8601 instant with a timezone offset (like 2026-03-29T07:00:00Z)';

/** A text that names one moment: a date and time JavaScript reads, with a UTC offset (`Z`, `+02:00`). */
export function isInstantWithOffset(text: string): boolean {
  return !Number.isNaN(new Date(text).getTime()) && OFFSET.test(text);
}

/** An instant as publishing-agent takes it from any sender (a schedule's time, a list's bounds). */
export const ScheduleInstantShape = z.string({ error: INSTANT_MESSAGE }).refine(isInstantWithOffset, INSTANT_MESSAGE);

const iso = iso8601();
/** An instant as the API takes it: also ISO 8601's grammar, which the gateway always applied, and one message for both. */
const requestInstant = () => z.string({ error: INSTANT_MESSAGE }).refine((text) => iso.safeParse(text).success && isInstantWithOffset(text), INSTANT_MESSAGE);

/** Some of the brand's connections: 1–20 distinct UUIDs, or null (which has always counted as left out). */
const connectionIdList = (description: string) =>
  z
    .array(uuidField(), { error: 'must be an array of UUIDs' })
    .min(1, 'must not be empty')
    .max(MAX_SCHEDULE_CONNECTIONS, `must have at most ${MAX_SCHEDULE_CONNECTIONS} items`)
    .refine((ids) => new Set(ids).size === ids.length, 'must not repeat an id')
    .meta({ uniqueItems: true })
    .nullish()
    .meta({ description });

/** The same, null read as left out (publishing-agent reads a missing list and a null one alike). */
const connectionIds = (description: string) => connectionIdList(description).transform((ids) => ids ?? undefined);

/** A field that may be left out, where null has always meant the same (left out: unchanged). */
const leftOutWhenNull = <T extends z.ZodType>(schema: T) => schema.nullish().transform((v) => v ?? undefined);

/** POST /content/{id}/schedule. Unknown fields are refused. */
export const ScheduleContentShape = z.strictObject({
  at: requestInstant().meta({ example: '2026-03-29T07:00:00Z', description: 'UTC instant (ISO 8601 with an offset); now or later' }),
  connectionIds: connectionIds(
    "the brand's active connections to publish to; for a post with targets, some of its targets (left out: every target not yet published)",
  ),
});

/** POST /content/{id}/publish. */
export const PublishNowShape = z
  .strictObject({
    connectionIds: connectionIds(
      'for a post with targets, some of its targets (left out: every target not yet published, so a retry publishes only the failed ones)',
    ),
  })
  // No body at all is an empty one, as it always was.
  .optional()
  .transform((body) => body ?? { connectionIds: undefined });

/** GET /schedule?brandId=&from=&to=: a time range, not a page (the range is bounded instead). */
export const ListScheduleQueryShape = z.strictObject({
  brandId: uuidField(),
  from: requestInstant().optional().meta({ example: '2026-03-01T00:00:00Z', description: 'UTC instant; default a week ago' }),
  to: requestInstant().optional().meta({ example: '2026-04-01T00:00:00Z', description: 'UTC instant; default a month ahead (at most 93 days after from)' }),
});

/** The UTM part of PUT /brands/{id}/publishing-settings (ADR 152). */
export const LinkUtmSettingsShape = z.strictObject({
  enabled: leftOutWhenNull(z.boolean({ error: 'must be a boolean' })).meta({ description: 'Add the parameters to every http(s) link of a post' }),
  template: z
    .string({ error: 'must be a string or null' })
    .min(1, 'must be 1 to 500 characters')
    .max(500, 'must be 1 to 500 characters')
    .nullable()
    .optional()
    .meta({
      example: 'utm_source={platform}&utm_medium=social&utm_campaign={campaign}&utm_content={contentId}',
      description: 'name=value pairs joined by &; placeholders {platform}, {campaign}, {contentId}, {brandId}; null: the default',
    }),
});

const TIME_ZONE_MESSAGE = 'must be an IANA timezone';

/** A time zone this runtime's time-zone database knows (as publishing-agent reads a schedule's times in it). */
export function isIanaTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** PUT /brands/{id}/publishing-settings: a left-out field is unchanged (but autoApprove, always sent). */
export const PublishingSettingsShape = z.strictObject({
  autoApprove: z.boolean({ error: 'must be a boolean' }).meta({ description: 'On: content may be scheduled without an approval' }),
  timezone: z
    .string({ error: 'must be a string or null' })
    // One error per zone: a length out of bounds is not also looked up.
    .min(1, { message: 'must be 1 to 64 characters', abort: true })
    .max(64, { message: 'must be 1 to 64 characters', abort: true })
    .refine(isIanaTimeZone, TIME_ZONE_MESSAGE)
    .nullable()
    .optional()
    .meta({ example: 'Europe/Berlin', description: "IANA timezone the schedule is shown in; null: the brand's own" }),
  utm: leftOutWhenNull(LinkUtmSettingsShape).meta({ description: 'UTM parameters added to links at publish time; left out: unchanged' }),
  shortenLinks: leftOutWhenNull(z.boolean({ error: 'must be a boolean' })).meta({
    description: 'Replace links with {PUBLIC_URL}/l/{code} short links that count clicks; left out: unchanged',
  }),
});

const TIME_MESSAGE = 'must be a time HH:mm (00:00–23:59)';

/** One weekly posting time of a connection's queue, in the brand's timezone. */
export const QueueSlotShape = z.strictObject(
  {
    weekday: oneOf(QUEUE_WEEKDAYS).meta({ example: 'mon' }),
    time: z
      .string({ error: TIME_MESSAGE })
      .regex(HH_MM, TIME_MESSAGE)
      .meta({ example: '09:00', description: "24-hour wall-clock time (HH:mm) in the brand's timezone" }),
  },
  { error: 'must be an object {weekday, time}' },
);

/** A queue's weekly slots: at most 100, each weekday and time once (a repeat is named by its index). */
export const QueueSlotListShape = z
  .array(QueueSlotShape, { error: 'must be a list of {weekday, time}' })
  .max(MAX_QUEUE_SLOTS, `must hold at most ${MAX_QUEUE_SLOTS} slots`)
  .superRefine(
    (slots, ctx) => {
      const seen = new Set<string>();
      slots.forEach((slot, k) => {
        if (!slot || typeof slot.weekday !== 'string' || typeof slot.time !== 'string') return;
        const key = `${slot.weekday} ${slot.time}`;
        if (seen.has(key)) ctx.addIssue({ code: 'custom', message: `repeats ${key}`, path: [k] });
        seen.add(key);
      });
    },
    { when: (payload) => Array.isArray(payload.value) && payload.value.length <= MAX_QUEUE_SLOTS },
  )
  .meta({ description: 'the weekly posting times; each weekday and time once' });

/** PUT /connections/{id}/queue/slots (and PUT /connections/{id}/queue). */
export const QueueSlotsShape = z.strictObject({ slots: QueueSlotListShape });

/** POST /content/{id}/queue: one connection, or several; neither is publishing-agent's to judge (a post with targets). */
const AddToQueueBody = z.strictObject({
  connectionId: uuidField().optional().meta({
    description:
      "the connection whose queue takes the post (or connectionIds); for a post with targets, one of them, and left out with connectionIds: every target's queue (ADR 194)",
  }),
  // Null kept as sent: with connectionId it is "both given", as it always was.
  connectionIds: connectionIdList('several queues at once, instead of connectionId'),
});
/** No body at all is an empty one, as it always was. */
export const AddToQueueShape = AddToQueueBody.optional().transform((body): z.output<typeof AddToQueueBody> => body ?? {});

/** DELETE /content/{id}/queue?connectionId=. */
export const RemoveFromQueueQueryShape = z.strictObject({
  connectionId: uuidField().optional().meta({ description: "only this connection's queue; every queue the post is in when absent" }),
});

/** One post to one connection at one time, as the API answers it. */
export const ScheduleItemShape = z.object({
  id: z.uuid(),
  brandId: z.uuid(),
  contentId: z.uuid(),
  connectionId: z.uuid(),
  platform: z.string(),
  at: instant().meta({ description: 'UTC instant' }),
  localAt: instant().meta({ example: '2026-03-29T09:00:00+02:00', description: "the same moment in the brand's timezone" }),
  timezone: z.string().meta({ example: 'Europe/Berlin' }),
  status: z.enum(SCHEDULE_STATUSES),
  attempts: z.number().int(),
  externalId: z.string().nullable(),
  url: z.string().nullable(),
  error: z.object({ code: z.string(), message: z.string() }).nullable().meta({ description: "the platform's message in plain words" }),
  publishedAt: instant().nullable(),
  variantId: z.uuid().nullable().optional().meta({ description: 'set when the item publishes one variant of an A/B test' }),
  abTestId: z.uuid().nullable().optional(),
  queued: z.boolean().optional().meta({ description: "true when the item sits in its connection's posting queue (ADR 147)" }),
});

/** What POST /content/{id}/schedule and /publish answer: one item per connection. */
export const ScheduleResultShape = z.object({
  contentId: z.uuid(),
  brandId: z.uuid(),
  at: instant(),
  items: z.array(ScheduleItemShape),
});

/** GET /schedule: a brand's items in the range, earliest first. */
export const ScheduleListShape = z.object({
  items: z.array(ScheduleItemShape),
  nextCursor: z.string().nullable(),
});

export const UnscheduleResultShape = z.object({
  contentId: z.uuid(),
  cancelled: z.number().int().meta({ description: 'waiting items cancelled (items being published are kept)' }),
});

export const LinkUtmSettingsViewShape = z.object({
  enabled: z.boolean(),
  template: z.string().nullable().meta({ description: "the brand's template; null: the default" }),
  effectiveTemplate: z.string().meta({ description: "the template in use (the brand's own or the default)" }),
});

/** A brand's publishing preferences, kept by publishing-agent. */
export const PublishingSettingsViewShape = z.object({
  brandId: z.uuid(),
  autoApprove: z.boolean().meta({ description: 'On: content may be scheduled without an approval (the approval gate is open)' }),
  timezone: z.string().nullable().meta({ description: "overrides the brand's timezone for schedules; null: the brand's own" }),
  effectiveTimezone: z.string().meta({ description: 'what schedules of this brand are shown in' }),
  utm: LinkUtmSettingsViewShape.meta({ description: 'links in posts get UTM parameters at publish time (ADR 152)' }),
  shortenLinks: z.boolean().meta({ description: 'links in posts are replaced with {PUBLIC_URL}/l/{code} short links that count clicks' }),
  updatedAt: instant().nullable(),
});

/** A connection's weekly slots as the API answers them. */
export const QueueSlotsViewShape = z.object({
  connectionId: z.uuid(),
  brandId: z.uuid(),
  timezone: z.string().meta({ example: 'Europe/Berlin', description: "the brand's timezone: the slots' times are read in it" }),
  slots: z.array(QueueSlotShape).meta({ description: 'Monday first, then by time' }),
  updatedAt: instant().nullable(),
});

/** A post in a connection's queue: its schedule item, its place (1 = next) and its first words. */
export const QueuedPostShape = ScheduleItemShape.extend({
  position: z.number().int().meta({ example: 1, description: '1 = the next queued post of this connection' }),
  excerpt: z.string().meta({ description: "the post's first words (at most 80 characters)" }),
  queued: z.boolean().meta({ example: true }),
});

/** A connection's queue: its slots and its queued posts in order. */
export const QueueViewShape = QueueSlotsViewShape.extend({
  items: z.array(QueuedPostShape).meta({ description: 'the queued posts in order, each at its slot time' }),
});

/** What POST /content/{id}/queue answers. */
export const AddToQueueResultShape = z.object({
  contentId: z.uuid(),
  brandId: z.uuid(),
  items: z.array(QueuedPostShape).meta({ description: "the post's place in each connection's queue" }),
});

export const RemoveFromQueueResultShape = z.object({
  contentId: z.uuid(),
  removed: z.number().int().meta({ description: 'queued posts taken off; the later posts of their queues moved up' }),
});

/** One suggested weekly slot: a weekday and hour where the brand's posts on this platform were engaged with most. */
export const QueueSuggestionShape = z.object({
  weekday: z.enum(QUEUE_WEEKDAYS),
  time: z.string().meta({ example: '09:00', description: "start of the hour, in the brand's timezone" }),
  posts: z.number().int().meta({ description: 'measured posts published in that weekday and hour' }),
  impressions: z.number(),
  engagements: z.number(),
  engagementRate: z.number().meta({ description: 'engagements / impressions over those posts' }),
});

export const QueueSuggestionsShape = z.object({
  connectionId: z.uuid(),
  brandId: z.uuid(),
  platform: z.string(),
  timezone: z.string().meta({ example: 'Europe/Berlin' }),
  basis: z
    .object({
      posts: z.number().int().meta({ description: 'measured (never simulated) posts on this platform in the window' }),
      from: z.string().meta({ example: '2026-06-01' }),
      to: z.string().meta({ example: '2026-11-30' }),
      minPosts: z.number().int().meta({ description: 'posts needed before anything is suggested' }),
      minPostsPerSlot: z.number().int().meta({ description: 'posts a weekday and hour needs to be suggested' }),
    })
    .meta({ description: 'the measured posts the answer rests on' }),
  enoughData: z.boolean().meta({ description: 'false: too few measured posts; nothing is suggested' }),
  message: z.string().meta({ description: 'the answer in plain words' }),
  suggestions: z.array(QueueSuggestionShape).meta({ description: 'best first; empty without enough data' }),
});
