import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import {
  CONTENT_EVENTS,
  type ContentApprovedEvent,
  type ContentCreatedEvent,
  type ContentDeletedEvent,
  type ContentGenerationFailedEvent,
  type ContentPublishedEvent,
  type ContentPublishFailedEvent,
  type ContentScheduledEvent,
  type ContentUnscheduledEvent,
  type ContentUpdatedEvent,
  type EventEnvelope,
  PUBLISHING_EVENTS,
} from '@mt/messages';
import { EntryStatusService } from '../services/entry-status.service';

/** Calendar entries follow their content through creation-agent's and publishing-agent's events. */
@Controller()
export class ContentStatusHandler {
  constructor(private readonly status: EntryStatusService) {}

  @EventPattern(CONTENT_EVENTS.created)
  created(@Payload() e: EventEnvelope<ContentCreatedEvent>) {
    return this.status.contentChanged(e.payload.content);
  }

  @EventPattern(CONTENT_EVENTS.updated)
  updated(@Payload() e: EventEnvelope<ContentUpdatedEvent>) {
    return this.status.contentChanged(e.payload.content);
  }

  @EventPattern(CONTENT_EVENTS.approved)
  approved(@Payload() e: EventEnvelope<ContentApprovedEvent>) {
    return this.status.contentChanged(e.payload.content);
  }

  @EventPattern(CONTENT_EVENTS.deleted)
  deleted(@Payload() e: EventEnvelope<ContentDeletedEvent>) {
    return this.status.deleted(e.payload);
  }

  @EventPattern(CONTENT_EVENTS.generationFailed)
  generationFailed(@Payload() e: EventEnvelope<ContentGenerationFailedEvent>) {
    return this.status.generationFailed(e.payload);
  }

  @EventPattern(PUBLISHING_EVENTS.scheduled)
  scheduled(@Payload() e: EventEnvelope<ContentScheduledEvent>) {
    return this.status.scheduled(e.payload);
  }

  @EventPattern(PUBLISHING_EVENTS.unscheduled)
  unscheduled(@Payload() e: EventEnvelope<ContentUnscheduledEvent>) {
    return this.status.unscheduled(e.payload);
  }

  @EventPattern(PUBLISHING_EVENTS.published)
  published(@Payload() e: EventEnvelope<ContentPublishedEvent>) {
    return this.status.published(e.payload);
  }

  @EventPattern(PUBLISHING_EVENTS.publishFailed)
  publishFailed(@Payload() e: EventEnvelope<ContentPublishFailedEvent>) {
    return this.status.publishFailed(e.payload);
  }
}
