import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  type CreateAdSetPayload,
  type ListAdSetsPayload,
  OnTask,
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

  @OnTask(PUBLISHING_TASKS.createAdSet, { manualTransaction: true })
  create(@Payload() t: TaskEnvelope<CreateAdSetPayload>) {
    return this.adsets.create(t.payload.actor, t.payload.campaignId, t.payload.adSet);
  }

  @OnTask(PUBLISHING_TASKS.listAdSets, { query: true })
  list(@Payload() t: TaskEnvelope<ListAdSetsPayload>) {
    return this.adsets.list(t.payload.actor, t.payload.campaignId);
  }

  @OnTask(PUBLISHING_TASKS.updateAdSet, { manualTransaction: true })
  update(@Payload() t: TaskEnvelope<UpdateAdSetPayload>) {
    return this.adsets.update(t.payload.actor, t.payload.adSetId, t.payload.changes);
  }

  @OnTask(PUBLISHING_TASKS.recordAdSpend, { manualTransaction: true })
  spend(@Payload() t: TaskEnvelope<RecordAdSpendPayload>) {
    return this.adsets.recordSpend(t.payload.actor, t.payload.adSetId, t.payload.amount, t.payload.date);
  }
}
