import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
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
  OnEvent,
  PUBLISHING_EVENTS,
} from '@mt/messages';
import { EntryStatusService } from '../services/entry-status.service';

/** Calendar entries follow their content through creation-agent's and publishing-agent's events. */
@Controller()
export class ContentStatusHandler {
  constructor(private readonly status: EntryStatusService) {}

  @OnEvent(CONTENT_EVENTS.created)
  created(@Payload() e: EventEnvelope<ContentCreatedEvent>) {
    return this.status.contentChanged(e.payload.content);
  }

  @OnEvent(CONTENT_EVENTS.updated)
  updated(@Payload() e: EventEnvelope<ContentUpdatedEvent>) {
    return this.status.contentChanged(e.payload.content);
  }

  @OnEvent(CONTENT_EVENTS.approved)
  approved(@Payload() e: EventEnvelope<ContentApprovedEvent>) {
    return this.status.contentChanged(e.payload.content);
  }

  @OnEvent(CONTENT_EVENTS.deleted)
  deleted(@Payload() e: EventEnvelope<ContentDeletedEvent>) {
    return this.status.deleted(e.payload);
  }

  @OnEvent(CONTENT_EVENTS.generationFailed)
  generationFailed(@Payload() e: EventEnvelope<ContentGenerationFailedEvent>) {
    return this.status.generationFailed(e.payload);
  }

  @OnEvent(PUBLISHING_EVENTS.scheduled)
  scheduled(@Payload() e: EventEnvelope<ContentScheduledEvent>) {
    return this.status.scheduled(e.payload);
  }

  @OnEvent(PUBLISHING_EVENTS.unscheduled)
  unscheduled(@Payload() e: EventEnvelope<ContentUnscheduledEvent>) {
    return this.status.unscheduled(e.payload);
  }

  @OnEvent(PUBLISHING_EVENTS.published)
  published(@Payload() e: EventEnvelope<ContentPublishedEvent>) {
    return this.status.published(e.payload);
  }

  @OnEvent(PUBLISHING_EVENTS.publishFailed)
  publishFailed(@Payload() e: EventEnvelope<ContentPublishFailedEvent>) {
    return this.status.publishFailed(e.payload);
  }
}
