import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  type AcceptInvitationPayload,
  type AcceptInvitationResult,
  BRAND_TASKS,
  type Invitation,
  type InviteMemberPayload,
  type ListInvitationsPayload,
  type ListMyInvitationsPayload,
  OnTask,
  type Page,
  type RevokeInvitationPayload,
  type TaskEnvelope,
} from '@mt/messages';
import { InvitationService } from '../services/invitation.service';

/** Invitation tasks from the gateway (ADR 115). */
@Controller()
export class InvitationHandler {
  constructor(private readonly invitations: InvitationService) {}

  /** Opens its own transaction, so the mail leaves only after the commit (see InvitationService.invite). */
  @OnTask(BRAND_TASKS.invite, { manualTransaction: true })
  invite(@Payload() task: TaskEnvelope<InviteMemberPayload>): Promise<Invitation> {
    return this.invitations.invite(task.payload.actor, task.payload.brandId, task.payload.email, task.payload.role);
  }

  @OnTask(BRAND_TASKS.listInvitations, { query: true })
  list(@Payload() task: TaskEnvelope<ListInvitationsPayload>): Promise<Page<Invitation>> {
    return this.invitations.listOfBrand(task.payload.actor, task.payload.brandId, task.payload.page);
  }

  @OnTask(BRAND_TASKS.listMyInvitations, { query: true })
  mine(@Payload() task: TaskEnvelope<ListMyInvitationsPayload>): Promise<Page<Invitation>> {
    return this.invitations.listMine(task.payload.actor, task.payload.email, task.payload.page);
  }

  @OnTask(BRAND_TASKS.acceptInvitation)
  accept(@Payload() task: TaskEnvelope<AcceptInvitationPayload>): Promise<AcceptInvitationResult> {
    return this.invitations.accept(task.payload.actor, task.payload.email, task.payload.key);
  }

  @OnTask(BRAND_TASKS.revokeInvitation)
  async revoke(@Payload() task: TaskEnvelope<RevokeInvitationPayload>): Promise<{ revoked: true }> {
    await this.invitations.revoke(task.payload.actor, task.payload.invitationId);
    return { revoked: true };
  }
}
