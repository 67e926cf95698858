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
import { ContentCopyService } from '../services/content-copy.service';

/** creation-agent's content events: publishing-agent keeps its own copy of what it may publish. */
@Controller()
export class ContentCopyHandler {
  constructor(private readonly copies: ContentCopyService) {}

  @OnEvent(CONTENT_EVENTS.created)
  created(@Payload() e: EventEnvelope<ContentCreatedEvent>) {
    return this.copies.created(e.payload.content);
  }

  @OnEvent(CONTENT_EVENTS.approved)
  approved(@Payload() e: EventEnvelope<ContentApprovedEvent>) {
    return this.copies.approved(e.payload.content);
  }

  @OnEvent(CONTENT_EVENTS.updated)
  updated(@Payload() e: EventEnvelope<ContentUpdatedEvent>) {
    return this.copies.updated(e.payload.content);
  }

  @OnEvent(CONTENT_EVENTS.deleted)
  deleted(@Payload() e: EventEnvelope<ContentDeletedEvent>) {
    return this.copies.deleted(e.payload.contentId, e.payload.brandId);
  }
}
