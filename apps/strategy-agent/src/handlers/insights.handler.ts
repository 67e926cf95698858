import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  CAMPAIGN_TASKS,
  type GenerateInsightsInput,
  type JobTask,
  type ListInsightsPayload,
  OnTask,
  type RecommendationsPayload,
  type TaskEnvelope,
} from '@mt/messages';
import { InsightsService } from '../services/insights.service';
import { RecommendationService } from '../services/recommendation.service';

/** What the brand should do next: recommendations (read-only) and the insights job. */
@Controller()
export class InsightsHandler {
  constructor(
    private readonly insights: InsightsService,
    private readonly recommendations: RecommendationService,
  ) {}

  @OnTask(CAMPAIGN_TASKS.insights, { manualTransaction: true })
  generate(@Payload() task: TaskEnvelope<JobTask<GenerateInsightsInput>>) {
    return this.insights.generate(task);
  }

  @OnTask(CAMPAIGN_TASKS.listInsights, { query: true })
  latest(@Payload() t: TaskEnvelope<ListInsightsPayload>) {
    return this.insights.latest(t.payload.actor, t.payload.brandId);
  }

  @OnTask(CAMPAIGN_TASKS.recommendations, { query: true })
  recommend(@Payload() t: TaskEnvelope<RecommendationsPayload>) {
    return this.recommendations.recommend(t.payload.actor, t.payload.brandId);
  }
}
