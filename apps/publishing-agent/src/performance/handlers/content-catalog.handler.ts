import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  CONTENT_EVENTS,
  type ContentApprovedEvent,
  type ContentCreatedEvent,
  type ContentDeletedEvent,
  type ContentUpdatedEvent,
  type EventEnvelope,
  OnEvent,
} from '@mt/messages';
import { ContentCatalogService } from '../services/content-catalog.service';

/** Keeps the performance part's replica of content (topic, pillar, format, variants). */
@Controller()
export class ContentCatalogHandler {
  constructor(private readonly catalog: ContentCatalogService) {}

  @OnEvent(CONTENT_EVENTS.created)
  created(@Payload() e: EventEnvelope<ContentCreatedEvent>) {
    return this.catalog.record(e.payload.content);
  }

  @OnEvent(CONTENT_EVENTS.updated)
  updated(@Payload() e: EventEnvelope<ContentUpdatedEvent>) {
    return this.catalog.record(e.payload.content);
  }

  @OnEvent(CONTENT_EVENTS.approved)
  approved(@Payload() e: EventEnvelope<ContentApprovedEvent>) {
    return this.catalog.record(e.payload.content);
  }

  @OnEvent(CONTENT_EVENTS.deleted)
  deleted(@Payload() e: EventEnvelope<ContentDeletedEvent>) {
    return this.catalog.remove(e.payload.contentId);
  }
}
