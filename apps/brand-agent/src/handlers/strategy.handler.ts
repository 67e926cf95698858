import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  BRAND_TASKS,
  type BrandStrategy,
  type BrandStrategyPage,
  type GenerateStrategyInput,
  type GetVoicePayload,
  type JobTask,
  type ListStrategyVersionsPayload,
  OnTask,
  type TaskEnvelope,
  type UpdateStrategyPayload,
} from '@mt/messages';
import { StrategyService } from '../services/strategy.service';

/** Brand strategy: the generation job (AI: manualTransaction), the latest, an edit, the versions. */
@Controller()
export class StrategyHandler {
  constructor(private readonly strategies: StrategyService) {}

  @OnTask(BRAND_TASKS.generateStrategy, { manualTransaction: true })
  generate(@Payload() task: TaskEnvelope<JobTask<GenerateStrategyInput>>): Promise<BrandStrategy | undefined> {
    return this.strategies.generate(task);
  }

  @OnTask(BRAND_TASKS.getStrategy, { query: true })
  get(@Payload() task: TaskEnvelope<GetVoicePayload>): Promise<BrandStrategy> {
    return this.strategies.get(task.payload.actor, task.payload.brandId);
  }

  @OnTask(BRAND_TASKS.updateStrategy)
  update(@Payload() task: TaskEnvelope<UpdateStrategyPayload>): Promise<BrandStrategy> {
    return this.strategies.update(task.payload.actor, task.payload.brandId, task.payload.strategy);
  }

  @OnTask(BRAND_TASKS.listStrategyVersions, { query: true })
  versions(@Payload() task: TaskEnvelope<ListStrategyVersionsPayload>): Promise<BrandStrategyPage> {
    return this.strategies.versions(task.payload.actor, task.payload.brandId, task.payload.page);
  }
}
