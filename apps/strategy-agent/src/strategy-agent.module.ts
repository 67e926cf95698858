import { type DynamicModule, Module } from '@nestjs/common';
import { JobReporter, RuntimeModule, type Runtime, SystemHealthHandler } from '@mt/runtime';
import { BrandAccessReplicaHandler, BrandAccessService, BrandProfileReplicaHandler, BrandProfileService } from '@mt/replicas';
import { AnalyticsHandler } from './handlers/analytics.handler';
import { CalendarHandler } from './handlers/calendar.handler';
import { CampaignPlanHandler } from './handlers/campaign-plan.handler';
import { CampaignHandler } from './handlers/campaign.handler';
import { ContentStatusHandler } from './handlers/content-status.handler';
import { InsightsHandler } from './handlers/insights.handler';
import { AnalyticsReplicaRepository } from './replicas/analytics-replica.repository';
import { CalendarEntryRepository } from './repositories/calendar-entry.repository';
import { CampaignRepository } from './repositories/campaign.repository';
import { InsightRepository } from './repositories/insight.repository';
import { AnalyticsReplicaService } from './services/analytics-replica.service';
import { CalendarService } from './services/calendar.service';
import { CampaignAccessService } from './services/campaign-access.service';
import { CampaignPlannerService } from './services/campaign-planner.service';
import { CampaignService } from './services/campaign.service';
import { EntryStatusService } from './services/entry-status.service';
import { InsightsService } from './services/insights.service';
import { RecommendationService } from './services/recommendation.service';
import { STRATEGY_ENTITIES } from './entities';
import { STRATEGY_MIGRATIONS } from './migrations';

export const STRATEGY_AGENT = { name: 'strategy-agent', schema: 'strategy' } as const;

@Module({})
export class StrategyAgentModule {
  static register(runtime: Runtime): DynamicModule {
    return {
      module: StrategyAgentModule,
      imports: [RuntimeModule.forApp(runtime, { ...STRATEGY_AGENT, entities: STRATEGY_ENTITIES, migrations: STRATEGY_MIGRATIONS, ai: true })],
      controllers: [
        SystemHealthHandler,
        BrandAccessReplicaHandler,
        BrandProfileReplicaHandler,
        CampaignHandler,
        CampaignPlanHandler,
        CalendarHandler,
        ContentStatusHandler,
        AnalyticsHandler,
        InsightsHandler,
      ],
      providers: [
        BrandAccessService,
        BrandProfileService,
        JobReporter,
        CampaignRepository,
        CalendarEntryRepository,
        CampaignAccessService,
        CampaignService,
        CampaignPlannerService,
        CalendarService,
        EntryStatusService,
        AnalyticsReplicaRepository,
        InsightRepository,
        AnalyticsReplicaService,
        RecommendationService,
        InsightsService,
      ],
    };
  }
}
