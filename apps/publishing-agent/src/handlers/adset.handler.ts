import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  type CreateAdSetPayload,
  type ListAdSetsPayload,
  PUBLISHING_TASKS,
  type RecordAdSpendPayload,
  type TaskEnvelope,
  type UpdateAdSetPayload,
} from '@mt/messages';
import { AdSetService } from '../services/adset.service';

/** Commands check access (and may ask strategy-agent for a campaign) before their transaction. */
@Controller()
export class AdSetHandler {
  constructor(private readonly adsets: AdSetService) {}

  @MessagePattern(PUBLISHING_TASKS.createAdSet, { manualTransaction: true })
  create(@Payload() t: TaskEnvelope<CreateAdSetPayload>) {
    return this.adsets.create(t.payload.actor, t.payload.campaignId, t.payload.adSet);
  }

  @MessagePattern(PUBLISHING_TASKS.listAdSets, { query: true })
  list(@Payload() t: TaskEnvelope<ListAdSetsPayload>) {
    return this.adsets.list(t.payload.actor, t.payload.campaignId);
  }

  @MessagePattern(PUBLISHING_TASKS.updateAdSet, { manualTransaction: true })
  update(@Payload() t: TaskEnvelope<UpdateAdSetPayload>) {
    return this.adsets.update(t.payload.actor, t.payload.adSetId, t.payload.changes);
  }

  @MessagePattern(PUBLISHING_TASKS.recordAdSpend, { manualTransaction: true })
  spend(@Payload() t: TaskEnvelope<RecordAdSpendPayload>) {
    return this.adsets.recordSpend(t.payload.actor, t.payload.adSetId, t.payload.amount, t.payload.date);
  }
}
