import { Injectable } from '@nestjs/common';
import {
  type Actor,
  type AdSet,
  type AdSetInput,
  type AdSetStatus,
  MeshError,
  type PacingFlag,
  PUBLISHING_EVENTS,
  UnitOfWork,
  type UpdateAdSetPayload,
} from '@mt/messages';
import { PLATFORM_IDS } from '@mt/ai';
import { BrandAccessService } from '@mt/replicas';
import type { AdSetEntity } from '../entities/adset.entity';
import type { CampaignReplicaEntity } from '../../replicas/replicas.entities';
import { AdSetRepository, type AdSetWrite } from '../repositories/adset.repository';
import { evaluatePacing, findingKey, money, type PacingResult, toCents } from './adset-pacing';
import { CampaignCopyService } from './campaign-copy.service';

export const ADSET_STATUSES: readonly AdSetStatus[] = ['draft', 'active', 'paused', 'completed'];
/** Allowed moves; a completed ad set is history. */
const TRANSITIONS: Record<AdSetStatus, AdSetStatus[]> = {
  draft: ['active', 'completed'],
  active: ['paused', 'completed'],
  paused: ['active', 'completed'],
  completed: [],
};
const MAX_MONEY = 10_000_000;

const notFound = () => new MeshError('NOT_FOUND', 'No such ad set', { status: 404, retryable: false });
const invalid = (field: string, message: string) =>
  new MeshError('VALIDATION_FAILED', `${field} ${message}`, { status: 400, retryable: false, details: { errors: [{ field, message }] } });
const conflict = (message: string) => new MeshError('CONFLICT', message, { status: 409, retryable: false });

function assertMoney(field: string, v: number): void {
  if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0 || v > MAX_MONEY || Math.round(v * 100) !== Math.round(v * 1e6) / 1e4) {
    throw invalid(field, `must be a positive amount with at most 2 decimals, up to ${MAX_MONEY}`);
  }
}

function assertAdSet(v: AdSetWrite, campaign: Pick<CampaignReplicaEntity, 'startDate' | 'endDate'>): void {
  if (!v.name.trim() || v.name.length > 120) throw invalid('name', 'must be 1–120 characters');
  if (!(PLATFORM_IDS as readonly string[]).includes(v.platform)) throw invalid('platform', `must be one of ${PLATFORM_IDS.join(', ')}`);
  assertMoney('dailyBudget', Number(v.dailyBudget));
  assertMoney('totalBudget', Number(v.totalBudget));
  if (toCents(v.dailyBudget) > toCents(v.totalBudget)) throw invalid('dailyBudget', 'must not exceed totalBudget');
  const start = v.startDate ?? campaign.startDate;
  const end = v.endDate ?? campaign.endDate;
  if (end < start) throw invalid('endDate', 'must not be before startDate');
}

/**
 * Ad sets of a campaign: budgets, status, spend and pacing. The ad platforms' adapters come
 * later; until then spend is recorded through the API and the same rules judge it. Every write
 * re-evaluates pacing: flags are kept on the ad set, and a flag that was not there before raises
 * `adset.pacing_alert` (so a repeated spend does not repeat the alert).
 */
@Injectable()
export class AdSetService {
  constructor(
    private readonly adsets: AdSetRepository,
    private readonly campaigns: CampaignCopyService,
    private readonly access: BrandAccessService,
    private readonly uow: UnitOfWork,
  ) {}

  async create(actor: Actor, campaignId: string, input: AdSetInput): Promise<AdSet> {
    const campaign = await this.campaigns.resolve(actor, campaignId);
    await this.requireRole(actor, campaign.brandId, 'editor', 'campaign');
    const write: AdSetWrite = {
      name: input.name.trim(),
      platform: input.platform,
      dailyBudget: String(input.dailyBudget),
      totalBudget: String(input.totalBudget),
      startDate: input.startDate ?? null,
      endDate: input.endDate ?? null,
      status: 'draft',
      flags: [],
    };
    assertAdSet(write, campaign);
    return this.uow.transaction(async () => {
      const saved = await this.adsets.insert({ ...write, campaignId, brandId: campaign.brandId, createdBy: actor.userId });
      return this.view(saved, evaluatePacing(this.pacingInput(saved, campaign, new Map())));
    });
  }

  async list(actor: Actor, campaignId: string): Promise<{ items: AdSet[]; nextCursor: null }> {
    const campaign = await this.campaigns.resolve(actor, campaignId);
    await this.requireRole(actor, campaign.brandId, 'viewer', 'campaign');
    const items: AdSet[] = [];
    for (const a of await this.adsets.listByCampaign(campaignId)) {
      items.push(this.view(a, evaluatePacing(this.pacingInput(a, campaign, await this.adsets.spendByDay(a.id)))));
    }
    return { items, nextCursor: null };
  }

