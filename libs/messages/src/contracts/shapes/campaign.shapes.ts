import { PLATFORM_IDS, type PlatformId } from '@mt/platforms';
import { z } from 'zod';
import { calendarDate, money, uuidField } from './fields';

/**
 * The campaign shapes (ADR 182): the gateway validates and documents its campaign routes with them,
 * strategy-agent checks every campaign it stores with them, and the web app types its campaigns
 * from them.
 */

export const CAMPAIGN_STATUSES = ['draft', 'planning', 'planned', 'active', 'completed'] as const;

const platform = z.enum(PLATFORM_IDS as readonly PlatformId[] as [PlatformId, ...PlatformId[]], {
  error: `must be one of ${PLATFORM_IDS.join(', ')}`,
});

const fields = {
  name: z
    .string({ error: 'must be 1 to 120 characters' })
    .max(120, 'must be 1 to 120 characters')
    .refine((s) => s.trim().length >= 1, 'must be 1 to 120 characters')
    .meta({ minLength: 1, example: 'Spring launch' }),
  goal: z
    .string({ error: 'must be 1 to 1000 characters' })
    .max(1000, 'must be 1 to 1000 characters')
    .refine((s) => s.trim().length >= 1, 'must be 1 to 1000 characters')
    .meta({ minLength: 1, example: 'Get 200 sign-ups for the beta' }),
  startDate: calendarDate('must be a date like 2026-03-01').meta({ example: '2026-03-02', description: "first day, in the brand's timezone" }),
  endDate: calendarDate('must be a date like 2026-03-14').meta({ example: '2026-03-15', description: 'last day; must be after startDate' }),
  platforms: z
    .array(platform, { error: 'must name at least one platform' })
    .min(1, 'must name at least one platform')
    .max(7, 'must name at most 7 platforms')
    .refine((list) => new Set(list).size === list.length, 'must not repeat a platform')
    .meta({ uniqueItems: true, example: ['linkedin', 'x'] }),
  postsPerWeek: z
    .number({ error: 'must be a whole number from 1 to 21' })
    .int('must be a whole number from 1 to 21')
    .min(1, 'must be a whole number from 1 to 21')
    .max(21, 'must be a whole number from 1 to 21')
    .meta({ example: 3 }),
  budget: money({ min: 0 }).nullable().optional().meta({ example: 500 }),
};

type Dated = { startDate?: string; endDate?: string };

const isDate = (value: unknown): value is string => typeof value === 'string' && fields.startDate.safeParse(value).success;

/**
 * The one rule across fields: a campaign ends after it starts. Checked whenever both dates are
 * good dates, beside the other fields' errors, so one answer names every bad field.
 */
const endsAfterStart = [
  (c: Dated, ctx: z.RefinementCtx) => {
    if (c.startDate !== undefined && c.endDate !== undefined && c.endDate <= c.startDate) {
      ctx.addIssue({ code: 'custom', message: 'must be after startDate', path: ['endDate'] });
    }
  },
  {
    when: (payload: { value: unknown }) => {
      const c = payload.value as Dated | null;
      return !!c && typeof c === 'object' && isDate(c.startDate) && isDate(c.endDate);
    },
  },
] as const;

/** A whole campaign's fields: what strategy-agent checks after a create or a change is applied (other keys are not its concern). */
export const CampaignInputShape = z.object(fields).superRefine(...endsAfterStart);

/** POST /campaigns. Unknown fields are refused. */
export const CreateCampaignShape = z.strictObject({ ...fields, brandId: uuidField() }).superRefine(...endsAfterStart);

/** PATCH /campaigns/{id}: the fields to change; the dates' order is checked here when both are sent, and on the result by strategy-agent. */
export const UpdateCampaignShape = z
  .strictObject(fields)
  .partial()
  .superRefine(...endsAfterStart);
