import { z } from 'zod';
import { instant, money, oneOf, uuidField } from './fields';

/**
 * The personal access token shapes (ADR 190): the gateway validates and documents its token routes
 * with them, and the web app types its tokens from them.
 */

export const TOKEN_SCOPES = ['read', 'write', 'publish', 'ai'] as const;
export type TokenScope = (typeof TOKEN_SCOPES)[number];

const scope = oneOf(TOKEN_SCOPES);

/** A calendar date, or a date and time with an optional zone: what the token's expiry may be written as. */
const ISO_8601 = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/** POST /tokens. Unknown fields are refused. */
export const CreateTokenShape = z.strictObject({
  name: z
    .string({ error: 'must be a string' })
    .regex(/\S/, { message: 'must not be blank', abort: true })
    .min(1, 'must be 1 to 100 characters')
    .max(100, 'must be 1 to 100 characters')
    .meta({ example: 'n8n automations', description: 'to recognise the token in the list' }),
  scopes: z
    .array(scope, { error: 'must be an array' })
    .min(1, 'must name at least one scope')
    .refine((list) => new Set(list).size === list.length, 'must not repeat a scope')
    .meta({ uniqueItems: true, description: 'read: GET routes; write: other changes; publish: schedule and publish; ai: start AI jobs' }),
  brandIds: z
    .array(uuidField(), { error: 'must be an array' })
    .min(1, 'must name at least one brand')
    .max(50, 'must name at most 50 brands')
    .optional()
    .meta({ description: 'only these brands (each must be one of yours); omitted: all of your brands' }),
  aiBudgetUsd: money({ min: 0 }).optional().meta({
    example: 5,
    description:
      "the token's own monthly AI budget in USD (UTC month): once its jobs have cost this much, it starts no AI job (402 AI_BUDGET_EXCEEDED); omitted: only the brands' budgets apply",
  }),
  expiresAt: z
    .string({ error: 'must be an ISO 8601 date-time' })
    .refine((text) => ISO_8601.test(text) && !Number.isNaN(Date.parse(text)), 'must be an ISO 8601 date-time')
    .optional()
    .meta({ format: 'date-time', description: 'when the token stops working (within a year); omitted: until revoked' }),
});

/** A personal access token as listed: never the token itself. */
export const TokenShape = z.object({
  id: z.uuid(),
  name: z.string(),
  prefix: z.string().meta({ example: 'mt_pat_AbCd', description: 'the first characters of the token' }),
  scopes: z.array(z.enum(TOKEN_SCOPES)),
  brandIds: z.array(z.string()).nullable().meta({ description: 'null: every brand of the user' }),
  aiBudgetUsd: z.number().nullable().meta({ description: "the token's own monthly AI budget in USD; null: none" }),
  createdAt: instant(),
  lastUsedAt: instant().nullable(),
  expiresAt: instant().nullable(),
});

/** The answer to POST /tokens: the only time the token itself is shown. */
export const CreatedTokenShape = TokenShape.extend({
  token: z.string().meta({
    example: 'mt_pat_…',
    description: 'the token: shown this once, never again (a replay of the request answers 409 IDEMPOTENT_SECRET_NOT_REPLAYED)',
  }),
});
