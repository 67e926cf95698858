import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { OnTask, PUBLISHING_TASKS, type PublishingSettingsPayload, type TaskEnvelope, type UpdatePublishingSettingsPayload } from '@mt/messages';
import { PublishingSettingsService } from '../services/publishing-settings.service';

@Controller()
export class PublishingSettingsHandler {
  constructor(private readonly settings: PublishingSettingsService) {}

  @OnTask(PUBLISHING_TASKS.publishingSettings, { query: true })
  get(@Payload() t: TaskEnvelope<PublishingSettingsPayload>) {
    return this.settings.get(t.payload.actor, t.payload.brandId);
  }

  @OnTask(PUBLISHING_TASKS.updatePublishingSettings, { manualTransaction: true })
  update(@Payload() t: TaskEnvelope<UpdatePublishingSettingsPayload>) {
    const { actor, brandId, ...input } = t.payload;
    return this.settings.update(actor, brandId, input);
  }
}
