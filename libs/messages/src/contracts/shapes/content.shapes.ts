import { PLATFORM_IDS, type PlatformId } from '@mt/platforms';
import { z } from 'zod';
import { instant, iso8601, uuidField } from './fields';
import { PageQueryShape } from './page.shapes';

/**
 * The content shapes (ADR 182, 197): posts with their variants and versions, and the connections a
 * post goes to (compose once, ADR 186). The gateway validates and documents its content routes with
 * them, creation-agent checks a generation request and an edit with them, the content contract's
 * types are their outputs, and the web app types (and sizes its forms) from them.
 */

export const CONTENT_STATUSES = ['draft', 'approved', 'scheduled', 'published', 'failed'] as const;

/**
 * A target's state: `pending` until it is put on the schedule, then its latest publication's
 * status (`scheduled`, `publishing`, `unknown` while not confirmed, `published`, `failed`, `cancelled`).
 */
export const CONTENT_TARGET_STATUSES = ['pending', 'scheduled', 'publishing', 'unknown', 'published', 'failed', 'cancelled'] as const;

/** The limits of what a client sends, for the web app's forms too. */
export const CONTENT_LIMITS = {
  brief: { min: 3, max: 2000 },
  variants: { min: 1, max: 5, default: 2 },
  body: { min: 1, max: 100_000 },
  hashtags: { items: 30, itemMax: 61 },
  /** Connections a post goes to; media a target carries; targets named for an adaptation. */
  targets: 20,
} as const;

/** A hashtag as a client may send it: one word of letters, marks, digits or _, with or without its #. */
export const HASHTAG_WORD = /^#?[\p{L}\p{M}\p{N}_]+$/u;

const platform = z.enum(PLATFORM_IDS as readonly PlatformId[] as [PlatformId, ...PlatformId[]], {
  error: `must be one of ${PLATFORM_IDS.join(', ')}`,
});

const { brief: BRIEF, variants: VARIANTS, body: BODY, hashtags: HASHTAGS, targets: TARGETS } = CONTENT_LIMITS;
const briefMessage = `must be ${BRIEF.min} to ${BRIEF.max} characters`;
const variantsMessage = `must be a whole number from ${VARIANTS.min} to ${VARIANTS.max}`;
const bodyMessage = `must be ${BODY.min} to ${BODY.max} characters`;
const GIVE_A_BRIEF = 'give a brief or a calendarEntryId';

/**
 * POST /content/generate: a calendar entry's content, or content for an ad-hoc brief. Without an
 * entry the brief is what the post is written from, so it must say something. Null is taken for an
 * absent entry or variant count, as it always was.
 */
export const GenerateContentShape = z
  .strictObject({
    brandId: uuidField(),
    calendarEntryId: uuidField().nullish().meta({ description: 'An entry of a planned calendar; its platform, topic and pillar are used.' }),
    brief: z
      .string({ error: briefMessage })
      .min(BRIEF.min, briefMessage)
      .max(BRIEF.max, briefMessage)
      .optional()
      .meta({ example: 'Announce our new oat-milk flat white', description: 'Required without calendarEntryId.' }),
    platform: platform.meta({ example: 'linkedin' }),
    variants: z
      .number({ error: variantsMessage })
      .int(variantsMessage)
      .min(VARIANTS.min, variantsMessage)
      .max(VARIANTS.max, variantsMessage)
      .nullish()
      .meta({ default: VARIANTS.default }),
  })
  .superRefine(
    (input, ctx) => {
      const brief: unknown = input.brief;
      // A brief of the wrong type has its own error; a missing or blank one, this one.
      if (input.calendarEntryId == null && (brief === undefined || (typeof brief === 'string' && brief.trim() === ''))) {
        ctx.addIssue({ code: 'custom', message: GIVE_A_BRIEF, path: ['brief'] });
      }
    },
    // Beside the other fields' errors, so one answer names every bad field.
    { when: (payload) => typeof payload.value === 'object' && payload.value !== null },
  );

/** GET /content: a brand's posts, a page at a time. */
export const ListContentQueryShape = PageQueryShape.extend({
  brandId: uuidField(),
  campaignId: uuidField().optional(),
  status: z.enum(CONTENT_STATUSES, { error: `must be one of ${CONTENT_STATUSES.join(', ')}` }).optional(),
  awaiting: z.enum(['me'], { error: 'must be me' }).optional().meta({ description: 'me: only drafts whose open review request names the caller (ADR 142)' }),
});

