import { Module } from '@nestjs/common';
import { RUNTIME, type Runtime } from '@mt/runtime';
import { ContentCopyHandler } from './handlers/content-copy.handler';
import { PublishingSettingsHandler } from './handlers/publishing-settings.handler';
import { ScheduleReplicaHandler } from './handlers/schedule-replica.handler';
import { ScheduleHandler } from './handlers/schedule.handler';
import { WebhookDeliveryHandler } from './handlers/webhook-delivery.handler';
import { WebhookSubscriptionHandler } from './handlers/webhook-subscription.handler';
import { ContentCopyRepository } from './repositories/content-copy.repository';
import { PublishingSettingsRepository } from './repositories/publishing-settings.repository';
import { ScheduleItemRepository } from './repositories/schedule-item.repository';
import { ScheduleReplicaRepository } from './repositories/schedule-replica.repository';
import { WebhookDeliveryRepository } from './repositories/webhook-delivery.repository';
import { WebhookSubscriptionRepository } from './repositories/webhook-subscription.repository';
import { ContentCopyService } from './services/content-copy.service';
import { PublishFollowUps } from './services/publish-follow-ups';
import { PublishRunnerService } from './services/publish-runner.service';
import { PublishingSettingsService } from './services/publishing-settings.service';
import { ScheduleChannels } from './services/schedule-channels';
import { ScheduleService } from './services/schedule.service';
import { SchedulerService } from './services/scheduler.service';
import { loadSchedulerSettings, SCHEDULER_SETTINGS } from './services/scheduler-settings';
import { SchedulerWakeup } from './services/scheduler-wakeup';
import { WebhookDelivererService } from './services/webhook-deliverer.service';
import { WebhookDeliveryService } from './services/webhook-delivery.service';
import { WebhookSubscriptionService } from './services/webhook-subscription.service';
import { WEBHOOK_SECRET_CIPHER, webhookSecretCipher } from './services/webhook-subscription-secrets';

/**
 * publishing-agent: schedules, exactly-once publishing, outbound webhooks.
 * Exports ScheduleService (see `scheduleVariant`, used by the A/B tests) and PublishingSettingsService.
 */
@Module({
  controllers: [ContentCopyHandler, ScheduleReplicaHandler, ScheduleHandler, PublishingSettingsHandler, WebhookSubscriptionHandler, WebhookDeliveryHandler],
  providers: [
    { provide: SCHEDULER_SETTINGS, inject: [RUNTIME], useFactory: (runtime: Runtime) => loadSchedulerSettings(runtime.config.settings) },
    { provide: WEBHOOK_SECRET_CIPHER, inject: [RUNTIME], useFactory: webhookSecretCipher },
    ContentCopyRepository,
    PublishingSettingsRepository,
    ScheduleItemRepository,
    ScheduleReplicaRepository,
    WebhookDeliveryRepository,
    WebhookSubscriptionRepository,
    ContentCopyService,
    PublishFollowUps,
    PublishRunnerService,
    PublishingSettingsService,
    ScheduleChannels,
    ScheduleService,
    SchedulerService,
    SchedulerWakeup,
    WebhookDelivererService,
    WebhookDeliveryService,
    WebhookSubscriptionService,
  ],
  exports: [ScheduleService, PublishingSettingsService],
})
export class SchedulingModule {}
