import { Injectable } from '@nestjs/common';
import { UnitOfWork } from '@mt/messages';

/** brand-agent's copy of the email and name of users, to show in members lists. */
@Injectable()
export class MemberProfileRepository {
  constructor(private readonly uow: UnitOfWork) {}

  /** Records what auth-agent said about a user (the authority): replaces what was known. */
  async remember(userId: string, email: string, name: string | null): Promise<void> {
    await this.uow.manager().query(
      `INSERT INTO "brand".member_profile (user_id, email, name) VALUES ($1, $2, $3)
       ON CONFLICT (user_id) DO UPDATE SET email = EXCLUDED.email, name = COALESCE(EXCLUDED.name, "brand".member_profile.name), updated_at = now()`,
      [userId, email, name],
    );
  }

  /** Records an email known second-hand (the gateway's token claim) only if nothing better is known. */
  async rememberIfUnknown(userId: string, email: string): Promise<void> {
    await this.uow.manager().query(`INSERT INTO "brand".member_profile (user_id, email) VALUES ($1, $2) ON CONFLICT (user_id) DO NOTHING`, [userId, email]);
  }
}