const HASHTAG_MESSAGE = 'each hashtag is one word of letters, digits or _';

const hashtag = z
  .string({ error: HASHTAG_MESSAGE })
  .max(HASHTAGS.itemMax, `each hashtag is at most ${HASHTAGS.itemMax} characters`)
  // A refinement, not a pattern: JSON Schema's patterns have no unicode flag.
  .refine((tag) => HASHTAG_WORD.test(tag), HASHTAG_MESSAGE);

const UpdateContentFields = z.strictObject({
  body: z
    .string({ error: bodyMessage })
    .min(BODY.min, bodyMessage)
    .max(BODY.max, bodyMessage)
    .nullish()
    .meta({ example: 'Our oat-milk flat white is here. Try it this week.' }),
  hashtags: z
    .array(hashtag, { error: 'must be an array of hashtags' })
    .max(HASHTAGS.items, `must have at most ${HASHTAGS.items} items`)
    .nullish()
    .meta({ example: ['Coffee', 'OatMilk'] }),
});

/**
 * PATCH /content/{id}: a new version. Left out or null, a field keeps its value; no body at all
 * changes nothing. The brand's banned words and the platform's limit are checked by creation-agent (422).
 */
export const UpdateContentShape = UpdateContentFields.optional().transform((body): z.output<typeof UpdateContentFields> => body ?? {});

const score = () => z.number().min(0).max(100);

/** Each 0–100; docs/adr explains how each is computed. */
export const VariantScoresShape = z.object({
  voiceMatch: score(),
  readability: score(),
  lengthFit: score(),
  engagementPrediction: score(),
});

export const ContentVariantShape = z.object({
  id: z.uuid(),
  body: z.string(),
  hashtags: z.array(z.string()),
  framework: z.string().nullable(),
  scores: VariantScoresShape,
  overall: score().meta({ description: 'Weighted total; the best variant is selected by default.' }),
});

export const ContentVersionShape = z.object({
  version: z.number().int(),
  body: z.string(),
  hashtags: z.array(z.string()),
  authorKind: z.enum(['ai', 'user']).meta({ description: "'ai' for generated text, 'user' for an edit" }),
  authorId: z.uuid().nullable(),
  createdAt: instant(),
});

export const AiMetaShape = z.object({
  provider: z.string(),
  model: z.string(),
  engine: z.string().meta({ description: "'local-engine': templates and NLP, not a language model" }),
  jobId: z.string().nullable(),
  notice: z.string().optional(),
});

/** A draft waiting for one named teammate's approval (ADR 142). */
export const ReviewRequestShape = z.object({
  reviewerId: z.uuid(),
  requestedBy: z.uuid(),
  requestedAt: instant(),
  note: z.string().nullable(),
});

/** A target's own text of spaces only: publishing-agent's words since compose once (ADR 186), the shape's since ADR 210. */
export const TARGET_BODY_BLANK = 'must not be empty (leave it out to publish the content’s text)';

/** One connection a post goes to (compose once, ADR 186); what is left out or null follows the post. */
export const ContentTargetInputShape = z.strictObject(
  {
    connectionId: uuidField().meta({ description: "one of the brand's connections, once per post" }),
    body: z
      .string({ error: 'must be a string or null' })
      .max(BODY.max, `must be at most ${BODY.max} characters`)
      .refine((body) => body.trim().length > 0, TARGET_BODY_BLANK)
      .nullish()
      .meta({ description: "the text adapted to this connection's platform, checked against its limit; left out or null: the post's body" }),
    mediaIds: z
      .array(uuidField(), { error: 'must be an array of UUIDs or null' })
      .max(TARGETS, `must have at most ${TARGETS} items`)
      .nullish()
      .meta({ description: "the media this target carries, in order, checked against its platform; left out or null: the post's media" }),
    at: iso8601().nullish().meta({
      example: '2027-03-29T07:00:00Z',
      description: 'UTC instant (ISO 8601 with an offset) for this target; left out or null: the time the post is scheduled at',
    }),
  },
  // Reported on the list (`targets`), as a list's plain items are (ADR 182).
  { error: 'each target must be an object' },
);

