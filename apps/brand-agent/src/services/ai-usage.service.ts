import { Injectable } from '@nestjs/common';
import {
  type Actor,
  type AiBudget,
  type AiLogPage,
  type AiUsage,
  checkedByShape,
  MeshError,
  type PageQuery,
  roleAtLeast,
  SetAiBudgetShape,
} from '@mt/messages';
import { decodeCursor, pageSize, toPage } from '@mt/runtime';
import { AiLedgerRepository } from '../repositories/ai-ledger.repository';
import { BrandRoleService } from './brand-role.service';

/** The longest usage report: a year and a day (a leap year, and a range given in local days). */
const MAX_RANGE_MS = 367 * 24 * 3600 * 1000;

export const monthStartUtc = (d: Date) => new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1));

/**
 * AI usage and budgets of a brand, read from the shared `ai` ledger (every agent's calls).
 * Viewers see calls, tokens and cost; the prompts sent (logged only with AI_LOG_PROMPTS) only
 * owners and editors — a prompt carries the brand's private material.
 */
@Injectable()
export class AiUsageService {
  constructor(
    private readonly access: BrandRoleService,
    private readonly ledger: AiLedgerRepository,
  ) {}

  /** [from, to); a date-only `to` includes that whole UTC day. Defaults: the current UTC month up to now. */
  async usage(actor: Actor, brandId: string, from?: string, to?: string): Promise<AiUsage> {
    const brand = await this.access.require(actor, brandId, 'viewer');
    const now = new Date();
    const start = from ? parseInstant('from', from) : monthStartUtc(now);
    const end = to ? parseInstant('to', to) : now;
    if (to && /^\d{4}-\d{2}-\d{2}$/.test(to)) end.setUTCDate(end.getUTCDate() + 1);
    if (end <= start) throw invalid('to', 'must be after from');
    if (end.getTime() - start.getTime() > MAX_RANGE_MS) throw invalid('to', 'the range may span at most 367 days');
    return this.ledger.ledger().usage(brand.id, start, end);
  }

  async logs(actor: Actor, brandId: string, jobId: string | undefined, page: PageQuery): Promise<AiLogPage> {
    const brand = await this.access.require(actor, brandId, 'viewer');
    const mayReadPrompts = roleAtLeast(brand.role, 'editor');
    const limit = pageSize(page?.limit);
    const rows = await this.ledger.ledger().logPage({ brandId: brand.id, ...(jobId ? { jobId } : {}) }, limit + 1, decodeCursor(page?.cursor));
    return toPage(rows, limit, (r) => ({
      id: r.id,
      agent: r.agent,
      task: r.task,
      brandId: r.brandId,
      jobId: r.jobId,
      provider: r.provider,
      model: r.model,
      attempt: r.attempt,
      tokensIn: r.tokensIn,
      tokensOut: r.tokensOut,
      latencyMs: r.latencyMs,
      costUsd: r.costUsd,
      outcome: r.outcome,
      errorCode: r.errorCode,
      injectionFlag: r.injectionFlag,
      prompt: mayReadPrompts ? r.prompt : null,
      createdAt: r.createdAt.toISOString(),
    }));
  }

  /**
   * The gateway's own question (no actor): it sends only ids of jobs it started for one token, so
   * the answer is a sum over its own work and names no brand.
   */
  async spendOfJobs(jobIds: string[], since: string): Promise<{ spentUsd: number }> {
    return { spentUsd: await this.ledger.ledger().spendOfJobs(jobIds.slice(0, 10_000), parseInstant('since', since)) };
  }

  async budget(actor: Actor, brandId: string): Promise<AiBudget> {
    const brand = await this.access.require(actor, brandId, 'viewer');
    return this.read(brand.id);
  }

  /** Owners only: the budget binds every agent's AI calls for the brand (AiService refuses over it). */
  async setBudget(actor: Actor, brandId: string, sent: unknown): Promise<AiBudget> {
    // As the gateway checks it (ADR 195), for any sender (ADR 202): USD with cents up to 1 000 000, or null.
    const { monthlyLimitUsd } = checkedByShape(SetAiBudgetShape, { monthlyLimitUsd: sent });
    const brand = await this.access.require(actor, brandId, 'owner');
    await this.ledger.ledger().setBudget(brand.id, monthlyLimitUsd);
    return this.read(brand.id);
  }

  private async read(brandId: string): Promise<AiBudget> {
    const ledger = this.ledger.ledger();
    const monthStart = monthStartUtc(new Date());
    // In turn: inside a transaction the ledger is one pg client, which runs one query at a time.
    const monthlyLimitUsd = await ledger.budgetLimit(brandId);
    const spentUsd = await ledger.spentSince(brandId, monthStart);
    return { brandId, monthlyLimitUsd, spentUsd, monthStart: monthStart.toISOString() };
  }
}

function parseInstant(field: string, value: string): Date {
  const date = /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2}))?$/.test(value) ? new Date(value) : new Date(NaN);
  if (Number.isNaN(date.getTime())) throw invalid(field, 'must be a date (2026-03-01) or an ISO 8601 instant');
  return date;
}

function invalid(field: string, message: string): MeshError {
  return new MeshError('VALIDATION_FAILED', `${field}: ${message}`, { status: 400, retryable: false, details: { errors: [{ field, message }] } });
}
