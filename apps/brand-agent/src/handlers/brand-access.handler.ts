import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { type BrandAccess, type BrandAccessPayload, BRAND_TASKS, type TaskEnvelope } from '@mt/messages';
import { MembershipService } from '../services/membership.service';

/** `brand.access.get`: other agents' access replicas ask here on a miss. */
@Controller()
export class BrandAccessHandler {
  constructor(private readonly memberships: MembershipService) {}

  @MessagePattern(BRAND_TASKS.access, { query: true })
  async access(@Payload() task: TaskEnvelope<BrandAccessPayload>): Promise<BrandAccess> {
    const { userId, brandId } = task.payload;
    return { brandId, userId, role: await this.memberships.access(userId, brandId) };
  }
}
