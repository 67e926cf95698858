import type { AiLogOutcome } from './ai-log.entity';

export interface NewAiLog {
  agent: string;
  task: string;
  brandId: string;
  jobId: string | null;
  provider: string;
  model: string;
  attempt: number;
  tokensIn: number;
  tokensOut: number;
  latencyMs: number;
  costUsd: number;
  outcome: AiLogOutcome;
  errorCode: string | null;
  injectionFlag: boolean;
  prompt: string | null;
}

export interface BudgetState {
  limitUsd: number;
  /** Cost logged for the brand since the start of the month. */
  spentUsd: number;
}

/** A validated answer to keep under its cache key (the task is the log row's). */
export interface CacheEntry {
  key: string;
  result: unknown;
}

/** What AiService needs from storage. AiRepository implements it on PostgreSQL. */
export interface AiStore {
  /**
   * The attempt's log row; with `answer`, the answer cached under its key too, in the same write
   * (both rows or neither). The first answer kept for a key stays.
   */
  recordAttempt(row: NewAiLog, answer?: CacheEntry): Promise<void>;
  /** null when the brand has no budget. */
  budgetState(brandId: string, monthStart: Date): Promise<BudgetState | null>;
  getCached(key: string): Promise<unknown | undefined>;
}

/**
 * A store kept in memory, for unit tests, benchmarks and tools that must not touch a database.
 * Services use AiRepository; spend recorded here is lost at exit.
 */
export class InMemoryAiStore implements AiStore {
  readonly logs: (NewAiLog & { createdAt: Date })[] = [];
  readonly budgets = new Map<string, number>();
  private readonly cache = new Map<string, unknown>();

  async recordAttempt(row: NewAiLog, answer?: CacheEntry): Promise<void> {
    this.logs.push({ ...row, createdAt: new Date() });
    if (answer && !this.cache.has(answer.key)) this.cache.set(answer.key, answer.result);
  }

  async budgetState(brandId: string, monthStart: Date): Promise<BudgetState | null> {
    const limitUsd = this.budgets.get(brandId);
    if (limitUsd === undefined) return null;
    const spentUsd = this.logs.filter((l) => l.brandId === brandId && l.createdAt >= monthStart).reduce((s, l) => s + l.costUsd, 0);
    return { limitUsd, spentUsd };
  }

  async getCached(key: string): Promise<unknown | undefined> {
    return this.cache.get(key);
  }
}
