import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { CONTENT_EVENTS, type EventEnvelope, type InboxReplyDraftedEvent } from '@mt/messages';
import { InboxService } from '../services/inbox.service';

/** creation-agent's AI draft lands on its message (intent, sentiment, text). */
@Controller()
export class InboxEventsHandler {
  constructor(private readonly inbox: InboxService) {}

  @EventPattern(CONTENT_EVENTS.replyDrafted)
  drafted(@Payload() e: EventEnvelope<InboxReplyDraftedEvent>) {
    return this.inbox.storeDraft(e.payload);
  }
}
