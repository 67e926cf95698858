import { z } from 'zod';
import { iso8601, uuidField } from './fields';

/** The analytics shapes (ADR 182, 195): the gateway's analytics routes and the web app's types. */

export const MAX_SIMULATED_DAYS = 90;

/** GET /analytics/overview?brandId=&from=&to=. */
export const AnalyticsOverviewQueryShape = z.strictObject({
  brandId: uuidField(),
  from: iso8601().optional().meta({ example: '2026-10-25', description: 'first day (UTC), default 29 days before `to`' }),
  to: iso8601().optional().meta({ example: '2026-11-23', description: 'last day (UTC), inclusive; default today' }),
});

/** POST /analytics/simulate. */
export const SimulateAnalyticsShape = z.strictObject({
  brandId: uuidField(),
  days: z
    .number({ error: `must be a whole number from 1 to ${MAX_SIMULATED_DAYS}` })
    .int(`must be a whole number from 1 to ${MAX_SIMULATED_DAYS}`)
    .min(1, `must be a whole number from 1 to ${MAX_SIMULATED_DAYS}`)
    .max(MAX_SIMULATED_DAYS, `must be a whole number from 1 to ${MAX_SIMULATED_DAYS}`)
    .meta({ example: 30, description: 'days back from today to fill with synthetic numbers' }),
});

const totals = {
  impressions: z.number(),
  engagements: z.number(),
  clicks: z.number(),
  engagementRate: z.number().meta({ description: 'engagements / impressions' }),
  simulated: z.boolean().meta({ description: 'true when any number behind it is simulated (POST /analytics/simulate)' }),
};

export const AnalyticsTotalsShape = z.object(totals);
const point = { ...totals, date: z.string().meta({ example: '2026-11-23' }) };
export const AnalyticsPointShape = z.object(point);

export const AnalyticsOverviewShape = z.object({
  brandId: z.uuid(),
  from: z.string(),
  to: z.string(),
  simulated: z.boolean(),
  totals: AnalyticsTotalsShape,
  byPlatform: z.array(z.object({ ...totals, platform: z.string().meta({ example: 'linkedin' }) })),
  daily: z.array(AnalyticsPointShape).meta({ description: 'every day of the range, all platforms together' }),
  series: z
    .array(z.object({ ...point, platform: z.string().meta({ example: 'linkedin' }) }))
    .meta({ description: 'every day of the range for each platform with data' }),
});

export const ContentAnalyticsShape = z.object({
  contentId: z.uuid(),
  brandId: z.uuid(),
  simulated: z.boolean(),
  totals: AnalyticsTotalsShape,
  posts: z.array(z.object({ ...totals, postKey: z.string(), platform: z.string(), publishedAt: z.string(), capturedAt: z.string() })),
  daily: z.array(AnalyticsPointShape),
});
