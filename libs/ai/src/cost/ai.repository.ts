import { DataSource, type EntityManager } from 'typeorm';
import { AiBudgetEntity, AiLogEntity } from './ai-log.entity';
import type { AiStore, BudgetState, CacheEntry, NewAiLog } from './ai-store';

export interface UsageLine {
  calls: number;
  cachedHits: number;
  refused: number;
  tokensIn: number;
  tokensOut: number;
  costUsd: number;
}

export interface UsageReport {
  brandId: string;
  from: string;
  to: string;
  totals: UsageLine;
  byModel: (UsageLine & { provider: string; model: string })[];
  byAgent: (UsageLine & { agent: string })[];
  byDay: (UsageLine & { day: string })[];
}

type UsageRow = Record<string, string | number | null>;

const LOG_INSERT = `insert into ai.ai_log (agent, task, brand_id, job_id, provider, model, attempt, tokens_in, tokens_out, latency_ms, cost_usd, outcome, error_code, injection_flag, prompt)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)`;

const AGGREGATES = `
  count(*) filter (where outcome in ('succeeded', 'failed'))::int as calls,
  count(*) filter (where outcome = 'cached')::int as cached_hits,
  count(*) filter (where outcome = 'refused')::int as refused,
  coalesce(sum(tokens_in), 0)::bigint as tokens_in,
  coalesce(sum(tokens_out), 0)::bigint as tokens_out,
  coalesce(sum(cost_usd), 0) as cost_usd`;

function line(r: UsageRow): UsageLine {
  return {
    calls: Number(r.calls ?? 0),
    cachedHits: Number(r.cached_hits ?? 0),
    refused: Number(r.refused ?? 0),
    tokensIn: Number(r.tokens_in ?? 0),
    tokensOut: Number(r.tokens_out ?? 0),
    costUsd: Number(r.cost_usd ?? 0),
  };
}

/** Every TypeORM call of libs/ai: the log, budgets, the cache and usage reports. */
export class AiRepository implements AiStore {
  private readonly manager: EntityManager;

  constructor(source: DataSource | EntityManager) {
    this.manager = source instanceof DataSource ? source.manager : source;
  }

  /**
   * Hot path (every attempt): one plain parametrised insert, without the query builder's RETURNING
   * round. With an answer to cache, the cache row is written by the same statement (a data-modifying
   * CTE): both rows or neither, and one round trip instead of two.
   */
  async recordAttempt(row: NewAiLog, answer?: CacheEntry): Promise<void> {
    const params: unknown[] = [
      row.agent,
      row.task,
      row.brandId,
      row.jobId,
      row.provider,
      row.model,
      row.attempt,
      row.tokensIn,
      row.tokensOut,
      row.latencyMs,
      row.costUsd,
      row.outcome,
      row.errorCode,
      row.injectionFlag,
      row.prompt,
    ];
    if (!answer) {
      await this.manager.query(LOG_INSERT, params);
      return;
    }
    // jsonb as text, as TypeORM wrote it: pg would turn a bare array into a PostgreSQL array literal.
    params.push(answer.key, JSON.stringify(answer.result));
    await this.manager.query(
      `with log as (${LOG_INSERT})
       insert into ai.ai_cache (key, task, result) values ($16, $2, $17::jsonb) on conflict do nothing`,
      params,
    );
  }

  async budgetState(brandId: string, monthStart: Date): Promise<BudgetState | null> {
    const rows: { limit_usd: string; spent_usd: string }[] = await this.manager.query(
      `select b.monthly_limit_usd as limit_usd, coalesce(sum(l.cost_usd), 0) as spent_usd
         from ai.ai_budget b
         left join ai.ai_log l on l.brand_id = b.brand_id and l.created_at >= $2
        where b.brand_id = $1
        group by b.monthly_limit_usd`,
      [brandId, monthStart],
    );
    return rows.length ? { limitUsd: Number(rows[0].limit_usd), spentUsd: Number(rows[0].spent_usd) } : null;
  }

  /** Hot path (every call with a key): a plain select; pg answers the jsonb parsed, as TypeORM did. */
  async getCached(key: string): Promise<unknown | undefined> {
    const rows: { result: unknown }[] = await this.manager.query(`select result from ai.ai_cache where key = $1`, [key]);
    return rows[0]?.result;
  }

  /** Set (or with null, remove) a brand's monthly limit in USD. */
  async setBudget(brandId: string, monthlyLimitUsd: number | null): Promise<void> {
    if (monthlyLimitUsd === null) {
      await this.manager.delete(AiBudgetEntity, { brandId });
      return;
    }
    await this.manager.upsert(AiBudgetEntity, { brandId, monthlyLimitUsd }, ['brandId']);
  }

  async logs(filter: { brandId?: string; jobId?: string; task?: string }): Promise<AiLogEntity[]> {
    return this.manager.find(AiLogEntity, { where: filter, order: { createdAt: 'ASC', attempt: 'ASC' } });
  }

