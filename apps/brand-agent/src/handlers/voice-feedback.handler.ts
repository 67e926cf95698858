import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  type AbTestConcludedEvent,
  CONTENT_EVENTS,
  type ContentApprovedEvent,
  type ContentDeletedEvent,
  type ContentUpdatedEvent,
  type EventEnvelope,
  OnEvent,
  PUBLISHING_EVENTS,
} from '@mt/messages';
import { VoiceFeedbackService } from '../services/voice-feedback.service';

/**
 * The learning loop's inputs. Each runs in the batch transaction: no AI here (voice-learning.ts is deterministic).
 * Each record carries the moment its event happened (`source_timestamp`): two events may be handled in
 * concurrent batches, so the order of handling is not the order of the edits.
 */
@Controller()
export class VoiceFeedbackHandler {
  constructor(private readonly feedback: VoiceFeedbackService) {}

  @OnEvent(CONTENT_EVENTS.approved)
  approved(@Payload() event: EventEnvelope<ContentApprovedEvent>): Promise<void> {
    return this.feedback.approved(event.payload, event.source_timestamp);
  }

  @OnEvent(CONTENT_EVENTS.updated)
  updated(@Payload() event: EventEnvelope<ContentUpdatedEvent>): Promise<void> {
    return this.feedback.updated(event.payload, event.source_timestamp);
  }

  @OnEvent(CONTENT_EVENTS.deleted)
  deleted(@Payload() event: EventEnvelope<ContentDeletedEvent>): Promise<void> {
    return this.feedback.deleted(event.payload, event.source_timestamp);
  }

  @OnEvent(PUBLISHING_EVENTS.abTestConcluded)
  abTestConcluded(@Payload() event: EventEnvelope<AbTestConcludedEvent>): Promise<void> {
    return this.feedback.abTestConcluded(event.payload, event.source_timestamp);
  }
}
