import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  type Brand,
  BRAND_TASKS,
  type BrandPage,
  type CreateBrandPayload,
  type DeleteBrandPayload,
  type GetBrandPayload,
  type ListBrandsPayload,
  OnTask,
  type TaskEnvelope,
  type UpdateBrandPayload,
} from '@mt/messages';
import { BrandService } from '../services/brand.service';

/** Brand tasks from the gateway. Writes run in the task's transaction; reads are queries. */
@Controller()
export class BrandHandler {
  constructor(private readonly brands: BrandService) {}

  @OnTask(BRAND_TASKS.create)
  create(@Payload() task: TaskEnvelope<CreateBrandPayload>): Promise<Brand> {
    return this.brands.create(task.payload.actor, task.payload.brand, task.payload.ownerEmail);
  }

  @OnTask(BRAND_TASKS.list, { query: true })
  list(@Payload() task: TaskEnvelope<ListBrandsPayload>): Promise<BrandPage> {
    return this.brands.list(task.payload.actor, task.payload.page);
  }

  @OnTask(BRAND_TASKS.get, { query: true })
  get(@Payload() task: TaskEnvelope<GetBrandPayload>): Promise<Brand> {
    return this.brands.get(task.payload.actor, task.payload.brandId);
  }

  @OnTask(BRAND_TASKS.update)
  update(@Payload() task: TaskEnvelope<UpdateBrandPayload>): Promise<Brand> {
    return this.brands.update(task.payload.actor, task.payload.brandId, task.payload.changes);
  }

  @OnTask(BRAND_TASKS.delete)
  async remove(@Payload() task: TaskEnvelope<DeleteBrandPayload>): Promise<{ deleted: true }> {
    await this.brands.remove(task.payload.actor, task.payload.brandId);
    return { deleted: true };
  }
}
