import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  BRAND_TASKS,
  type GetVoicePayload,
  type JobTask,
  type LearnVoiceInput,
  type ListVoiceFeedbackPayload,
  type ListVoiceVersionsPayload,
  OnTask,
  type TaskEnvelope,
  type VoiceFeedbackPage,
  type VoiceProfile,
  type VoiceProfileVersionPage,
} from '@mt/messages';
import { VoiceFeedbackService } from '../services/voice-feedback.service';
import { VoiceService } from '../services/voice.service';

/** The voice job (AI outside the transaction: manualTransaction), the profile and the learning loop's record. */
@Controller()
export class VoiceHandler {
  constructor(
    private readonly voice: VoiceService,
    private readonly feedback: VoiceFeedbackService,
  ) {}

  @OnTask(BRAND_TASKS.learnVoice, { manualTransaction: true })
  learn(@Payload() task: TaskEnvelope<JobTask<LearnVoiceInput>>): Promise<VoiceProfile | undefined> {
    return this.voice.learn(task);
  }

  @OnTask(BRAND_TASKS.getVoice, { query: true })
  get(@Payload() task: TaskEnvelope<GetVoicePayload>): Promise<VoiceProfile> {
    return this.voice.get(task.payload.actor, task.payload.brandId);
  }

  @OnTask(BRAND_TASKS.listVoiceVersions, { query: true })
  versions(@Payload() task: TaskEnvelope<ListVoiceVersionsPayload>): Promise<VoiceProfileVersionPage> {
    return this.voice.versions(task.payload.actor, task.payload.brandId, task.payload.page);
  }

  @OnTask(BRAND_TASKS.listVoiceFeedback, { query: true })
  feedbackList(@Payload() task: TaskEnvelope<ListVoiceFeedbackPayload>): Promise<VoiceFeedbackPage> {
    const { actor, brandId, kind, page } = task.payload;
    return this.feedback.list(actor, brandId, kind, page);
  }
}
