import { Injectable } from '@nestjs/common';
import type { UserRegisteredEvent } from '@mt/messages';
import { MemberProfileRepository } from '../repositories/member-profile.repository';

/**
 * Keeps the email and name members lists show. auth-agent owns users; brand-agent learns them
 * from `user.registered` (and from each `auth.user.find-by-email` answer when a member is added),
 * so listing members never waits on another agent.
 */
@Injectable()
export class MemberDirectoryService {
  constructor(private readonly profiles: MemberProfileRepository) {}

  registered(event: UserRegisteredEvent): Promise<void> {
    return this.profiles.remember(event.userId, event.email, event.name ?? null);
  }
}
