import { createHash } from 'node:crypto';
import { Inject, Injectable, Optional } from '@nestjs/common';
import type { AiEngineKind, AiProvider } from './client/ai-provider';
import type { AiConfig } from './config/ai.config';
import { createLimiter, type Settled } from './concurrency/run-limited';
import type { AiStore, CacheEntry, NewAiLog } from './cost/ai-store';
import { costUsd, priceFor, worstCaseCostUsd } from './cost/price-table';
import { AiError } from './errors';
import { LOCAL_ENGINE_NOTICE } from './local/local-engine';
import type { InjectionFinding } from './prompt/injection-guard';
import { buildPrompt, withFeedback } from './prompt/prompt-builder';
import { withRetry, type Sleep } from './retry/retry-handler';
import { taskDefinition, type AiTaskInput, type AiTaskName, type AiTaskOutput } from './tasks/registry';
import { validateOutput } from './validation/output-validator';
import { AiAttemptSpan } from './cost/ai-span';

export const AI_CONFIG = Symbol('AI_CONFIG');
export const AI_PROVIDER = Symbol('AI_PROVIDER');
export const AI_STORE = Symbol('AI_STORE');
export const AI_RUNTIME = Symbol('AI_RUNTIME');

/** Who is asking, for the log, the budget and the cache. */
export interface AiCallContext {
  agent: string;
  brandId: string;
  jobId?: string;
  /** Same task + same input + same key → the stored answer, without a second paid call. */
  idempotencyKey?: string;
}

export interface AiRunMeta {
  provider: string;
  model: string;
  /** "local-engine" answers come from templates and NLP, not from a language model. */
  engine: AiEngineKind;
  notice?: string;
  /** Attempts sent to the provider by this call; 0 when answered from the cache. */
  attempts: number;
  tokensIn: number;
  tokensOut: number;
  costUsd: number;
  cached: boolean;
  injectionFlagged: boolean;
  injectionFindings: InjectionFinding[];
}

export interface AiRunResult<O> {
  output: O;
  meta: AiRunMeta;
}

/** Seams for tests and benchmarks; production uses the defaults. */
export interface AiRuntimeOptions {
  sleep?: Sleep;
  random?: () => number;
  now?: () => Date;
  /** Told of every attempt that leaves an ai_log row (metrics). */
  observer?: AiObserver;
}

/** One AI attempt as metrics see it: kinds only (task, configured model, provider, outcome), never ids or text. */
export interface AiAttemptReport {
  agent: string;
  task: string;
  /** The model asked for (from configuration), not the provider's answer, which may carry a dated build name. */
  model: string;
  provider: string;
  /** succeeded | failed | cached | refused */
  outcome: string;
  tokensIn: number;
  tokensOut: number;
  costUsd: number;
}

export interface AiObserver {
  attempt(report: AiAttemptReport): void;
}

/** Canonical JSON: key order must not change a cache key. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

export function cacheKey(task: string, input: unknown, idempotencyKey: string): string {
  return createHash('sha256').update(task).update('\u0000').update(canonical(input)).update('\u0000').update(idempotencyKey).digest('hex');
}

const monthStartUtc = (d: Date) => new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1));

/**
 * The one door from agents to AI: prompt → budget check → provider → validation → retries → log →
 * cache. Every attempt leaves one ai.ai_log row, whatever happens to it.
 */
@Injectable()
export class AiService {
  private readonly limit: <T>(fn: () => Promise<T>) => Promise<T>;
  private readonly now: () => Date;

  constructor(
    @Inject(AI_CONFIG) private readonly config: AiConfig,
    @Inject(AI_PROVIDER) private readonly provider: AiProvider,
    @Inject(AI_STORE) private readonly store: AiStore,
    @Optional() @Inject(AI_RUNTIME) private readonly runtime: AiRuntimeOptions = {},
  ) {
    this.runtime ??= {};
    this.limit = createLimiter(config.concurrency);
    this.now = this.runtime.now ?? (() => new Date());
  }

  /** Model for a task: content tasks take the cheaper model, strategy tasks the stronger one. */
  modelFor(task: AiTaskName): string {
    return taskDefinition(task).tier === 'content' ? this.config.modelContent : this.config.modelStrategy;
  }

