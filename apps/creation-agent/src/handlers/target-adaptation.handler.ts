import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { type AdaptTargetsInput, CONTENT_TASKS, type JobTask, OnTask, type TaskEnvelope } from '@mt/messages';
import { TargetAdaptationService } from '../services/target-adaptation.service';

@Controller()
export class TargetAdaptationHandler {
  constructor(private readonly adaptation: TargetAdaptationService) {}

  @OnTask(CONTENT_TASKS.adaptTargets, { manualTransaction: true })
  adapt(@Payload() t: TaskEnvelope<JobTask<AdaptTargetsInput>>) {
    return this.adaptation.run(t);
  }
}
