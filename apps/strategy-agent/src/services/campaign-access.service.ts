import { Injectable } from '@nestjs/common';
import { type Actor, type AuthorizeAnswer, type AuthorizePayload, MeshError } from '@mt/messages';
import { BrandAccessService } from '@mt/replicas';
import type { CampaignEntity } from '../entities/campaign.entity';
import { CampaignRepository } from '../repositories/campaign.repository';

export const campaignNotFound = () => new MeshError('NOT_FOUND', 'No such campaign', { status: 404, retryable: false });

/**
 * A campaign the actor may act on, found before any transaction opens (the access check may ask
 * brand-agent). A campaign of a brand the actor has no role in is "not found", never "forbidden".
 */
@Injectable()
export class CampaignAccessService {
  constructor(
    private readonly campaigns: CampaignRepository,
    private readonly access: BrandAccessService,
  ) {}

  async load(actor: Actor, campaignId: string, role: 'viewer' | 'editor' | 'owner'): Promise<CampaignEntity> {
    const c = await this.campaigns.findLive(campaignId);
    if (!c) throw campaignNotFound();
    try {
      await this.access.require(actor, c.brandId, role);
    } catch (err) {
      if (err instanceof MeshError && err.code === 'NOT_FOUND') throw campaignNotFound();
      throw err;
    }
    return c;
  }

  /** The gateway's check before it starts a job, so a refusal is an HTTP answer, not a failed job. */
  async authorize(p: AuthorizePayload): Promise<AuthorizeAnswer> {
    if (p.campaignId) {
      const c = await this.load(p.actor, p.campaignId, p.role);
      return { brandId: c.brandId, campaignId: c.id };
    }
    if (!p.brandId) throw new MeshError('VALIDATION_FAILED', 'campaignId or brandId is required', { status: 400, retryable: false });
    await this.access.require(p.actor, p.brandId, p.role);
    return { brandId: p.brandId, campaignId: null };
  }
}
