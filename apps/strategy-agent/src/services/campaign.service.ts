import { Injectable } from '@nestjs/common';
import {
  type Actor,
  type Campaign,
  CAMPAIGN_EVENTS,
  type CampaignInput,
  CampaignInputShape,
  type CampaignPage,
  checkedByShape,
  onTheList,
  UnitOfWork,
} from '@mt/messages';
import { decodeCursor, pageSize, toPage } from '@mt/runtime';
import { BrandAccessService } from '@mt/replicas';
import type { CampaignEntity } from '../entities/campaign.entity';
import { CampaignRepository } from '../repositories/campaign.repository';
import { CampaignAccessService, campaignNotFound as notFound } from './campaign-access.service';

/**
 * The campaign rules, on the whole campaign after a create or a change is applied: the gateway's own
 * shape (ADR 182, ADR 202), a list's bad item reported on the list and each field once per message,
 * as the gateway reports them. A change is checked here on the result, so an end before the stored
 * start is refused here, not at the gateway.
 */
const assertCampaign = (campaign: CampaignInput): void => void checkedByShape(CampaignInputShape, campaign, { field: onTheList, separator: ': ' });

/**
 * Campaign CRUD. Access is checked before any transaction opens (it may ask brand-agent), then
 * the change and its event commit together.
 */
@Injectable()
export class CampaignService {
  constructor(
    private readonly campaigns: CampaignRepository,
    private readonly access: BrandAccessService,
    private readonly campaignAccess: CampaignAccessService,
    private readonly uow: UnitOfWork,
  ) {}

  async create(actor: Actor, brandId: string, input: CampaignInput): Promise<Campaign> {
    await this.access.require(actor, brandId, 'editor');
    assertCampaign(input);
    return this.uow.transaction(async () => {
      const saved = await this.campaigns.insert({
        brandId,
        name: input.name.trim(),
        goal: input.goal.trim(),
        startDate: input.startDate,
        endDate: input.endDate,
        platforms: input.platforms,
        postsPerWeek: input.postsPerWeek,
        budget: input.budget === undefined || input.budget === null ? null : String(input.budget),
        status: 'draft',
        createdBy: actor.userId,
      });
      const campaign = toCampaign(saved);
      this.uow.publishEvent(CAMPAIGN_EVENTS.created, campaign);
      return campaign;
    });
  }

  async list(actor: Actor, brandId: string, limit: number, cursor?: string | null): Promise<CampaignPage> {
    await this.access.require(actor, brandId, 'viewer');
    const size = pageSize(limit);
    const rows = await this.campaigns.listByBrand(brandId, size + 1, decodeCursor(cursor));
    return toPage(rows, size, toCampaign);
  }

  async get(actor: Actor, campaignId: string): Promise<Campaign> {
    return toCampaign(await this.load(actor, campaignId, 'viewer'));
  }

  async update(actor: Actor, campaignId: string, changes: Partial<CampaignInput>): Promise<Campaign> {
    const current = await this.load(actor, campaignId, 'editor');
    const next: CampaignInput = { ...fromEntity(current), ...changes };
    assertCampaign(next);
    return this.uow.transaction(async () => {
      const fresh = await this.campaigns.findLive(campaignId);
      if (!fresh || fresh.brandId !== current.brandId) throw notFound();
      Object.assign(fresh, {
        name: next.name.trim(),
        goal: next.goal.trim(),
        startDate: next.startDate,
        endDate: next.endDate,
        platforms: next.platforms,
        postsPerWeek: next.postsPerWeek,
        budget: next.budget === undefined || next.budget === null ? null : String(next.budget),
      });
      const campaign = toCampaign(await this.campaigns.save(fresh));
      this.uow.publishEvent(CAMPAIGN_EVENTS.updated, campaign);
      return campaign;
    });
  }

  async remove(actor: Actor, campaignId: string): Promise<void> {
    const current = await this.load(actor, campaignId, 'editor');
    await this.uow.transaction(async () => {
      const fresh = await this.campaigns.findLive(campaignId);
      if (!fresh || fresh.brandId !== current.brandId) throw notFound();
      fresh.deletedAt = new Date();
      await this.campaigns.save(fresh);
      this.uow.publishEvent(CAMPAIGN_EVENTS.deleted, { campaignId, brandId: fresh.brandId });
    });
  }

  /** The campaign, if the actor has at least `role` on its brand; 404 when they have none. */
  private load(actor: Actor, campaignId: string, role: 'viewer' | 'editor'): Promise<CampaignEntity> {
    return this.campaignAccess.load(actor, campaignId, role);
  }
}

function fromEntity(e: CampaignEntity): CampaignInput {
  return {
    name: e.name,
    goal: e.goal,
    startDate: e.startDate,
    endDate: e.endDate,
    platforms: e.platforms,
    postsPerWeek: e.postsPerWeek,
    budget: e.budget === null ? null : Number(e.budget),
  };
}

export function toCampaign(e: CampaignEntity): Campaign {
  return {
    id: e.id,
    brandId: e.brandId,
    ...fromEntity(e),
    budget: e.budget === null ? null : Number(e.budget),
    status: e.status,
    createdAt: e.createdAt.toISOString(),
    updatedAt: e.updatedAt.toISOString(),
  };
}
