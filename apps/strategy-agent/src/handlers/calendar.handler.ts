import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { type CalendarPayload, CAMPAIGN_TASKS, type MoveEntryPayload, type TaskEnvelope } from '@mt/messages';
import { CalendarService } from '../services/calendar.service';

@Controller()
export class CalendarHandler {
  constructor(private readonly calendar: CalendarService) {}

  @MessagePattern(CAMPAIGN_TASKS.calendar, { query: true })
  get(@Payload() t: TaskEnvelope<CalendarPayload>) {
    return this.calendar.calendar(t.payload.actor, t.payload.campaignId, { from: t.payload.from, to: t.payload.to });
  }

  @MessagePattern(CAMPAIGN_TASKS.moveEntry, { manualTransaction: true })
  move(@Payload() t: TaskEnvelope<MoveEntryPayload>) {
    return this.calendar.move(t.payload);
  }
}
