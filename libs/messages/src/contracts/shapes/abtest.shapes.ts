import { z } from 'zod';
import { iso8601, uuidField } from './fields';

/** The A/B test shapes (ADR 182, 195): the gateway's A/B test routes and the web app's types. */

/** POST /content/{id}/ab-tests. */
export const CreateAbTestShape = z.strictObject({
  variantIds: z
    .array(z.string({ error: 'each must be a string' }).min(1, 'each must be 1 to 100 characters').max(100, 'each must be 1 to 100 characters'), {
      error: 'must be two variant ids',
    })
    .length(2, 'must be two variant ids')
    .transform((ids) => ids as [string, string])
    .meta({ description: 'two variants of the content: [A, B]' }),
  connectionId: uuidField().meta({ description: 'the connection both variants are published to' }),
  at: iso8601().optional().meta({ example: '2026-11-24T09:00:00Z', description: 'the first slot (UTC); the second is a week later at the same local time' }),
});

export const AbTestVariantShape = z.object({
  variantId: z.string(),
  label: z.enum(['A', 'B']),
  at: z.string().meta({ description: 'its slot (UTC)' }),
  scheduleId: z.uuid().nullable(),
  impressions: z.number(),
  engagements: z.number(),
  engagementRate: z.number(),
  probabilityBest: z.number().meta({ description: 'posterior probability (beta-binomial) that this variant has the higher engagement rate' }),
  simulated: z.boolean(),
});

export const AbTestShape = z.object({
  id: z.uuid(),
  brandId: z.uuid(),
  contentId: z.uuid(),
  connectionId: z.uuid(),
  platform: z.string(),
  status: z.enum(['running', 'concluded']),
  variants: z.array(AbTestVariantShape),
  winnerVariantId: z.string().nullable(),
  decidedBy: z.enum(['probability', 'sample']).nullable(),
  concludedAt: z.string().nullable(),
  simulated: z.boolean(),
  createdAt: z.string(),
});
