import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { countingQueries, createTestDatabase, type TestDatabase } from '../../../../test/support/pg';
import { migratedAiDataSource } from '../testing/test-data-source';
import { AiRepository } from './ai.repository';
import type { NewAiLog } from './ai-store';

describe('AiRepository', () => {
  let db: TestDatabase;
  let ds: DataSource;
  let repo: AiRepository;

  const row = (over: Partial<NewAiLog>): NewAiLog => ({
    agent: 'creation-agent',
    task: 'post-generation',
    brandId: 'b',
    jobId: null,
    provider: 'openai',
    model: 'gpt-4o-mini',
    attempt: 1,
    tokensIn: 100,
    tokensOut: 50,
    latencyMs: 10,
    costUsd: 0.001,
    outcome: 'succeeded',
    errorCode: null,
    injectionFlag: false,
    prompt: null,
    ...over,
  });
  const at = async (iso: string, over: Partial<NewAiLog>) => {
    await repo.recordAttempt(row(over));
    await ds.query(`update ai.ai_log set created_at = $1 where id = (select id from ai.ai_log order by created_at desc limit 1)`, [iso]);
  };

  beforeAll(async () => {
    db = await createTestDatabase('ai_repo');
    ds = await migratedAiDataSource(db.url);
    repo = new AiRepository(ds);
  });
  afterAll(async () => {
    await ds.destroy();
    await db.drop();
  });

  it('creates schema ai with the log, budget and cache tables and their indexes', async () => {
    const tables = await ds.query(`select table_name from information_schema.tables where table_schema = 'ai' order by 1`);
    expect(tables.map((t: { table_name: string }) => t.table_name)).toEqual(['ai_budget', 'ai_cache', 'ai_log']);
    const idx = await ds.query(`select indexname from pg_indexes where schemaname = 'ai' and tablename = 'ai_log' order by 1`);
    expect(idx.map((i: { indexname: string }) => i.indexname)).toEqual(['ai_log_brand_id_idx', 'ai_log_created_at_idx', 'ai_log_pkey']);
  });

  it('reports spend since the start of the month against the budget', async () => {
    const brandId = randomUUID();
    expect(await repo.budgetState(brandId, new Date('2025-06-01T00:00:00Z'))).toBeNull();
    await repo.setBudget(brandId, 5);
    await at('2025-05-31T23:59:59Z', { brandId, costUsd: 1 });
    await at('2025-06-02T10:00:00Z', { brandId, costUsd: 0.25 });
    await at('2025-06-03T10:00:00Z', { brandId, costUsd: 0.125, outcome: 'failed', errorCode: 'AI_INVALID_OUTPUT' });
    expect(await repo.budgetState(brandId, new Date('2025-06-01T00:00:00Z'))).toEqual({ limitUsd: 5, spentUsd: 0.375 });
    await repo.setBudget(brandId, 7.5);
    expect((await repo.budgetState(brandId, new Date('2025-06-01T00:00:00Z')))?.limitUsd).toBe(7.5);
    await repo.setBudget(brandId, null);
    expect(await repo.budgetState(brandId, new Date('2025-06-01T00:00:00Z'))).toBeNull();
  });

  it('keeps the first cached answer for a key', async () => {
    await repo.recordAttempt(row({ task: 'insights' }), { key: 'k1', result: { a: 1 } });
    await repo.recordAttempt(row({ task: 'insights' }), { key: 'k1', result: { a: 2 } });
    expect(await repo.getCached('k1')).toEqual({ a: 1 });
    expect(await repo.getCached('missing')).toBeUndefined();
  });

  it('writes an attempt and its cached answer in one statement, both or neither', async () => {
    const jobId = randomUUID();
    const counting = countingQueries(ds.manager);
    const counted = new AiRepository(counting.manager);
    // An array answer stays a JSON array (not a PostgreSQL array literal).
    await counted.recordAttempt(row({ jobId, task: 'hashtags' }), { key: `k-${jobId}`, result: [{ tag: 'a' }, 'b'] });
    expect(counting.count()).toBe(1);
    expect(await repo.getCached(`k-${jobId}`)).toEqual([{ tag: 'a' }, 'b']);
    expect(await ds.query(`select task from ai.ai_cache where key = $1`, [`k-${jobId}`])).toEqual([{ task: 'hashtags' }]);
    expect((await repo.logs({ jobId })).map((l) => [l.task, l.outcome])).toEqual([['hashtags', 'succeeded']]);

    // A log row that cannot be written takes its cache row with it.
    const bad = randomUUID();
    await expect(repo.recordAttempt(row({ jobId: bad, outcome: null as unknown as 'succeeded' }), { key: `k-${bad}`, result: { a: 1 } })).rejects.toThrow();
    expect(await repo.getCached(`k-${bad}`)).toBeUndefined();
    expect(await repo.logs({ jobId: bad })).toEqual([]);
  });

  it('aggregates usage by model, agent and UTC day for a brand and date range', async () => {
    const brandId = randomUUID();
    await at('2025-07-01T08:00:00Z', { brandId, model: 'gpt-4o-mini', agent: 'creation-agent', tokensIn: 100, tokensOut: 50, costUsd: 0.001 });
    await at('2025-07-01T09:00:00Z', {
      brandId,
      model: 'gpt-4o-mini',
      agent: 'creation-agent',
      tokensIn: 200,
      tokensOut: 0,
      costUsd: 0.002,
      outcome: 'failed',
      errorCode: 'AI_TIMEOUT',
    });
    await at('2025-07-02T09:00:00Z', { brandId, model: 'gpt-4o', agent: 'strategy-agent', tokensIn: 1000, tokensOut: 500, costUsd: 0.0075 });
    await at('2025-07-02T10:00:00Z', {
      brandId,
      model: 'gpt-4o',
      agent: 'strategy-agent',
      tokensIn: 0,
      tokensOut: 0,
      costUsd: 0,
      outcome: 'cached',
      attempt: 0,
    });
    await at('2025-07-03T10:00:00Z', {
      brandId,
      model: 'gpt-4o',
      agent: 'strategy-agent',
      tokensIn: 0,
      tokensOut: 0,
      costUsd: 0,
      outcome: 'refused',
      errorCode: 'AI_BUDGET_EXCEEDED',
    });
    await at('2025-08-01T10:00:00Z', { brandId, costUsd: 9 }); // outside the range
    await at('2025-07-01T10:00:00Z', { brandId: randomUUID(), costUsd: 9 }); // another brand

    const u = await repo.usage(brandId, new Date('2025-07-01T00:00:00Z'), new Date('2025-08-01T00:00:00Z'));
    expect(u.totals).toEqual({ calls: 3, cachedHits: 1, refused: 1, tokensIn: 1300, tokensOut: 550, costUsd: 0.0105 });
    expect(u.byModel.map((m) => [m.model, m.calls, m.costUsd])).toEqual([
      ['gpt-4o', 1, 0.0075],
      ['gpt-4o-mini', 2, 0.003],
    ]);
    expect(u.byAgent.map((a) => [a.agent, a.tokensIn])).toEqual([
      ['creation-agent', 300],
      ['strategy-agent', 1000],
    ]);
    expect(u.byDay.map((d) => [d.day, d.calls, d.cachedHits, d.refused])).toEqual([
      ['2025-07-01', 2, 0, 0],
      ['2025-07-02', 1, 1, 0],
      ['2025-07-03', 0, 0, 1],
    ]);
  });

  it('migrates down cleanly', async () => {
    const other = await createTestDatabase('ai_down');
    const d2 = await migratedAiDataSource(other.url);
    await d2.undoLastMigration();
    const schemas = await d2.query(`select schema_name from information_schema.schemata where schema_name = 'ai'`);
    expect(schemas).toEqual([]);
    await d2.destroy();
    await other.drop();
  });
});
