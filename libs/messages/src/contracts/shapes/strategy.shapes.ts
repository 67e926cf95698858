import { PLATFORM_IDS, type PlatformId } from '@mt/platforms';
import { z } from 'zod';
import { STRATEGY_LIMITS as L } from '../brand.contract';
import { bodyOrEmpty } from './fields';

/**
 * The brand strategy shapes (ADR 182, 199): the gateway validates and documents its strategy
 * routes with them, brand-agent checks a strategy job's options and a user's strategy with them,
 * and the contract's strategy types are their outputs.
 */

/**
 * A text as the gateway and brand-agent together have always taken it: at most `max` characters
 * as sent, at least `min` once trimmed; passed on trimmed.
 */
const text = (min: number, max: number) => {
  const message = min > 0 ? `must be ${min} to ${max} characters` : `must be at most ${max} characters`;
  const sent = z.string({ error: 'must be a string' }).max(max, message).trim();
  return min > 0 ? sent.min(min, message) : sent;
};

const platform = z.enum(PLATFORM_IDS as readonly PlatformId[] as [PlatformId, ...PlatformId[]], {
  error: `must be one of ${PLATFORM_IDS.join(', ')}`,
});

const wholeNumber = (min: number, max: number) => {
  const message = `must be a whole number from ${min} to ${max}`;
  return z.number({ error: message }).int(message).min(min, message).max(max, message);
};

const list = <T extends z.ZodType>(item: T, limits: { min?: number; max: number }) => {
  const message = limits.min ? `must be a list of ${limits.min} to ${limits.max} items` : `must be a list of at most ${limits.max} items`;
  const items = z.array(item, { error: message }).max(limits.max, message);
  return limits.min ? items.min(limits.min, message) : items;
};

const item = <T extends z.ZodRawShape>(fields: T) => z.strictObject(fields, { error: 'must be an object' });

/** The options of a strategy job; each may be left out. Unknown fields are refused. */
export const StrategyJobOptionsShape = z.strictObject({
  goals: list(text(1, L.jobGoals.itemMax), { max: L.jobGoals.max })
    .optional()
    .meta({ example: ['200 beta sign-ups by June'], description: "business goals; the current strategy's when omitted" }),
  competitorNotes: text(0, L.competitorNotes.max).optional(),
  platforms: z
    .array(platform, { error: 'must name at least one platform' })
    .min(1, 'must name at least one platform')
    .refine((names) => new Set(names).size === names.length, 'must not repeat a platform')
    .optional()
    .meta({ uniqueItems: true, description: 'platforms the brand publishes to; all when omitted' }),
});

/** POST /brands/{id}/strategy: the options of the job; the body may be empty or left out. */
export const GenerateStrategyShape = bodyOrEmpty(StrategyJobOptionsShape);

/** A strategy job's options once checked (trimmed). */
export type StrategyJobOptions = z.output<typeof StrategyJobOptionsShape>;

const AudienceInputShape = item({
  name: text(1, L.audiences.nameMax).meta({ example: 'Home baristas' }),
  needs: list(text(1, L.audiences.needMax), { max: L.audiences.needs }).meta({ example: ['brew guides'] }),
  platforms: z.array(platform, { error: 'must be a list of platforms' }).meta({ example: ['mastodon'] }),
});

const PillarInputShape = item({
  name: text(1, L.pillars.nameMax).meta({ example: 'Brewing guides' }),
  description: text(0, L.pillars.descriptionMax).meta({ example: 'How to get the best from our beans at home' }),
  sharePercent: wholeNumber(0, 100).meta({ example: 50, description: 'the pillars add up to 100' }),
});

const GoalInputShape = item({
  name: text(1, L.goals.nameMax).meta({ example: 'Newsletter sign-ups' }),
  target: text(1, L.goals.targetMax).meta({ example: '500 by the end of Q2' }),
});

const ChannelMixInputShape = item({
  platform,
  postsPerWeek: wholeNumber(0, 21),
  rationale: text(0, L.channelMix.rationaleMax),
});

/**
 * A user's strategy: the four main fields are required; an optional field left out keeps its
 * current value (brand-agent merges it, since only it knows the current strategy). Unknown fields
 * are refused.
 */
export const StrategyEditShape = z.strictObject({
  valueProposition: text(L.valueProposition.min, L.valueProposition.max).meta({
    example: 'Fresh single-origin coffee, roasted to order and at your door in four days.',
  }),
  positioning: text(0, L.positioning.max).nullable().optional(),
  audiences: list(AudienceInputShape, L.audiences),
  pillars: list(PillarInputShape, L.pillars)
    // The one rule across items, checked once the list and every pillar in it are good.
    .refine((pillars) => Math.abs(pillars.reduce((sum, p) => sum + p.sharePercent, 0) - 100) <= 1, {
      message: 'sharePercent values must add up to 100',
      when: (payload) => payload.issues.length === 0,
    }),
  goals: list(GoalInputShape, L.goals),
  keyMessages: list(text(1, L.keyMessages.itemMax), { max: L.keyMessages.max }).optional(),
  channelMix: list(ChannelMixInputShape, { max: L.channelMix.max }).optional(),
});

/** PUT /brands/{id}/strategy: a missing body is an empty one (answered with the missing fields). */
export const UpdateStrategyShape = bodyOrEmpty(StrategyEditShape);

/** A user's strategy once checked (trimmed), as the gateway sends it to brand-agent. */
export type StrategyEdit = z.output<typeof StrategyEditShape>;
