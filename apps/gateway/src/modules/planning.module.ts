import { Module } from '@nestjs/common';
import { BrandAccessService } from '@mt/replicas';
import { CalendarController } from '../controllers/calendar.controller';
import { CampaignPlanController } from '../controllers/campaigns.controller';
import { InsightsController } from '../controllers/insights.controller';
import { RecommendationsController } from '../controllers/recommendations.controller';
import { JobsHttpModule } from './jobs.module';
import { CampaignAccessCheck } from '../replicas/campaign-access.service';
import { CampaignReplicaHandler } from '../replicas/campaign-replica.handler';
import { CampaignReplicaRepository } from '../replicas/campaign-replica.repository';

/**
 * Routes: campaign plans, calendars, recommendations, insights (strategy-agent); plans and insights
 * are jobs. The gateway keeps a replica of campaigns' brands (ADR 185) so the plan route checks the
 * caller's role before the 202 without asking strategy-agent.
 */
@Module({
  imports: [JobsHttpModule],
  controllers: [CampaignPlanController, CalendarController, RecommendationsController, InsightsController, CampaignReplicaHandler],
  providers: [BrandAccessService, CampaignReplicaRepository, CampaignAccessCheck],
})
export class PlanningHttpModule {}