  /** A brand's monthly limit in USD, or null when it has none. */
  async budgetLimit(brandId: string): Promise<number | null> {
    const row = await this.manager.findOne(AiBudgetEntity, { where: { brandId } });
    return row ? Number(row.monthlyLimitUsd) : null;
  }

  /** Cost logged for a brand since `since`, by every agent. */
  async spentSince(brandId: string, since: Date): Promise<number> {
    const rows: { spent: string }[] = await this.manager.query(
      `select coalesce(sum(cost_usd), 0) as spent from ai.ai_log where brand_id = $1 and created_at >= $2`,
      [brandId, since],
    );
    return Number(rows[0]?.spent ?? 0);
  }

  /**
   * A brand's log, newest first, keyset-paginated on (created_at, id): `after` is the exact
   * created_at (ISO 8601 UTC with microseconds, as `createdKey` answers it) and id of the last row
   * of the previous page. Answers at most `limit` rows.
   */
  async logPage(
    filter: { brandId: string; jobId?: string },
    limit: number,
    after: { createdKey: string; id: string } | null,
  ): Promise<(AiLogEntity & { createdKey: string })[]> {
    const params: unknown[] = [filter.brandId, limit];
    const where = ['brand_id = $1'];
    if (filter.jobId) {
      params.push(filter.jobId);
      where.push(`job_id = $${params.length}`);
    }
    if (after) {
      params.push(after.createdKey, after.id);
      where.push(`(created_at, id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`);
    }
    const rows: Record<string, unknown>[] = await this.manager.query(
      `select id, agent, task, brand_id, job_id, provider, model, attempt, tokens_in, tokens_out, latency_ms, cost_usd, outcome,
              error_code, injection_flag, prompt, created_at,
              to_char(created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as created_key
         from ai.ai_log where ${where.join(' and ')}
        order by created_at desc, id desc limit $2`,
      params,
    );
    return rows.map((r) =>
      Object.assign(new AiLogEntity(), {
        id: String(r.id),
        agent: String(r.agent),
        task: String(r.task),
        brandId: String(r.brand_id),
        jobId: (r.job_id as string | null) ?? null,
        provider: String(r.provider),
        model: String(r.model),
        attempt: Number(r.attempt),
        tokensIn: Number(r.tokens_in),
        tokensOut: Number(r.tokens_out),
        latencyMs: Number(r.latency_ms),
        costUsd: Number(r.cost_usd),
        outcome: r.outcome as AiLogEntity['outcome'],
        errorCode: (r.error_code as string | null) ?? null,
        injectionFlag: Boolean(r.injection_flag),
        prompt: (r.prompt as string | null) ?? null,
        createdAt: new Date(r.created_at as string),
        createdKey: String(r.created_key),
      }),
    );
  }

  /** What the attempts of these jobs cost since an instant, across brands and agents. */
  async spendOfJobs(jobIds: readonly string[], since: Date): Promise<number> {
    if (jobIds.length === 0) return 0;
    const rows = (await this.manager.query(`select coalesce(sum(cost_usd), 0) as spent from ai.ai_log where job_id = any($1) and created_at >= $2`, [
      [...jobIds],
      since,
    ])) as { spent: string | number }[];
    return Number(rows[0]?.spent ?? 0);
  }

  /** Calls, tokens and cost for a brand in [from, to), by model, by agent and by UTC day. */
  async usage(brandId: string, from: Date, to: Date): Promise<UsageReport> {
    const where = `from ai.ai_log where brand_id = $1 and created_at >= $2 and created_at < $3`;
    const params = [brandId, from, to];
    // In turn, not together: the manager may be a transaction's, one pg client that runs one query at a time.
    const totals = (await this.manager.query(`select ${AGGREGATES} ${where}`, params)) as UsageRow[];
    const byModel = (await this.manager.query(
      `select provider, model, ${AGGREGATES} ${where} group by provider, model order by cost_usd desc, model`,
      params,
    )) as UsageRow[];
    const byAgent = (await this.manager.query(`select agent, ${AGGREGATES} ${where} group by agent order by agent`, params)) as UsageRow[];
    const byDay = (await this.manager.query(
      `select to_char(created_at at time zone 'UTC', 'YYYY-MM-DD') as day, ${AGGREGATES} ${where} group by 1 order by 1`,
      params,
    )) as UsageRow[];
    return {
      brandId,
      from: from.toISOString(),
      to: to.toISOString(),
      totals: line(totals[0] ?? {}),
      byModel: byModel.map((r) => ({ provider: String(r.provider), model: String(r.model), ...line(r) })),
      byAgent: byAgent.map((r) => ({ agent: String(r.agent), ...line(r) })),
      byDay: byDay.map((r) => ({ day: String(r.day), ...line(r) })),
    };
  }
}
