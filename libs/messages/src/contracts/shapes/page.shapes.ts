import { z } from 'zod';

export const DEFAULT_PAGE_LIMIT = 20;
export const MAX_PAGE_LIMIT = 100;

/**
 * The list convention of every list route as a query shape: `?limit=` (1–100, default 20) and
 * `?cursor=` (the `nextCursor` of the previous page, opaque). Extend it for routes with filters.
 */
export const PageQueryShape = z.strictObject({
  limit: z.coerce
    .number({ error: `must be a whole number from 1 to ${MAX_PAGE_LIMIT}` })
    .int(`must be a whole number from 1 to ${MAX_PAGE_LIMIT}`)
    .min(1, `must be a whole number from 1 to ${MAX_PAGE_LIMIT}`)
    .max(MAX_PAGE_LIMIT, `must be a whole number from 1 to ${MAX_PAGE_LIMIT}`)
    .optional()
    .meta({ default: DEFAULT_PAGE_LIMIT }),
  cursor: z
    .string({ error: 'must be a string' })
    .max(200, 'is not a cursor this API gave out')
    .regex(/^[A-Za-z0-9_-]+$/, 'is not a cursor this API gave out')
    .optional()
    .meta({ description: 'nextCursor of the previous page' }),
});
