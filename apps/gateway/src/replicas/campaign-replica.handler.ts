import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { ApiExcludeController } from '@nestjs/swagger';
import { type Campaign, type CampaignDeletedEvent, CAMPAIGN_EVENTS, type EventEnvelope, OnEvent } from '@mt/messages';
import { CampaignReplicaRepository } from './campaign-replica.repository';

/** Keeps the gateway's campaign replica (ADR 185) from strategy-agent's campaign events. */
@ApiExcludeController()
@Controller()
export class CampaignReplicaHandler {
  constructor(private readonly campaigns: CampaignReplicaRepository) {}

  @OnEvent(CAMPAIGN_EVENTS.created)
  created(@Payload() e: EventEnvelope<Campaign>) {
    return this.campaigns.upsert({ id: e.payload.id, brandId: e.payload.brandId, updatedAt: e.payload.updatedAt ?? e.source_timestamp });
  }

  @OnEvent(CAMPAIGN_EVENTS.updated)
  updated(@Payload() e: EventEnvelope<Campaign>) {
    return this.campaigns.upsert({ id: e.payload.id, brandId: e.payload.brandId, updatedAt: e.payload.updatedAt ?? e.source_timestamp });
  }

  @OnEvent(CAMPAIGN_EVENTS.deleted)
  deleted(@Payload() e: EventEnvelope<CampaignDeletedEvent>) {
    return this.campaigns.markDeleted(e.payload.campaignId, e.payload.brandId, e.source_timestamp);
  }
}
