import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  type AnalyticsOverviewPayload,
  type ContentAnalyticsPayload,
  type JobTask,
  OnTask,
  PUBLISHING_TASKS,
  type SimulateAnalyticsInput,
  type TaskEnvelope,
} from '@mt/messages';
import { AnalyticsQueryService } from '../services/analytics-query.service';
import { AnalyticsSimulateService } from '../services/analytics-simulate.service';

@Controller()
export class AnalyticsHandler {
  constructor(
    private readonly query: AnalyticsQueryService,
    private readonly simulation: AnalyticsSimulateService,
  ) {}

  @OnTask(PUBLISHING_TASKS.analyticsOverview, { query: true })
  overview(@Payload() t: TaskEnvelope<AnalyticsOverviewPayload>) {
    return this.query.overview(t.payload.actor, t.payload.brandId, t.payload.from, t.payload.to);
  }

  @OnTask(PUBLISHING_TASKS.contentAnalytics, { query: true })
  content(@Payload() t: TaskEnvelope<ContentAnalyticsPayload>) {
    return this.query.content(t.payload.actor, t.payload.contentId);
  }

  /** A job: access check and generation first, then one transaction (JobReporter.runStaged). */
  @OnTask(PUBLISHING_TASKS.simulateAnalytics, { manualTransaction: true })
  simulate(@Payload() t: TaskEnvelope<JobTask<SimulateAnalyticsInput>>) {
    return this.simulation.run(t);
  }
}
