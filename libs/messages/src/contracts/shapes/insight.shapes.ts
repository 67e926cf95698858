import { z } from 'zod';

/** The insight and recommendation shapes (ADR 182, 195): the gateway's insight routes and the web app's types. */

/** POST /brands/{id}/insights: the body may be empty. */
export const GenerateInsightsShape = z
  .strictObject({
    periodDays: z
      .number({ error: 'must be a whole number from 1 to 90' })
      .int('must be a whole number from 1 to 90')
      .min(1, 'must be a whole number from 1 to 90')
      .max(90, 'must be a whole number from 1 to 90')
      .optional()
      .meta({ default: 7, description: 'the period compared with the one before it, in days' }),
  })
  // No body at all is an empty one.
  .optional()
  .transform((body) => body ?? {});

export const InsightShape = z.object({
  id: z.uuid(),
  brandId: z.uuid(),
  type: z.string().meta({
    example: 'best_time',
    description: 'engagement_trend, best_pillar, best_topic, best_format, best_platform, best_time, summary, no_data',
  }),
  category: z.string().meta({ example: 'timing' }),
  message: z.string(),
  recommendation: z.string(),
  evidence: z.record(z.string(), z.unknown()).meta({ description: 'the numbers behind it: rates, counts, sample sizes, rankings' }),
  simulated: z.boolean().meta({ description: 'built from simulated analytics (POST /analytics/simulate)' }),
  createdAt: z.string(),
});

export const RecommendationShape = z.object({
  kind: z.enum(['pillar', 'topic']),
  topic: z.string(),
  pillar: z.string(),
  score: z.number().meta({ description: 'higher first (0–100, ±5 for engagement)' }),
  reason: z.string(),
  lastCoveredAt: z.string().nullable(),
  recentCount: z.number(),
  windowDays: z.number(),
});
