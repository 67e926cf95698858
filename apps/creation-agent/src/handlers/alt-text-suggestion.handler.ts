import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { CONTENT_TASKS, OnTask, type SuggestAltTextInput, type TaskEnvelope } from '@mt/messages';
import { AltTextSuggestionService } from '../services/alt-text-suggestion.service';

@Controller()
export class AltTextSuggestionHandler {
  constructor(private readonly suggestions: AltTextSuggestionService) {}

  /** Writes nothing but the AI log (its own store): a query. */
  @OnTask(CONTENT_TASKS.suggestAltText, { query: true })
  suggest(@Payload() t: TaskEnvelope<SuggestAltTextInput>) {
    return this.suggestions.suggest(t.payload);
  }
}
