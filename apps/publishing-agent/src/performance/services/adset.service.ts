import { Injectable } from '@nestjs/common';
import {
  type Actor,
  type AdSet,
  type AdSetInput,
  type AdSetStatus,
  checkedByShape,
  CreateAdSetShape,
  MeshError,
  type PacingFlag,
  PUBLISHING_EVENTS,
  RecordSpendShape,
  UnitOfWork,
  type UpdateAdSetPayload,
  UpdateAdSetShape,
} from '@mt/messages';
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

const notFound = () => new MeshError('NOT_FOUND', 'No such ad set', { status: 404, retryable: false });
const invalid = (field: string, message: string) =>
  new MeshError('VALIDATION_FAILED', `${field} ${message}`, { status: 400, retryable: false, details: { errors: [{ field, message }] } });
const conflict = (message: string) => new MeshError('CONFLICT', message, { status: 409, retryable: false });

/**
 * What the fields' shapes (ADR 195, checked by `checkedByShape` for any sender, ADR 202) cannot
 * see: the ad set as it would be stored, its dates defaulting to the campaign's.
 */
function assertAdSet(v: AdSetWrite, campaign: Pick<CampaignReplicaEntity, 'startDate' | 'endDate'>): void {
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

  async create(actor: Actor, campaignId: string, sent: AdSetInput): Promise<AdSet> {
    const campaign = await this.campaigns.resolve(actor, campaignId);
    await this.requireRole(actor, campaign.brandId, 'editor', 'campaign');
    const input = checkedByShape(CreateAdSetShape, sent);
    const write: AdSetWrite = {
      name: input.name,
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

  /** The platform is the ad set's for good: a change naming it is refused (`platform: is not a known field`), as at the gateway. */
  async update(actor: Actor, adSetId: string, sent: UpdateAdSetPayload['changes']): Promise<AdSet> {
    const { campaign } = await this.load(actor, adSetId, 'editor');
    const changes = checkedByShape(UpdateAdSetShape, sent);
    return this.uow.transaction(async () => {
      const current = await this.adsets.find(adSetId, true);
      if (!current) throw notFound();
      const next: AdSetWrite = {
        name: changes.name ?? current.name,
        platform: current.platform,
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

  async recordSpend(actor: Actor, adSetId: string, sentAmount: number, sentDate: string): Promise<AdSet> {
    const { amount, date } = checkedByShape(RecordSpendShape, { amount: sentAmount, date: sentDate });
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
