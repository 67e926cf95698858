import { Injectable } from '@nestjs/common';
import { type Actor, type Campaign, CAMPAIGN_TASKS, MeshClient, MeshError } from '@mt/messages';
import type { CampaignReplicaEntity } from '../../replicas/replicas.entities';
import { CampaignReplicaRepository } from '../../replicas/campaign-replica.repository';

const notFound = () => new MeshError('NOT_FOUND', 'No such campaign', { status: 404, retryable: false });

/**
 * What the performance part knows of campaigns (strategy-agent's events). A campaign created a
 * moment ago may not have reached the replica yet: outside a transaction a miss asks
 * strategy-agent, which checks the caller's access as it answers.
 */
@Injectable()
export class CampaignCopyService {
  constructor(
    private readonly copies: CampaignReplicaRepository,
    private readonly mesh: MeshClient,
  ) {}

  record(campaign: Campaign): Promise<void> {
    return this.copies.upsert(campaign);
  }

  remove(campaignId: string): Promise<void> {
    return this.copies.markDeleted(campaignId);
  }

  /** The live campaign; NOT_FOUND when deleted or unknown to strategy-agent. Call outside a transaction. */
  async resolve(actor: Actor, campaignId: string): Promise<CampaignReplicaEntity> {
    const local = await this.copies.find(campaignId);
    if (local?.deletedAt) throw notFound();
    if (local) return local;
    const campaign = await this.mesh.request(CAMPAIGN_TASKS.get, { actor, campaignId });
    await this.copies.upsert(campaign);
    const copy = await this.copies.find(campaignId);
    if (!copy || copy.deletedAt) throw notFound();
    return copy;
  }
}
