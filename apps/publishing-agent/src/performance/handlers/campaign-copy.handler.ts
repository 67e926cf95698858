import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { type Campaign, CAMPAIGN_EVENTS, type EventEnvelope, OnEvent } from '@mt/messages';
import { CampaignCopyService } from '../services/campaign-copy.service';

/** Keeps the replica of campaigns ad sets need (brand, dates). */
@Controller()
export class CampaignCopyHandler {
  constructor(private readonly campaigns: CampaignCopyService) {}

  @OnEvent(CAMPAIGN_EVENTS.created)
  created(@Payload() e: EventEnvelope<Campaign>) {
    return this.campaigns.record(e.payload);
  }

  @OnEvent(CAMPAIGN_EVENTS.updated)
  updated(@Payload() e: EventEnvelope<Campaign>) {
    return this.campaigns.record(e.payload);
  }

  /** strategy-agent announces a deletion as {campaignId, brandId}; a full Campaign is accepted too. */
  @OnEvent(CAMPAIGN_EVENTS.deleted)
  deleted(@Payload() e: EventEnvelope<{ campaignId?: string; id?: string }>) {
    const id = e.payload.campaignId ?? e.payload.id;
    return id ? this.campaigns.remove(id) : undefined;
  }
}