  /** Whether the task's model is configured as accepting images (AI_IMAGE_MODELS). */
  acceptsImages(task: AiTaskName): boolean {
    return this.config.imageModels?.includes(this.modelFor(task)) ?? false;
  }

  /** Run one task. Throws AiError (see `code` and `retryable`) when no valid answer could be had. */
  run<T extends AiTaskName>(task: T, input: AiTaskInput<T>, ctx: AiCallContext): Promise<AiRunResult<AiTaskOutput<T>>> {
    return this.limit(() => this.execute(task, input, ctx));
  }

  /** Fan-out: every item runs, at most AI_CONCURRENCY at a time across this service; results in input order. */
  runMany<T extends AiTaskName>(task: T, items: readonly { input: AiTaskInput<T>; ctx: AiCallContext }[]): Promise<Settled<AiRunResult<AiTaskOutput<T>>>[]> {
    return Promise.all(
      items.map((item) =>
        this.run(task, item.input, item.ctx).then(
          (value): Settled<AiRunResult<AiTaskOutput<T>>> => ({ ok: true, value }),
          (error: unknown): Settled<AiRunResult<AiTaskOutput<T>>> => ({ ok: false, error }),
        ),
      ),
    );
  }

  private async execute<T extends AiTaskName>(task: T, input: AiTaskInput<T>, ctx: AiCallContext): Promise<AiRunResult<AiTaskOutput<T>>> {
    const def = taskDefinition(task);
    const model = this.modelFor(task);
    const prompt = buildPrompt(def, input);
    const images = this.acceptsImages(task) ? (def.images?.(input) ?? []) : [];
    const injectionFlag = prompt.injectionFindings.length > 0;
    const promptText = this.config.logPrompts ? JSON.stringify(prompt.messages) : null;
    // Every attempt that leaves a row leaves a span too: the attempt's own, or one made for the row.
    let attemptSpan: AiAttemptSpan | undefined;
    const log = (
      row: Pick<NewAiLog, 'attempt' | 'tokensIn' | 'tokensOut' | 'latencyMs' | 'costUsd' | 'outcome' | 'errorCode'> & { model?: string },
      answer?: CacheEntry,
    ) => {
      (attemptSpan ?? new AiAttemptSpan(this.provider.id, model, task, row.attempt)).end(row);
      attemptSpan = undefined;
      this.runtime.observer?.attempt({
        agent: ctx.agent,
        task,
        model,
        provider: this.provider.id,
        outcome: row.outcome,
        tokensIn: row.tokensIn,
        tokensOut: row.tokensOut,
        costUsd: row.costUsd,
      });
      return this.store.recordAttempt(
        {
          agent: ctx.agent,
          task,
          brandId: ctx.brandId,
          jobId: ctx.jobId ?? null,
          provider: this.provider.id,
          injectionFlag,
          prompt: promptText,
          ...row,
          model: row.model ?? model,
        },
        answer,
      );
    };
    const meta: AiRunMeta = {
      provider: this.provider.id,
      model,
      engine: this.provider.engine,
      ...(this.provider.engine === 'local-engine' ? { notice: LOCAL_ENGINE_NOTICE } : {}),
      attempts: 0,
      tokensIn: 0,
      tokensOut: 0,
      costUsd: 0,
      cached: false,
      injectionFlagged: injectionFlag,
      injectionFindings: prompt.injectionFindings,
    };

    const inputProblems = def.inputProblems?.(input) ?? [];
    if (inputProblems.length) throw new AiError('AI_BAD_REQUEST', `invalid ${task} input: ${inputProblems.join('; ')}`, { problems: inputProblems });

    const key = ctx.idempotencyKey === undefined ? undefined : cacheKey(task, input, ctx.idempotencyKey);
    if (key) {
      const hit = await this.store.getCached(key);
      const parsed = hit === undefined ? undefined : def.schema.safeParse(hit);
      if (parsed?.success) {
        await log({ attempt: 0, tokensIn: 0, tokensOut: 0, latencyMs: 0, costUsd: 0, outcome: 'cached', errorCode: null });
        return { output: parsed.data, meta: { ...meta, cached: true } };
      }
    }

    const price = priceFor(this.config.prices, model);
    const policy = { maxAttempts: this.config.maxRetries + 1, baseDelayMs: this.config.retryBaseDelayMs, maxDelayMs: this.config.retryMaxDelayMs };
    const output = await withRetry(
      policy,
      async (attempt, previous) => {
        const messages = previous?.code === 'AI_INVALID_OUTPUT' ? withFeedback(prompt, previous.raw, previous.problems) : prompt.messages;
        const worstCase = worstCaseCostUsd(price, messages, this.config.maxOutputTokens);
        if (worstCase > 0) {
          const budget = await this.store.budgetState(ctx.brandId, monthStartUtc(this.now()));
          if (budget && budget.spentUsd + worstCase > budget.limitUsd) {
            await log({ attempt, tokensIn: 0, tokensOut: 0, latencyMs: 0, costUsd: 0, outcome: 'refused', errorCode: 'AI_BUDGET_EXCEEDED' });
            throw new AiError(
              'AI_BUDGET_EXCEEDED',
              `brand ${ctx.brandId} has spent $${budget.spentUsd.toFixed(4)} of its $${budget.limitUsd.toFixed(2)} monthly AI budget; this call could cost up to $${worstCase.toFixed(4)}`,
            );
          }
        }
        meta.attempts = attempt;
        const started = performance.now();
        let completion;
        attemptSpan = new AiAttemptSpan(this.provider.id, model, task, attempt);
        const span = attemptSpan;
        try {
          completion = await span.run(() =>
            this.provider.complete({
              task,
              input,
              model,
              messages,
              schemaName: prompt.schemaName,
              jsonSchema: prompt.jsonSchema,
              maxOutputTokens: this.config.maxOutputTokens,
              attempt,
              ...(images.length > 0 ? { images } : {}),
            }),
          );
        } catch (err) {
          const error =
            err instanceof AiError ? err : new AiError('AI_PROVIDER_ERROR', `provider failed: ${(err as Error)?.message ?? String(err)}`, { cause: err });
          const cost = costUsd(price, error.tokensIn, error.tokensOut);
          this.account(meta, error.tokensIn, error.tokensOut, cost);
          await log({
            attempt,
            tokensIn: error.tokensIn,
            tokensOut: error.tokensOut,
            latencyMs: Math.round(performance.now() - started),
            costUsd: cost,
            outcome: 'failed',
            errorCode: error.code,
          });
          throw error;
        }
        const latencyMs = Math.round(performance.now() - started);
        const cost = costUsd(price, completion.tokensIn, completion.tokensOut);
        this.account(meta, completion.tokensIn, completion.tokensOut, cost);
        const result = validateOutput(def, completion.content, input);
        if (!result.ok) {
          const code = result.stage === 'empty' ? 'AI_EMPTY_OUTPUT' : 'AI_INVALID_OUTPUT';
          await log({ attempt, tokensIn: completion.tokensIn, tokensOut: completion.tokensOut, latencyMs, costUsd: cost, outcome: 'failed', errorCode: code });
          throw new AiError(code, `${task} answer rejected (${result.stage}): ${result.problems.slice(0, 3).join('; ')}`, {
            problems: result.problems,
            raw: completion.content ?? undefined,
          });
        }
        // The answer is cached with its log row, in one write (a key: the call may be repeated).
        await log(
          { attempt, tokensIn: completion.tokensIn, tokensOut: completion.tokensOut, latencyMs, costUsd: cost, outcome: 'succeeded', errorCode: null },
          key ? { key, result: result.value } : undefined,
        );
        return result.value;
      },
      { sleep: this.runtime.sleep, random: this.runtime.random },
    );
    return { output, meta };
  }

  private account(meta: AiRunMeta, tokensIn: number, tokensOut: number, cost: number): void {
    meta.tokensIn += tokensIn;
    meta.tokensOut += tokensOut;
    meta.costUsd = Math.round((meta.costUsd + cost) * 1e8) / 1e8;
  }
}
