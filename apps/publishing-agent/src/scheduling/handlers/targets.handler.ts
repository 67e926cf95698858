import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { type ContentTargetsPayload, OnTask, PUBLISHING_TASKS, type SetTargetsPayload, type TargetsOfContentsPayload, type TaskEnvelope } from '@mt/messages';
import { TargetsService } from '../services/targets.service';

/** Compose once, publish to many (ADR 186). Commands check access and the connections before their transaction. */
@Controller()
export class TargetsHandler {
  constructor(private readonly targets: TargetsService) {}

  @OnTask(PUBLISHING_TASKS.setTargets, { manualTransaction: true })
  set(@Payload() t: TaskEnvelope<SetTargetsPayload>) {
    return this.targets.set(t.payload.actor, t.payload.contentId, t.payload.targets);
  }

  @OnTask(PUBLISHING_TASKS.contentTargets, { query: true })
  ofContent(@Payload() t: TaskEnvelope<ContentTargetsPayload>) {
    return this.targets.ofContent(t.payload.actor, t.payload.contentId);
  }

  @OnTask(PUBLISHING_TASKS.targetsOfContents, { query: true })
  ofContents(@Payload() t: TaskEnvelope<TargetsOfContentsPayload>) {
    return this.targets.ofContents(t.payload.actor, t.payload.contentIds);
  }
}