/** PUT /content/{id}/targets: the whole set, in order. */
export const SetContentTargetsShape = z.strictObject({
  targets: z
    .array(ContentTargetInputShape, { error: 'must be an array of targets' })
    .max(TARGETS, `must have at most ${TARGETS} items`)
    .meta({ description: 'the whole set, in order; [] takes every target off (the post publishes as before)' }),
});

const AdaptTargetsFields = z.strictObject({
  connectionIds: z
    .array(uuidField(), { error: 'must be an array of UUIDs' })
    .max(TARGETS, `must have at most ${TARGETS} items`)
    .nullish()
    .meta({ description: "targets (connection ids) to adapt the post's text for; left out: every target" }),
});

/** `POST /content/{id}/targets/adapt` (ADR 194): which targets get an adapted text; none named (or no body), all of them. */
export const AdaptTargetsShape = AdaptTargetsFields.optional().transform((body): z.output<typeof AdaptTargetsFields> => body ?? {});

export const ContentTargetOutcomeShape = z.object({
  url: z.string().nullable().meta({ description: 'where the published post is' }),
  externalId: z.string().nullable(),
  publishedAt: instant().nullable(),
  error: z
    .object({ code: z.string(), message: z.string() })
    .nullable()
    .meta({ description: "why the latest attempt failed (or is being retried), in the platform's words" }),
});

export const ContentTargetShape = z.object({
  connectionId: z.uuid(),
  platform: z.string().meta({ example: 'bluesky' }),
  body: z.string().nullable().meta({ description: "its own text; null: the post's body" }),
  mediaIds: z.array(z.uuid()).nullable().meta({ description: "its own media; null: the post's" }),
  at: instant().nullable().meta({ description: 'its own time; null: the post’s schedule' }),
  status: z.enum(CONTENT_TARGET_STATUSES),
  scheduleId: z.uuid().nullable().meta({ description: 'its latest publication (a schedule item); null while pending' }),
  attempts: z.number().int(),
  outcome: ContentTargetOutcomeShape.nullable(),
});

export const ContentTargetsShape = z.object({
  contentId: z.uuid(),
  targets: z.array(ContentTargetShape),
});

export const ContentShape = z.object({
  id: z.uuid(),
  brandId: z.uuid(),
  campaignId: z.uuid().nullable(),
  calendarEntryId: z.uuid().nullable(),
  // A stored post keeps the platform it was written for: the catalogue documents it, the type stays open.
  platform: z.string().meta({ enum: [...PLATFORM_IDS] }),
  status: z.enum(CONTENT_STATUSES),
  body: z.string().meta({ description: 'What will be published: the selected variant, or the latest edit' }),
  hashtags: z.array(z.string()),
  topic: z.string().nullable(),
  pillar: z.string().nullable(),
  format: z.string().nullable(),
  variants: z.array(ContentVariantShape),
  selectedVariantId: z.uuid().nullable(),
  version: z.number().int().meta({ description: 'Current version number; GET /content/{id}/versions lists them all' }),
  versions: z.array(ContentVersionShape).optional(),
  aiMeta: AiMetaShape.nullable(),
  approvedAt: instant().nullable(),
  approvedBy: z.uuid().nullable().meta({ description: 'Who approved it (a member of the brand)' }),
  reviewRequest: ReviewRequestShape.nullable().optional().meta({ description: 'The open review request (ADR 142); null once approved or withdrawn' }),
  scheduledAt: instant().nullable().meta({ description: 'Set by the publishing agent' }),
  publishedAt: instant().nullable().meta({ description: 'Set by the publishing agent' }),
  externalUrl: z.string().nullable(),
  failure: z
    .object({ code: z.string(), message: z.string(), at: instant() })
    .nullable()
    .meta({ description: "The platform's message of the last failed publish" }),
  createdAt: instant(),
  updatedAt: instant(),
  mediaIds: z
    .array(z.uuid())
    .optional()
    .meta({ description: 'The media the post carries, in order (PUT /content/{id}/media sets them); absent when the publishing agent did not answer' }),
  targets: z.array(ContentTargetShape).optional().meta({
    description:
      'Compose once: the connections the post goes to, each with its own text, media, time, status and outcome (PUT /content/{id}/targets sets them); absent for a post without targets',
  }),
});
