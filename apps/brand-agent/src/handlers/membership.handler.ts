import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  type AddMemberPayload,
  type AddMemberResult,
  BRAND_TASKS,
  type ListMembersPayload,
  type MemberPage,
  type RemoveMemberPayload,
  type TaskEnvelope,
} from '@mt/messages';
import { MembershipService } from '../services/membership.service';

/** Membership tasks from the gateway. */
@Controller()
export class MembershipHandler {
  constructor(private readonly memberships: MembershipService) {}

  @MessagePattern(BRAND_TASKS.listMembers, { query: true })
  list(@Payload() task: TaskEnvelope<ListMembersPayload>): Promise<MemberPage> {
    return this.memberships.list(task.payload.actor, task.payload.brandId, task.payload.page);
  }

  /** Asks auth-agent for the user before opening its own transaction (see MembershipService.add). */
  @MessagePattern(BRAND_TASKS.addMember, { manualTransaction: true })
  add(@Payload() task: TaskEnvelope<AddMemberPayload>): Promise<AddMemberResult> {
    return this.memberships.add(task.payload.actor, task.payload.brandId, task.payload.email, task.payload.role);
  }

  @MessagePattern(BRAND_TASKS.removeMember)
  async remove(@Payload() task: TaskEnvelope<RemoveMemberPayload>): Promise<{ removed: true }> {
    await this.memberships.remove(task.payload.actor, task.payload.brandId, task.payload.userId);
    return { removed: true };
  }
}
