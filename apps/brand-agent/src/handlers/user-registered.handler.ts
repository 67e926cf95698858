import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { AUTH_EVENTS, type EventEnvelope, OnEvent, type UserRegisteredEvent } from '@mt/messages';
import { MemberDirectoryService } from '../services/member-directory.service';

/** auth-agent's `user.registered`: the new user's email and name, for members lists. */
@Controller()
export class UserRegisteredHandler {
  constructor(private readonly directory: MemberDirectoryService) {}

  @OnEvent(AUTH_EVENTS.userRegistered)
  registered(@Payload() event: EventEnvelope<UserRegisteredEvent>): Promise<void> {
    return this.directory.registered(event.payload);
  }
}
