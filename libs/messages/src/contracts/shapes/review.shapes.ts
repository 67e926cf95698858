import { z } from 'zod';
import { instant, uuidField } from './fields';

/**
 * The review shapes (ADR 182, ADR 189): review requests, comments and bulk actions on posts. The
 * gateway validates and documents its review routes with them, and the web app types from them.
 */

export const BULK_MAX = 100;

/** A list of distinct ids, `min`–`max` of them. */
const idList = (max: number) =>
  z
    .array(uuidField(), { error: 'must be an array of UUIDs' })
    .min(1, 'must not be empty')
    .max(max, `must have at most ${max} items`)
    .refine((ids) => new Set(ids).size === ids.length, 'must not repeat an id')
    .meta({ uniqueItems: true });

const ISO_8601 = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/** An ISO 8601 date or date-time that exists (2026-02-30 does not). */
const isoInstant = z.string({ error: 'must be a valid ISO 8601 date string' }).refine((s) => {
  if (!ISO_8601.test(s)) return false;
  const day = s.slice(0, 10);
  const d = new Date(`${day}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === day && !Number.isNaN(Date.parse(s));
}, 'must be a valid ISO 8601 date string');

/** POST /content/{id}/review-request (ADR 142). Unknown fields are refused. */
export const RequestReviewShape = z.strictObject({
  reviewerId: uuidField().meta({ description: 'A member of the brand who may approve (editor or owner); 422 otherwise' }),
  note: z
    .string({ error: 'must be a string' })
    .max(1000, 'must be at most 1000 characters')
    .optional()
    .meta({ example: 'Can you check the price before Friday?' }),
});

/** POST /content/{id}/comments. */
export const AddCommentShape = z.strictObject({
  body: z
    .string({ error: 'must be a string' })
    .min(1, 'must be 1 to 4000 characters')
    .max(4000, 'must be 1 to 4000 characters')
    .meta({ example: 'Shorter opening line?' }),
});

export const ContentCommentShape = z.object({
  id: z.uuid(),
  contentId: z.uuid(),
  authorId: z.uuid(),
  body: z.string(),
  createdAt: instant(),
});

/** POST /content/bulk: approve or delete several posts of one brand. */
export const BulkContentShape = z.strictObject({
  brandId: uuidField(),
  action: z.enum(['approve', 'delete'], { error: 'must be one of the following values: approve, delete' }),
  contentIds: idList(BULK_MAX),
});

/** POST /content/bulk/schedule: the same time and channels for several approved posts. */
export const BulkScheduleShape = z.strictObject({
  brandId: uuidField(),
  contentIds: idList(BULK_MAX),
  at: isoInstant.meta({ example: '2026-03-29T07:00:00Z', description: 'UTC instant (ISO 8601 with an offset); now or later' }),
  connectionIds: idList(20),
});

export const BulkItemOutcomeShape = z.object({
  contentId: z.uuid(),
  outcome: z
    .enum(['done', 'unchanged', 'refused'])
    .meta({ description: 'done: changed; unchanged: nothing to do (already approved); refused: see code and message' }),
  code: z.string().optional().meta({ description: 'The stable problem code of a refusal (NOT_FOUND, CONFLICT, …)' }),
  message: z.string().optional().meta({ description: 'Why it was refused, in plain words' }),
});

export const BulkContentResultShape = z.object({
  items: z.array(BulkItemOutcomeShape).meta({ description: 'One per requested post, in the order asked' }),
});
