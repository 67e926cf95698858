import { type DynamicModule, Module, type OnModuleInit } from '@nestjs/common';
import { JobReporter, RUNTIME, type Runtime } from '@mt/runtime';
import { AbTestHandler } from './handlers/abtest.handler';
import { AdSetHandler } from './handlers/adset.handler';
import { AnalyticsHandler } from './handlers/analytics.handler';
import { CampaignCopyHandler } from './handlers/campaign-copy.handler';
import { InboxEventsHandler } from './handlers/inbox-events.handler';
import { InboxHandler } from './handlers/inbox.handler';
import { QueueSuggestionsHandler } from './handlers/queue-suggestions.handler';
import { LinkHandler } from './handlers/link.handler';
import { AbTestRepository } from './repositories/abtest.repository';
import { AdSetRepository } from './repositories/adset.repository';
import { AnalyticsSnapshotRepository } from './repositories/analytics-snapshot.repository';
import { CampaignReplicaRepository } from '../replicas/campaign-replica.repository';
import { ContentReplicaRepository } from '../replicas/content-replica.repository';
import { InboxEndpointRepository } from './repositories/inbox-endpoint.repository';
import { InboxMessageRepository } from './repositories/inbox-message.repository';
import { LinkClickRepository } from './repositories/link-click.repository';
import { MetricsTargetRepository } from './repositories/metrics-target.repository';
import { AbTestScheduler } from './services/abtest-scheduler';
import { AbTestService } from './services/abtest.service';
import { AdSetService } from './services/adset.service';
import { AnalyticsQueryService } from './services/analytics-query.service';
import { AnalyticsSimulateService } from './services/analytics-simulate.service';
import { AnalyticsUpdatesService } from './services/analytics-updates.service';
import { CampaignCopyService } from './services/campaign-copy.service';
import { InboxService } from './services/inbox.service';
import { LinkClicksService } from './services/link-clicks.service';
import { LINK_CLICK_SETTINGS, loadLinkClickSettings } from './services/link-click-settings';
import { MetricsChannels } from './services/metrics-channels';
import { QueueSuggestionsService } from './services/queue-suggestions.service';
import { CryptoModule } from '../crypto/crypto.module';
import { PublishFollowUps, PublishedPostsTracker } from '../scheduling/services/publish-follow-ups';
import { MetricsCollectorService } from './services/metrics-collector.service';

/**
 * publishing-agent: analytics (platform metrics on a schedule, simulation), A/B tests, ad sets,
 * the inbox store. Imports the channels part (ChannelGateway, through MetricsChannels), the
 * scheduling part (ScheduleService, through AbTestScheduler; PublishFollowUps, where it registers
 * its tracker of published posts) and CryptoModule; BrandAccessService and BrandProfileService
 * come from the global agent module.
 */
@Module({})
export class PerformanceModule implements OnModuleInit {
  static register(channels: DynamicModule, scheduling: DynamicModule): DynamicModule {
    return { module: PerformanceModule, imports: [channels, scheduling, CryptoModule], ...PERFORMANCE };
  }

  constructor(
    private readonly followUps: PublishFollowUps,
    private readonly tracker: PublishedPostsTracker,
  ) {}

  onModuleInit(): void {
    this.followUps.useTracker(this.tracker);
  }
}

const PERFORMANCE = {
  controllers: [AnalyticsHandler, AbTestHandler, AdSetHandler, InboxHandler, InboxEventsHandler, CampaignCopyHandler, QueueSuggestionsHandler, LinkHandler],
  providers: [
    { provide: LINK_CLICK_SETTINGS, inject: [RUNTIME], useFactory: (runtime: Runtime) => loadLinkClickSettings(runtime.config.settings) },
    JobReporter,
    AbTestRepository,
    AdSetRepository,
    AnalyticsSnapshotRepository,
    CampaignReplicaRepository,
    ContentReplicaRepository,
    InboxEndpointRepository,
    InboxMessageRepository,
    LinkClickRepository,
    MetricsTargetRepository,
    AbTestScheduler,
    AbTestService,
    AdSetService,
    AnalyticsQueryService,
    AnalyticsSimulateService,
    AnalyticsUpdatesService,
    CampaignCopyService,
    InboxService,
    LinkClicksService,
    MetricsChannels,
    MetricsCollectorService,
    QueueSuggestionsService,
    { provide: PublishedPostsTracker, useExisting: MetricsCollectorService },
  ],
  exports: [],
};
