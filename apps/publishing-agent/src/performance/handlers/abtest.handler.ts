import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { type CreateAbTestPayload, type GetAbTestPayload, type ListAbTestsPayload, OnTask, PUBLISHING_TASKS, type TaskEnvelope } from '@mt/messages';
import { AbTestService } from '../services/abtest.service';

@Controller()
export class AbTestHandler {
  constructor(private readonly abtests: AbTestService) {}

  /** Asks the scheduling part (and maybe brand-agent) before it writes: its own transaction. */
  @OnTask(PUBLISHING_TASKS.createAbTest, { manualTransaction: true })
  create(@Payload() t: TaskEnvelope<CreateAbTestPayload>) {
    const p = t.payload;
    return this.abtests.create(p.actor, p.contentId, p.variantIds, p.connectionId, p.at);
  }

  @OnTask(PUBLISHING_TASKS.listAbTests, { query: true })
  list(@Payload() t: TaskEnvelope<ListAbTestsPayload>) {
    return this.abtests.listForContent(t.payload.actor, t.payload.contentId);
  }

  @OnTask(PUBLISHING_TASKS.getAbTest, { query: true })
  get(@Payload() t: TaskEnvelope<GetAbTestPayload>) {
    return this.abtests.get(t.payload.actor, t.payload.abTestId);
  }
}
