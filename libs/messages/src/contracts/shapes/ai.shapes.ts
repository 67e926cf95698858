import { z } from 'zod';
import { iso8601, money, uuidField } from './fields';
import { PageQueryShape } from './page.shapes';

/** The AI provider and AI usage shapes (ADR 182, 195): the gateway's /ai-provider and AI usage routes, the web app's types. */

const engine = z.enum(['llm', 'local-engine']);

export const AiProviderModelsShape = z.object({
  content: z.string().meta({ example: 'claude-haiku-4-5', description: 'writes posts, variants and replies (AI_MODEL_CONTENT)' }),
  strategy: z.string().meta({ example: 'claude-sonnet-4-5', description: 'writes strategies, calendars and insights (AI_MODEL_STRATEGY)' }),
});

export const AiProviderStatusShape = z.object({
  provider: z.string().meta({ example: 'anthropic', description: 'the AI_PROVIDER in force' }),
  preset: z.string().meta({ example: 'Anthropic' }),
  api: z.enum(['local', 'openai-compatible', 'anthropic', 'gemini']),
  builtIn: z.boolean().meta({ description: 'true while the built-in engine (templates and NLP, no language model) writes everything' }),
  engine,
  baseUrl: z.string().nullable().meta({ description: 'the endpoint, without credentials or query' }),
  models: AiProviderModelsShape,
  apiKeySet: z.boolean().meta({ description: 'whether AI_API_KEY is set (never the key)' }),
  structuredOutput: z.enum(['built-in', 'json_schema', 'json_object', 'tool_call', 'response_schema']),
  timeoutMs: z.number(),
  maxRetries: z.number(),
  concurrency: z.number(),
  notice: z.string().optional().meta({ description: 'what the built-in engine is, while it is in use' }),
});

export const AiProviderTestShape = z.object({
  ok: z.literal(true),
  provider: z.string().meta({ example: 'anthropic' }),
  model: z.string().meta({ example: 'claude-haiku-4-5-20251001', description: 'the model that answered, as the provider named it' }),
  latencyMs: z.number().meta({ example: 412, description: 'round trip of one small call to the content model' }),
  engine,
});

/** GET /ai/usage?brandId=&from=&to=. */
export const AiUsageQueryShape = z.strictObject({
  brandId: uuidField(),
  from: iso8601().optional().meta({ example: '2026-03-01', description: 'date or ISO 8601 instant; the start of the current UTC month when omitted' }),
  to: iso8601().optional().meta({ example: '2026-03-31', description: 'exclusive instant, or a date whose whole UTC day is included; now when omitted' }),
});

/** GET /ai/logs: the list convention plus the brand and a job filter. */
export const AiLogsQueryShape = PageQueryShape.extend({
  brandId: uuidField(),
  jobId: uuidField().optional().meta({ description: "only this job's calls" }),
});

/** PUT /brands/{id}/ai-budget. */
export const SetAiBudgetShape = z.strictObject({
  monthlyLimitUsd: money({ min: 0, max: 1_000_000 })
    .nullable()
    .meta({ example: 25, description: 'USD per calendar month (UTC), across every agent; null removes the limit' }),
});

export const AiBudgetShape = z.object({
  brandId: z.uuid(),
  monthlyLimitUsd: z.number().nullable(),
  spentUsd: z.number().meta({ description: 'spent by every agent on this brand since monthStart' }),
  monthStart: z.string(),
});

const usageLine = {
  calls: z.number().meta({ description: 'calls sent to the provider (succeeded or failed attempts)' }),
  cachedHits: z.number().meta({ description: 'answered from the cache, at no cost' }),
  refused: z.number().meta({ description: 'refused by the budget' }),
  tokensIn: z.number(),
  tokensOut: z.number(),
  costUsd: z.number(),
};

export const UsageLineShape = z.object(usageLine);

export const AiUsageShape = z.object({
  brandId: z.uuid(),
  from: z.string(),
  to: z.string(),
  totals: UsageLineShape,
  byModel: z.array(z.object({ ...usageLine, provider: z.string(), model: z.string() })),
  byAgent: z.array(z.object({ ...usageLine, agent: z.string() })),
  byDay: z.array(z.object({ ...usageLine, day: z.string().meta({ example: '2026-03-02' }) })).meta({ description: 'UTC days' }),
});

export const AiLogShape = z.object({
  id: z.uuid(),
  agent: z.string(),
  task: z.string(),
  brandId: z.uuid(),
  jobId: z.string().nullable(),
  provider: z.string(),
  model: z.string(),
  attempt: z.number(),
  tokensIn: z.number(),
  tokensOut: z.number(),
  latencyMs: z.number(),
  costUsd: z.number(),
  outcome: z.enum(['succeeded', 'failed', 'cached', 'refused']),
  errorCode: z.string().nullable(),
  injectionFlag: z.boolean(),
  prompt: z.string().nullable().meta({ description: 'the prompt sent (AI_LOG_PROMPTS on): owners and editors only, always null for viewers' }),
  createdAt: z.string(),
});

export const AiLogPageShape = z.object({ items: z.array(AiLogShape), nextCursor: z.string().nullable() });
