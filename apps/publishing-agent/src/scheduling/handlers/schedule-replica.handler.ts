import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  type CalendarEntryMovedEvent,
  CAMPAIGN_EVENTS,
  type CampaignPlannedEvent,
  type ConnectionChangedEvent,
  type EventEnvelope,
  OnEvent,
  PUBLISHING_EVENTS,
} from '@mt/messages';
import { ScheduleReplicaRepository } from '../../replicas/schedule-replica.repository';
import { ContentCopyService } from '../services/content-copy.service';

/** Feeds the replicas the scheduling part decides with inside event handlers (ADR 076). */
@Controller()
export class ScheduleReplicaHandler {
  constructor(
    private readonly replica: ScheduleReplicaRepository,
    private readonly copies: ContentCopyService,
  ) {}

  @OnEvent(CAMPAIGN_EVENTS.planned)
  planned(@Payload() e: EventEnvelope<CampaignPlannedEvent>) {
    return this.copies.planned(e.payload.entries);
  }

  @OnEvent(CAMPAIGN_EVENTS.entryMoved)
  entryMoved(@Payload() e: EventEnvelope<CalendarEntryMovedEvent>) {
    return this.copies.entryMoved(e.payload.entry, e.payload.previous.scheduledAt);
  }

  @OnEvent(PUBLISHING_EVENTS.connectionChanged)
  connectionChanged(@Payload() e: EventEnvelope<ConnectionChangedEvent>) {
    return this.replica.recordConnection(e.payload.connection);
  }
}
