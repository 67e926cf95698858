import { Module } from '@nestjs/common';
import { CalendarController } from '../controllers/calendar.controller';
import { CampaignPlanController } from '../controllers/campaigns.controller';
import { InsightsController } from '../controllers/insights.controller';
import { RecommendationsController } from '../controllers/recommendations.controller';
import { JobsHttpModule } from './jobs.module';

/** Routes: campaign plans, calendars, recommendations, insights (strategy-agent); plans and insights are jobs. */
@Module({
  imports: [JobsHttpModule],
  controllers: [CampaignPlanController, CalendarController, RecommendationsController, InsightsController],
})
export class PlanningHttpModule {}
