import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { type AuthorizePayload, CAMPAIGN_TASKS, type JobTask, OnTask, type PlanCampaignInput, type TaskEnvelope } from '@mt/messages';
import { CampaignAccessService } from '../services/campaign-access.service';
import { CampaignPlannerService } from '../services/campaign-planner.service';

/** The plan job (it asks brand-agent and calls AI, so it opens its own transactions), and the gateway's pre-job access check. */
@Controller()
export class CampaignPlanHandler {
  constructor(
    private readonly planner: CampaignPlannerService,
    private readonly access: CampaignAccessService,
  ) {}

  @OnTask(CAMPAIGN_TASKS.plan, { manualTransaction: true })
  plan(@Payload() task: TaskEnvelope<JobTask<PlanCampaignInput>>) {
    return this.planner.plan(task);
  }

  @OnTask(CAMPAIGN_TASKS.authorize, { query: true })
  authorize(@Payload() t: TaskEnvelope<AuthorizePayload>) {
    return this.access.authorize(t.payload);
  }
}
