import { Controller } from '@nestjs/common';
import { EventPattern, MessagePattern, Payload } from '@nestjs/microservices';
import {
  CAMPAIGN_EVENTS,
  type CampaignPlannedEvent,
  CONTENT_TASKS,
  type EventEnvelope,
  type GenerateContentInput,
  type GenerateEntryTask,
  type JobTask,
  type TaskEnvelope,
} from '@mt/messages';
import { EntryContentService } from '../services/entry-content.service';
import { GenerateJobService } from '../services/generate-job.service';

/** Generation: on every plan (event → one task per entry), and on request (a job). AI runs outside transactions. */
@Controller()
export class ContentGenerationHandler {
  constructor(
    private readonly entries: EntryContentService,
    private readonly jobs: GenerateJobService,
  ) {}

  @EventPattern(CAMPAIGN_EVENTS.planned)
  planned(@Payload() e: EventEnvelope<CampaignPlannedEvent>) {
    return this.entries.onPlanned(e.payload);
  }

  @MessagePattern(CONTENT_TASKS.generateEntry, { manualTransaction: true })
  generateEntry(@Payload() t: TaskEnvelope<GenerateEntryTask>) {
    return this.entries.generateEntry(t.payload);
  }

  @MessagePattern(CONTENT_TASKS.generate, { manualTransaction: true })
  generate(@Payload() t: TaskEnvelope<JobTask<GenerateContentInput>>) {
    return this.jobs.run(t);
  }
}
