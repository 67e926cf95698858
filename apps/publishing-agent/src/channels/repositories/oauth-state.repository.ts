import { Injectable } from '@nestjs/common';
import { UnitOfWork } from '@mt/messages';
import { OAuthStateEntity } from '../entities/oauth-state.entity';

@Injectable()
export class OAuthStateRepository {
  constructor(private readonly uow: UnitOfWork) {}

  private get repo() {
    return this.uow.manager().getRepository(OAuthStateEntity);
  }

  insert(values: Partial<OAuthStateEntity>): Promise<OAuthStateEntity> {
    return this.repo.save(this.repo.create(values));
  }

  /** Deletes and answers the row of this state, if it is still there and not expired: a state is spent by its first use. */
  async take(stateHash: string, now: Date): Promise<OAuthStateEntity | null> {
    const res = await this.repo.createQueryBuilder().delete().where('state_hash = :stateHash', { stateHash }).returning('*').execute();
    const list = (res.raw ?? []) as Record<string, unknown>[];
    const r = list[0];
    if (!r) return null;
    const expiresAt = new Date(r.expires_at as string | Date);
    if (expiresAt <= now) return null;
    return Object.assign(new OAuthStateEntity(), {
      stateHash,
      platform: r.platform as string,
      brandId: r.brand_id as string,
      userId: r.user_id as string,
      codeVerifier: r.code_verifier as string,
      redirectUri: r.redirect_uri as string,
      expiresAt,
    });
  }

  async purgeExpired(now: Date): Promise<void> {
    await this.repo.createQueryBuilder().delete().where('expires_at < :now', { now }).execute();
  }
}
