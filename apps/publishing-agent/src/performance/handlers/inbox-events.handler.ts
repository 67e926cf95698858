import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { CONTENT_EVENTS, type EventEnvelope, type InboxReplyDraftedEvent, OnEvent } from '@mt/messages';
import { InboxService } from '../services/inbox.service';

/** creation-agent's AI draft lands on its message (intent, sentiment, text). */
@Controller()
export class InboxEventsHandler {
  constructor(private readonly inbox: InboxService) {}

  @OnEvent(CONTENT_EVENTS.replyDrafted)
  drafted(@Payload() e: EventEnvelope<InboxReplyDraftedEvent>) {
    return this.inbox.storeDraft(e.payload);
  }
}
