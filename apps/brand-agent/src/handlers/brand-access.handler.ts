import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { BRAND_TASKS, type BrandAccess, type BrandAccessPayload, type BrandRole, OnTask, type RequireBrandRolePayload, type TaskEnvelope } from '@mt/messages';
import { BrandRoleService } from '../services/brand-role.service';
import { MembershipService } from '../services/membership.service';

/** `brand.access.get`: other agents' access replicas ask here on a miss. `brand.access.require`: the gateway, before it starts a job. */
@Controller()
export class BrandAccessHandler {
  constructor(
    private readonly memberships: MembershipService,
    private readonly roles: BrandRoleService,
  ) {}

  @OnTask(BRAND_TASKS.access, { query: true })
  async access(@Payload() task: TaskEnvelope<BrandAccessPayload>): Promise<BrandAccess> {
    const { userId, brandId } = task.payload;
    return { brandId, userId, role: await this.memberships.access(userId, brandId) };
  }

  @OnTask(BRAND_TASKS.requireRole, { query: true })
  async require(@Payload() task: TaskEnvelope<RequireBrandRolePayload>): Promise<{ brandId: string; role: BrandRole }> {
    const { actor, brandId, role } = task.payload;
    return { brandId, role: (await this.roles.require(actor, brandId, role)).role };
  }
}
