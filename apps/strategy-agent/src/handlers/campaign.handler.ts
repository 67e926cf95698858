import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  CAMPAIGN_TASKS,
  type CreateCampaignPayload,
  type DeleteCampaignPayload,
  type GetCampaignPayload,
  type ListCampaignsPayload,
  OnTask,
  type TaskEnvelope,
  type UpdateCampaignPayload,
} from '@mt/messages';
import { CampaignService } from '../services/campaign.service';

/** Commands check brand access before they open their transaction (it may ask brand-agent). */
@Controller()
export class CampaignHandler {
  constructor(private readonly campaigns: CampaignService) {}

  @OnTask(CAMPAIGN_TASKS.create, { manualTransaction: true })
  create(@Payload() t: TaskEnvelope<CreateCampaignPayload>) {
    return this.campaigns.create(t.payload.actor, t.payload.brandId, t.payload.campaign);
  }

  @OnTask(CAMPAIGN_TASKS.list, { query: true })
  list(@Payload() t: TaskEnvelope<ListCampaignsPayload>) {
    return this.campaigns.list(t.payload.actor, t.payload.brandId, t.payload.page.limit, t.payload.page.cursor);
  }

  @OnTask(CAMPAIGN_TASKS.get, { query: true })
  get(@Payload() t: TaskEnvelope<GetCampaignPayload>) {
    return this.campaigns.get(t.payload.actor, t.payload.campaignId);
  }

  @OnTask(CAMPAIGN_TASKS.update, { manualTransaction: true })
  update(@Payload() t: TaskEnvelope<UpdateCampaignPayload>) {
    return this.campaigns.update(t.payload.actor, t.payload.campaignId, t.payload.changes);
  }

  @OnTask(CAMPAIGN_TASKS.delete, { manualTransaction: true })
  remove(@Payload() t: TaskEnvelope<DeleteCampaignPayload>) {
    return this.campaigns.remove(t.payload.actor, t.payload.campaignId);
  }
}
