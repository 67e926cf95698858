import { Injectable } from '@nestjs/common';
import { BRAND_EVENTS, UnitOfWork, type UserRegisteredEvent } from '@mt/messages';
import { InvitationRepository } from '../repositories/invitation.repository';
import { MemberProfileRepository } from '../repositories/member-profile.repository';

/**
 * Keeps the email and name members lists show. auth-agent owns users; brand-agent learns them
 * from `user.registered`, so listing members never waits on another agent. A new account whose
 * address has pending invitations gets their in-app notices then (ADR 115).
 */
@Injectable()
export class MemberDirectoryService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly profiles: MemberProfileRepository,
    private readonly invitations: InvitationRepository,
  ) {}

  async registered(event: UserRegisteredEvent, now = new Date()): Promise<void> {
    const email = event.email.trim().toLowerCase();
    // An invitation being sent to this address at this moment either sees the account or is seen here.
    await this.invitations.lockAddress(email);
    await this.profiles.remember(event.userId, event.email, event.name ?? null);
    for (const i of await this.invitations.listPendingForEmail(email, now, 100, null)) {
      this.uow.publishEvent(BRAND_EVENTS.invitationCreated, {
        invitationId: i.id,
        brandId: i.brand_id,
        brandName: i.brand_name,
        role: i.role,
        invitedBy: i.invited_by,
        inviteeUserId: event.userId,
        expiresAt: new Date(i.expires_at).toISOString(),
      });
    }
  }
}
