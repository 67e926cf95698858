import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { type CalendarPayload, CAMPAIGN_TASKS, type MoveEntryPayload, OnTask, type TaskEnvelope } from '@mt/messages';
import { CalendarService } from '../services/calendar.service';

@Controller()
export class CalendarHandler {
  constructor(private readonly calendar: CalendarService) {}

  @OnTask(CAMPAIGN_TASKS.calendar, { query: true })
  get(@Payload() t: TaskEnvelope<CalendarPayload>) {
    return this.calendar.calendar(t.payload.actor, t.payload.campaignId, { from: t.payload.from, to: t.payload.to });
  }

  @OnTask(CAMPAIGN_TASKS.moveEntry, { manualTransaction: true })
  move(@Payload() t: TaskEnvelope<MoveEntryPayload>) {
    return this.calendar.move(t.payload);
  }
}
