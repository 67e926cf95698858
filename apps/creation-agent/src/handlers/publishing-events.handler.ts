import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  type ContentPublishedEvent,
  type ContentPublishFailedEvent,
  type ContentScheduledEvent,
  type ContentUnscheduledEvent,
  type EventEnvelope,
  OnEvent,
  PUBLISHING_EVENTS,
} from '@mt/messages';
import { ContentStatusService } from '../services/content-status.service';

/** publishing-agent's facts about content move its status. */
@Controller()
export class PublishingEventsHandler {
  constructor(private readonly status: ContentStatusService) {}

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
