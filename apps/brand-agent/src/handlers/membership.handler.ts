import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  BRAND_TASKS,
  type ChangeMemberRolePayload,
  type ListMembersPayload,
  type Member,
  type MemberPage,
  OnTask,
  type RemoveMemberPayload,
  type TaskEnvelope,
} from '@mt/messages';
import { MembershipService } from '../services/membership.service';

/** Membership tasks from the gateway. */
@Controller()
export class MembershipHandler {
  constructor(private readonly memberships: MembershipService) {}

  @OnTask(BRAND_TASKS.listMembers, { query: true })
  list(@Payload() task: TaskEnvelope<ListMembersPayload>): Promise<MemberPage> {
    return this.memberships.list(task.payload.actor, task.payload.brandId, task.payload.page);
  }

  @OnTask(BRAND_TASKS.changeMemberRole)
  changeRole(@Payload() task: TaskEnvelope<ChangeMemberRolePayload>): Promise<Member> {
    return this.memberships.changeRole(task.payload.actor, task.payload.brandId, task.payload.userId, task.payload.role);
  }

  @OnTask(BRAND_TASKS.removeMember)
  async remove(@Payload() task: TaskEnvelope<RemoveMemberPayload>): Promise<{ removed: true }> {
    await this.memberships.remove(task.payload.actor, task.payload.brandId, task.payload.userId);
    return { removed: true };
  }
}
