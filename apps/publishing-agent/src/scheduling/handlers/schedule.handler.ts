import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  type ListSchedulePayload,
  OnTask,
  PUBLISHING_TASKS,
  type PublishNowPayload,
  type SchedulePayload,
  type TaskEnvelope,
  type UnschedulePayload,
} from '@mt/messages';
import { ScheduleService } from '../services/schedule.service';
import { TargetsService } from '../services/targets.service';

/**
 * Commands check access and ask the channels part about connections before their transaction.
 * Schedule and publish go through TargetsService: a post with targets goes to them (ADR 186).
 */
@Controller()
export class ScheduleHandler {
  constructor(
    private readonly schedule: ScheduleService,
    private readonly targets: TargetsService,
  ) {}

  @OnTask(PUBLISHING_TASKS.schedule, { manualTransaction: true })
  create(@Payload() t: TaskEnvelope<SchedulePayload>) {
    return this.targets.scheduleOrPublish(t.payload.actor, t.payload.contentId, t.payload.at, t.payload.connectionIds);
  }

  @OnTask(PUBLISHING_TASKS.publishNow, { manualTransaction: true })
  publishNow(@Payload() t: TaskEnvelope<PublishNowPayload>) {
    return this.targets.scheduleOrPublish(t.payload.actor, t.payload.contentId, null, t.payload.connectionIds);
  }

  @OnTask(PUBLISHING_TASKS.unschedule, { manualTransaction: true })
  unschedule(@Payload() t: TaskEnvelope<UnschedulePayload>) {
    return this.schedule.unschedule(t.payload.actor, t.payload.contentId);
  }

  @OnTask(PUBLISHING_TASKS.listSchedule, { query: true })
  list(@Payload() t: TaskEnvelope<ListSchedulePayload>) {
    return this.schedule.list(t.payload.actor, t.payload.brandId, t.payload.from, t.payload.to);
  }
}
