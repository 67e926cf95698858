import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Schema `ai`: the AI call log, per-brand budgets and the answer cache. Plain SQL that also runs on
 * PGlite. Every agent that calls AI runs this migration with its own (its migrations table is in
 * its schema), so it is idempotent and serialised by an advisory lock: the first agent creates the
 * schema, the others find it (ADR 006).
 */
export class AiSchema1732350000000 implements MigrationInterface {
  name = 'AiSchema1732350000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`select pg_advisory_xact_lock(7316001)`);
    await q.query(`create schema if not exists ai`);
    await q.query(`
      create table if not exists ai.ai_log (
        id uuid primary key default gen_random_uuid(),
        agent text not null,
        task text not null,
        brand_id text not null,
        job_id text,
        provider text not null,
        model text not null,
        attempt int not null,
        tokens_in int not null default 0,
        tokens_out int not null default 0,
        latency_ms int not null default 0,
        cost_usd numeric(14, 8) not null default 0,
        outcome text not null check (outcome in ('succeeded', 'failed', 'cached', 'refused')),
        error_code text,
        injection_flag boolean not null default false,
        prompt text,
        created_at timestamptz not null default now()
      )`);
    await q.query(`create index if not exists ai_log_brand_id_idx on ai.ai_log (brand_id)`);
    await q.query(`create index if not exists ai_log_created_at_idx on ai.ai_log (created_at)`);
    await q.query(`
      create table if not exists ai.ai_budget (
        brand_id text primary key,
        monthly_limit_usd numeric(12, 4) not null check (monthly_limit_usd >= 0)
      )`);
    await q.query(`
      create table if not exists ai.ai_cache (
        key text primary key,
        task text not null,
        result jsonb not null,
        created_at timestamptz not null default now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop table if exists ai.ai_cache`);
    await q.query(`drop table if exists ai.ai_budget`);
    await q.query(`drop table if exists ai.ai_log`);
    await q.query(`drop schema if exists ai`);
  }
}

export const AI_MIGRATIONS = [AiSchema1732350000000];
