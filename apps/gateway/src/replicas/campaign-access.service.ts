import { Injectable } from '@nestjs/common';
import { type AuthorizePayload, CAMPAIGN_TASKS, MeshClient, MeshError } from '@mt/messages';
import { BrandAccessService } from '@mt/replicas';
import type { Caller } from '../http/caller';
import { CampaignReplicaRepository } from './campaign-replica.repository';

const campaignNotFound = () => new MeshError('NOT_FOUND', 'No such campaign', { status: 404, retryable: false });

/**
 * The caller's right to act on a campaign, checked by the gateway before a job starts (ADR 185):
 * the campaign's brand from the campaign replica, the caller's role on it from the brand-access
 * replica — the answers strategy-agent's `strategy.authorize` gives (a campaign of a brand the
 * caller has no role in is "not found", a weaker role "forbidden"), without asking it. A campaign
 * the replica has not heard of (created a moment ago, or before the replica existed) is asked of
 * strategy-agent as before, and its answer remembered. The job's own task checks again in
 * strategy-agent, the authority.
 */
@Injectable()
export class CampaignAccessCheck {
  constructor(
    private readonly campaigns: CampaignReplicaRepository,
    private readonly access: BrandAccessService,
    private readonly mesh: MeshClient,
  ) {}

  /** The campaign's brand id, or NOT_FOUND / FORBIDDEN as strategy-agent would answer. */
  async brandOf(caller: Caller, campaignId: string, role: AuthorizePayload['role']): Promise<string> {
    const known = await this.campaigns.find(campaignId);
    if (!known) {
      const { brandId } = await this.mesh.request(CAMPAIGN_TASKS.authorize, { actor: caller.actor, role, campaignId }, caller);
      await this.campaigns.remember(campaignId, brandId);
      return brandId;
    }
    if (known.deleted) throw campaignNotFound();
    try {
      await this.access.require(caller.actor, known.brandId, role);
    } catch (err) {
      if (err instanceof MeshError && err.code === 'NOT_FOUND') throw campaignNotFound();
      throw err;
    }
    return known.brandId;
  }
}
