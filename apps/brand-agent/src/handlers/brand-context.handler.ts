import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { BRAND_TASKS, type BrandContextAnswer, type BrandContextPayload, OnTask, type TaskEnvelope } from '@mt/messages';
import { BrandContextService } from '../services/brand-context.service';

/** Other agents fill their brand replica from this answer (an agent, not a user, asks: no actor). */
@Controller()
export class BrandContextHandler {
  constructor(private readonly context: BrandContextService) {}

  @OnTask(BRAND_TASKS.context, { query: true })
  get(@Payload() task: TaskEnvelope<BrandContextPayload>): Promise<BrandContextAnswer> {
    return this.context.get(task.payload.brandId);
  }
}
