import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { OnTask, PUBLISHING_TASKS, type QueueSuggestionsPayload, type TaskEnvelope } from '@mt/messages';
import { QueueSuggestionsService } from '../services/queue-suggestions.service';

@Controller()
export class QueueSuggestionsHandler {
  constructor(private readonly suggestions: QueueSuggestionsService) {}

  @OnTask(PUBLISHING_TASKS.queueSuggestions, { query: true })
  suggest(@Payload() t: TaskEnvelope<QueueSuggestionsPayload>) {
    return this.suggestions.suggest(t.payload.actor, t.payload.connectionId);
  }
}
