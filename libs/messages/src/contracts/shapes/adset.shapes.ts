import { PLATFORM_IDS, type PlatformId } from '@mt/platforms';
import { z } from 'zod';
import { calendarDate, iso8601, money } from './fields';

/** The ad set shapes (ADR 182, 195): the gateway's ad set routes and the web app's types. */

export const ADSET_STATUSES = ['draft', 'active', 'paused', 'completed'] as const;
/** The largest daily or total budget, and the largest spend recorded at once. */
export const MAX_ADSET_MONEY = 10_000_000;

const amount = () => money({ min: 0.01, max: MAX_ADSET_MONEY });
const dayOrNull = (example: string, description: string) => iso8601().nullable().optional().meta({ format: 'date', example, description });

// Trimmed before its length is checked: publishing-agent stores it trimmed, and a name of spaces is none.
const name = z
  .string({ error: 'must be 1 to 120 characters' })
  .trim()
  .min(1, 'must be 1 to 120 characters')
  .max(120, 'must be 1 to 120 characters')
  .meta({ example: 'Retargeting — LinkedIn' });

const fields = {
  dailyBudget: amount().meta({ example: 50 }),
  totalBudget: amount().meta({ example: 700 }),
  startDate: dayOrNull('2026-12-01', "default: the campaign's start"),
  endDate: dayOrNull('2026-12-14', "default: the campaign's end"),
};

/** POST /campaigns/{id}/ad-sets. */
export const CreateAdSetShape = z.strictObject({
  name,
  platform: z.enum(PLATFORM_IDS as readonly PlatformId[] as [PlatformId, ...PlatformId[]], { error: `must be one of ${PLATFORM_IDS.join(', ')}` }),
  ...fields,
});

/** PATCH /ad-sets/{id}: the fields to change, and the status. */
export const UpdateAdSetShape = z
  .strictObject({
    name,
    ...fields,
    status: z.enum(ADSET_STATUSES, { error: `must be one of ${ADSET_STATUSES.join(', ')}` }).meta({ description: 'draft → active ⇄ paused → completed' }),
  })
  .partial();

/** POST /ad-sets/{id}/spend. */
export const RecordSpendShape = z.strictObject({
  amount: amount().meta({ example: 42.5 }),
  // A calendar day as publishing-agent stores it (no week or ordinal date, no 2026-02-30).
  date: calendarDate('must be a date like 2026-12-02').meta({ example: '2026-12-02', description: 'the day the money was spent' }),
});

export const PacingFlagShape = z.object({
  kind: z.enum(['daily_overspend', 'overpacing', 'underpacing', 'budget_exhausted']),
  message: z.string(),
  at: z.string(),
  day: z.string().optional(),
});

export const AdSetShape = z.object({
  id: z.uuid(),
  campaignId: z.uuid(),
  brandId: z.uuid(),
  name: z.string(),
  platform: z.string(),
  dailyBudget: z.number(),
  totalBudget: z.number(),
  startDate: z.string().nullable(),
  endDate: z.string().nullable(),
  status: z.enum(ADSET_STATUSES),
  spentTotal: z.number(),
  lastSpendDate: z.string().nullable(),
  lastDaySpend: z.number(),
  expectedSpend: z.number().nullable().meta({ description: 'spend expected by lastSpendDate at an even pace' }),
  paceRatio: z.number().nullable().meta({ description: 'spentTotal / expectedSpend' }),
  flags: z.array(PacingFlagShape),
  createdAt: z.string(),
  updatedAt: z.string(),
});
