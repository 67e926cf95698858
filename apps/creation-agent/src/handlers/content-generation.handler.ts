import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  CAMPAIGN_EVENTS,
  type CampaignPlannedEvent,
  CONTENT_TASKS,
  type EventEnvelope,
  type GenerateContentInput,
  type GenerateEntryTask,
  type JobTask,
  OnEvent,
  OnTask,
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

  @OnEvent(CAMPAIGN_EVENTS.planned)
  planned(@Payload() e: EventEnvelope<CampaignPlannedEvent>) {
    return this.entries.onPlanned(e.payload);
  }

  @OnTask(CONTENT_TASKS.generateEntry, { manualTransaction: true })
  generateEntry(@Payload() t: TaskEnvelope<GenerateEntryTask>) {
    return this.entries.generateEntry(t.payload);
  }

  @OnTask(CONTENT_TASKS.generate, { manualTransaction: true })
  generate(@Payload() t: TaskEnvelope<JobTask<GenerateContentInput>>) {
    return this.jobs.run(t);
  }
}
