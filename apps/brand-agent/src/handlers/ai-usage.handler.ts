import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  type AiBudget,
  type AiBudgetPayload,
  type AiLogPage,
  type AiLogsPayload,
  type AiSpendOfJobs,
  type AiSpendOfJobsPayload,
  type AiUsage,
  type AiUsagePayload,
  BRAND_TASKS,
  OnTask,
  type SetAiBudgetPayload,
  type TaskEnvelope,
} from '@mt/messages';
import { AiUsageService } from '../services/ai-usage.service';

/** AI usage, logs and budgets from the shared `ai` ledger. */
@Controller()
export class AiUsageHandler {
  constructor(private readonly usage: AiUsageService) {}

  @OnTask(BRAND_TASKS.aiUsage, { query: true })
  report(@Payload() task: TaskEnvelope<AiUsagePayload>): Promise<AiUsage> {
    const { actor, brandId, from, to } = task.payload;
    return this.usage.usage(actor, brandId, from, to);
  }

  @OnTask(BRAND_TASKS.aiLogs, { query: true })
  logs(@Payload() task: TaskEnvelope<AiLogsPayload>): Promise<AiLogPage> {
    const { actor, brandId, jobId, page } = task.payload;
    return this.usage.logs(actor, brandId, jobId, page);
  }

  @OnTask(BRAND_TASKS.getAiBudget, { query: true })
  budget(@Payload() task: TaskEnvelope<AiBudgetPayload>): Promise<AiBudget> {
    return this.usage.budget(task.payload.actor, task.payload.brandId);
  }

  @OnTask(BRAND_TASKS.aiSpendOfJobs, { query: true })
  spendOfJobs(@Payload() task: TaskEnvelope<AiSpendOfJobsPayload>): Promise<AiSpendOfJobs> {
    return this.usage.spendOfJobs(task.payload.jobIds, task.payload.since);
  }

  @OnTask(BRAND_TASKS.setAiBudget)
  setBudget(@Payload() task: TaskEnvelope<SetAiBudgetPayload>): Promise<AiBudget> {
    return this.usage.setBudget(task.payload.actor, task.payload.brandId, task.payload.monthlyLimitUsd);
  }
}
