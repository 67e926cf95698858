import { Inject, Injectable } from '@nestjs/common';
import { type Actor, type InstanceOwner, MeshError } from '@mt/messages';
import { INSTANCE_OWNER_CONFIG, type InstanceOwnerConfig } from '../config/instance-owner.config';
import { UserRepository } from '../repositories/user.repository';

/**
 * The instance owner (ADR 123): the users INSTANCE_OWNER_EMAILS names, or, when it is unset, the
 * first user who registered. Instance-wide settings (the AI provider) are theirs alone; brand
 * roles do not reach them.
 */
@Injectable()
export class InstanceOwnerService {
  constructor(
    @Inject(INSTANCE_OWNER_CONFIG) private readonly config: InstanceOwnerConfig,
    private readonly users: UserRepository,
  ) {}

  async require(actor: Actor): Promise<InstanceOwner> {
    const user = await this.users.findById(actor.userId);
    if (user) {
      if (this.config.emails.length > 0) {
        if (this.config.emails.includes(user.email)) return { userId: user.id, rule: 'setting' };
      } else if ((await this.users.firstUserId()) === user.id) {
        return { userId: user.id, rule: 'first-user' };
      }
    }
    throw new MeshError('FORBIDDEN', 'Only the instance owner may see or test the AI provider.', { status: 403, retryable: false });
  }
}