  async update(actor: Actor, adSetId: string, changes: UpdateAdSetPayload['changes']): Promise<AdSet> {
    const { campaign } = await this.load(actor, adSetId, 'editor');
    return this.uow.transaction(async () => {
      const current = await this.adsets.find(adSetId, true);
      if (!current) throw notFound();
      const next: AdSetWrite = {
        name: changes.name?.trim() ?? current.name,
        platform: changes.platform ?? current.platform,
        dailyBudget: changes.dailyBudget !== undefined ? String(changes.dailyBudget) : current.dailyBudget,
        totalBudget: changes.totalBudget !== undefined ? String(changes.totalBudget) : current.totalBudget,
        startDate: changes.startDate !== undefined ? changes.startDate : current.startDate,
        endDate: changes.endDate !== undefined ? changes.endDate : current.endDate,
        status: current.status,
        flags: current.flags,
      };
      assertAdSet(next, campaign);
      if (changes.status && changes.status !== current.status) {
        if (!TRANSITIONS[current.status].includes(changes.status)) throw conflict(`An ad set cannot go from ${current.status} to ${changes.status}`);
        next.status = changes.status;
      }
      const spend = await this.adsets.spendByDay(adSetId);
      const pacing = evaluatePacing(this.pacingInput({ ...current, ...next }, campaign, spend));
      if (next.status === 'active' && pacing.exhausted) throw conflict('The total budget is spent: raise it before activating the ad set');
      return this.save(current, next, campaign, pacing);
    });
  }

  async recordSpend(actor: Actor, adSetId: string, amount: number, date: string): Promise<AdSet> {
    assertMoney('amount', amount);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(Date.parse(`${date}T00:00:00Z`))) throw invalid('date', 'must be a date (YYYY-MM-DD)');
    const { campaign } = await this.load(actor, adSetId, 'editor');
    return this.uow.transaction(async () => {
      const current = await this.adsets.find(adSetId, true);
      if (!current) throw notFound();
      if (current.status === 'completed') throw conflict('A completed ad set records no more spend');
      await this.adsets.addSpend(adSetId, date, amount.toFixed(2), actor.userId);
      const spend = await this.adsets.spendByDay(adSetId);
      const pacing = evaluatePacing(this.pacingInput(current, campaign, spend));
      return this.save(current, { ...current }, campaign, pacing);
    });
  }

  /** Writes the ad set with its current flags, pausing it when the budget is spent, and announces new flags. */
  private async save(current: AdSetEntity, next: AdSetWrite, campaign: CampaignReplicaEntity, pacing: PacingResult): Promise<AdSet> {
    const now = new Date().toISOString();
    const before = new Map(current.flags.map((f) => [findingKey(f), f]));
    const flags: PacingFlag[] = pacing.findings.map((f) => before.get(findingKey(f)) ?? { ...f, at: now });
    const status: AdSetStatus = pacing.exhausted && next.status === 'active' ? 'paused' : next.status;
    const saved = await this.adsets.update(current.id, { ...next, status, flags });
    for (const f of flags.filter((x) => !before.has(findingKey(x)))) {
      this.uow.publishEvent(PUBLISHING_EVENTS.adSetPacingAlert, {
        adSetId: saved.id,
        campaignId: saved.campaignId,
        brandId: saved.brandId,
        name: saved.name,
        kind: f.kind,
        message: f.message,
        spentTotal: Number(money(pacing.spentTotalCents)),
        totalBudget: Number(saved.totalBudget),
        at: f.at,
      });
    }
    return this.view(saved, pacing);
  }

  private pacingInput(a: Pick<AdSetEntity, 'dailyBudget' | 'totalBudget' | 'startDate' | 'endDate'>, c: CampaignReplicaEntity, spend: Map<string, number>) {
    return {
      dailyBudgetCents: toCents(a.dailyBudget),
      totalBudgetCents: toCents(a.totalBudget),
      startDate: a.startDate ?? c.startDate,
      endDate: a.endDate ?? c.endDate,
      spendByDay: spend,
    };
  }

  private view(a: AdSetEntity, p: PacingResult): AdSet {
    return {
      id: a.id,
      campaignId: a.campaignId,
      brandId: a.brandId,
      name: a.name,
      platform: a.platform,
      dailyBudget: Number(a.dailyBudget),
      totalBudget: Number(a.totalBudget),
      startDate: a.startDate,
      endDate: a.endDate,
      status: a.status,
      spentTotal: Number(money(p.spentTotalCents)),
      lastSpendDate: p.lastSpendDate,
      lastDaySpend: Number(money(p.lastDaySpendCents)),
      expectedSpend: p.expectedSpendCents === null ? null : Number(money(p.expectedSpendCents)),
      paceRatio: p.paceRatio,
      flags: a.flags,
      createdAt: a.createdAt.toISOString(),
      updatedAt: a.updatedAt.toISOString(),
    };
  }

  private async load(actor: Actor, adSetId: string, role: 'viewer' | 'editor'): Promise<{ adset: AdSetEntity; campaign: CampaignReplicaEntity }> {
    const adset = await this.adsets.find(adSetId);
    if (!adset) throw notFound();
    await this.requireRole(actor, adset.brandId, role, 'ad set');
    const campaign = await this.campaigns.resolve(actor, adset.campaignId);
    return { adset, campaign };
  }

  private async requireRole(actor: Actor, brandId: string, role: 'viewer' | 'editor', what: string): Promise<void> {
    try {
      await this.access.require(actor, brandId, role);
    } catch (err) {
      if (err instanceof MeshError && err.code === 'NOT_FOUND') throw new MeshError('NOT_FOUND', `No such ${what}`, { status: 404, retryable: false });
      throw err;
    }
  }
}
