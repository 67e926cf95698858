import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { PUBLISHING_TASKS, type PublishingSettingsPayload, type TaskEnvelope, type UpdatePublishingSettingsPayload } from '@mt/messages';
import { PublishingSettingsService } from '../services/publishing-settings.service';

@Controller()
export class PublishingSettingsHandler {
  constructor(private readonly settings: PublishingSettingsService) {}

  @MessagePattern(PUBLISHING_TASKS.publishingSettings, { query: true })
  get(@Payload() t: TaskEnvelope<PublishingSettingsPayload>) {
    return this.settings.get(t.payload.actor, t.payload.brandId);
  }

  @MessagePattern(PUBLISHING_TASKS.updatePublishingSettings, { manualTransaction: true })
  update(@Payload() t: TaskEnvelope<UpdatePublishingSettingsPayload>) {
    return this.settings.update(t.payload.actor, t.payload.brandId, t.payload.autoApprove, t.payload.timezone);
  }
}
