import { Module } from '@nestjs/common';
import { JobReporter, RUNTIME, type Runtime } from '@mt/runtime';
import { AbTestHandler } from './handlers/abtest.handler';
import { AdSetHandler } from './handlers/adset.handler';
import { AnalyticsHandler } from './handlers/analytics.handler';
import { CampaignCopyHandler } from './handlers/campaign-copy.handler';
import { ContentCatalogHandler } from './handlers/content-catalog.handler';
import { InboxEventsHandler } from './handlers/inbox-events.handler';
import { InboxHandler } from './handlers/inbox.handler';
import { AbTestRepository } from './repositories/abtest.repository';
import { AdSetRepository } from './repositories/adset.repository';
import { AnalyticsSnapshotRepository } from './repositories/analytics-snapshot.repository';
import { CampaignCopyRepository } from './repositories/campaign-copy.repository';
import { ContentCatalogRepository } from './repositories/content-catalog.repository';
import { InboxEndpointRepository } from './repositories/inbox-endpoint.repository';
import { InboxMessageRepository } from './repositories/inbox-message.repository';
import { MetricsTargetRepository } from './repositories/metrics-target.repository';
import { AbTestScheduler } from './services/abtest-scheduler';
import { AbTestService } from './services/abtest.service';
import { AdSetService } from './services/adset.service';
import { AnalyticsQueryService } from './services/analytics-query.service';
import { AnalyticsSimulateService } from './services/analytics-simulate.service';
import { AnalyticsUpdatesService } from './services/analytics-updates.service';
import { CampaignCopyService } from './services/campaign-copy.service';
import { ContentCatalogService } from './services/content-catalog.service';
import { InboxService } from './services/inbox.service';
import { MetricsChannels } from './services/metrics-channels';
import { WEBHOOK_SECRET_CIPHER, webhookSecretCipher } from './services/webhook-subscription-secrets';
import { PublishedPostsTracker } from './services/publish-follow-ups';
import { MetricsCollectorService } from './services/metrics-collector.service';

/**
 * publishing-agent: analytics (platform metrics on a schedule, simulation), A/B tests, ad sets,
 * the inbox store. Reaches the channels and scheduling parts lazily (MetricsChannels,
 * AbTestScheduler); BrandAccessService and BrandProfileService come from the global agent module.
 */
@Module({
  controllers: [
    AnalyticsHandler,
    AbTestHandler,
    AdSetHandler,
    InboxHandler,
    InboxEventsHandler,
    ContentCatalogHandler,
    CampaignCopyHandler,
  ],
  providers: [
    // Inbound endpoints' secrets are sealed with the same key ring as the subscriptions' (SchedulingModule).
    { provide: WEBHOOK_SECRET_CIPHER, inject: [RUNTIME], useFactory: (runtime: Runtime) => webhookSecretCipher(runtime) },
    JobReporter,
    AbTestRepository,
    AdSetRepository,
    AnalyticsSnapshotRepository,
    CampaignCopyRepository,
    ContentCatalogRepository,
    InboxEndpointRepository,
    InboxMessageRepository,
    MetricsTargetRepository,
    AbTestScheduler,
    AbTestService,
    AdSetService,
    AnalyticsQueryService,
    AnalyticsSimulateService,
    AnalyticsUpdatesService,
    CampaignCopyService,
    ContentCatalogService,
    InboxService,
    MetricsChannels,
    MetricsCollectorService,
    { provide: PublishedPostsTracker, useExisting: MetricsCollectorService },
  ],
  exports: [],
})
export class PerformanceModule {}
