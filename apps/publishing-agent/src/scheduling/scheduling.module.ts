import { type DynamicModule, Module } from '@nestjs/common';
import { BlobStore, createBlobStore, loadMediaConfig, MEDIA_CONFIG, type MediaConfig, RUNTIME, type Runtime } from '@mt/runtime';
import { ContentCopyHandler } from './handlers/content-copy.handler';
import { PublishingSettingsHandler } from './handlers/publishing-settings.handler';
import { MediaHandler } from './handlers/media.handler';
import { QueueHandler } from './handlers/queue.handler';
import { ScheduleReplicaHandler } from './handlers/schedule-replica.handler';
import { ScheduleHandler } from './handlers/schedule.handler';
import { TargetsHandler } from './handlers/targets.handler';
import { TargetsAdaptedHandler } from './handlers/targets-adapted.handler';
import { WebhookDeliveryHandler } from './handlers/webhook-delivery.handler';
import { WebhookSubscriptionHandler } from './handlers/webhook-subscription.handler';
import { ContentReplicaRepository } from '../replicas/content-replica.repository';
import { MediaRepository } from './repositories/media.repository';
import { ContentTargetRepository } from './repositories/content-target.repository';
import { PublishingSettingsRepository } from './repositories/publishing-settings.repository';
import { QueueScheduleRepository } from './repositories/queue-schedule.repository';
import { ScheduleItemRepository } from './repositories/schedule-item.repository';
import { ScheduleReplicaRepository } from '../replicas/schedule-replica.repository';
import { ShortLinkRepository } from './repositories/short-link.repository';
import { WebhookDeliveryRepository } from './repositories/webhook-delivery.repository';
import { WebhookSubscriptionRepository } from './repositories/webhook-subscription.repository';
import { ContentCopyService } from './services/content-copy.service';
import { MediaInspector } from './services/media-inspector';
import { MediaService } from './services/media.service';
import { PostMediaService } from './services/post-media.service';
import { PostLinksService } from './services/post-links.service';
import { PublishFollowUps } from './services/publish-follow-ups';
import { PublishRunnerService } from './services/publish-runner.service';
import { PublishingMetrics } from './services/publishing-metrics';
import { PublishingSettingsService } from './services/publishing-settings.service';
import { QueueReflow } from './services/queue-reflow';
import { QueueService } from './services/queue.service';
import { ScheduleChannels } from './services/schedule-channels';
import { ScheduleService } from './services/schedule.service';
import { SchedulerService } from './services/scheduler.service';
import { loadSchedulerSettings, SCHEDULER_SETTINGS } from './services/scheduler-settings';
import { SchedulerWakeup } from './services/scheduler-wakeup';
import { TargetsService } from './services/targets.service';
import { TargetAdaptationStore } from './services/target-adaptation.store';
import { WebhookDelivererService } from './services/webhook-deliverer.service';
import { WebhookDeliveryService } from './services/webhook-delivery.service';
import { WebhookSubscriptionService } from './services/webhook-subscription.service';
import { CryptoModule } from '../crypto/crypto.module';

/**
 * publishing-agent: schedules, exactly-once publishing, outbound webhooks. Imports the channels
 * part (ChannelGateway, through ScheduleChannels) and the webhook secrets' key ring (CryptoModule).
 * Exports ScheduleService (see `scheduleVariant`, used by the A/B tests), PublishingSettingsService,
 * and PublishFollowUps, where the performance part registers its PublishedPostsTracker. Posting
 * queues (QueueService, ADR 147) live here: a queued post is a schedule item.
 */
@Module({})
export class SchedulingModule {
  static register(channels: DynamicModule): DynamicModule {
    return { module: SchedulingModule, imports: [channels, CryptoModule], ...SCHEDULING };
  }
}

const SCHEDULING = {
  controllers: [
    ContentCopyHandler,
    ScheduleReplicaHandler,
    ScheduleHandler,
    PublishingSettingsHandler,
    QueueHandler,
    MediaHandler,
    TargetsHandler,
    TargetsAdaptedHandler,
    WebhookSubscriptionHandler,
    WebhookDeliveryHandler,
  ],
  providers: [
    { provide: SCHEDULER_SETTINGS, inject: [RUNTIME], useFactory: (runtime: Runtime) => loadSchedulerSettings(runtime.config.settings) },
    { provide: MEDIA_CONFIG, inject: [RUNTIME], useFactory: (runtime: Runtime) => loadMediaConfig(runtime.config.settings, runtime.config.dataDir) },
    { provide: BlobStore, inject: [MEDIA_CONFIG], useFactory: (config: MediaConfig) => createBlobStore(config) },
    { provide: MediaInspector, inject: [MEDIA_CONFIG], useFactory: (config: MediaConfig) => new MediaInspector(config.ffprobePath) },
    ContentReplicaRepository,
    ContentTargetRepository,
    MediaRepository,
    MediaService,
    PublishingSettingsRepository,
    QueueScheduleRepository,
    ScheduleItemRepository,
    ScheduleReplicaRepository,
    ShortLinkRepository,
    WebhookDeliveryRepository,
    WebhookSubscriptionRepository,
    ContentCopyService,
    PostLinksService,
    PostMediaService,
    PublishFollowUps,
    PublishRunnerService,
    PublishingMetrics,
    PublishingSettingsService,
    QueueReflow,
    QueueService,
    ScheduleChannels,
    ScheduleService,
    SchedulerService,
    SchedulerWakeup,
    TargetsService,
    TargetAdaptationStore,
    WebhookDelivererService,
    WebhookDeliveryService,
    WebhookSubscriptionService,
  ],
  exports: [ScheduleService, PublishingSettingsService, PublishFollowUps],
};
