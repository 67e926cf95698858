import { Injectable } from '@nestjs/common';
import { IsNull } from 'typeorm';
import { UnitOfWork } from '@mt/messages';
import { RefreshTokenEntity } from '../entities/refresh-token.entity';

export interface NewRefreshToken {
  familyId: string;
  userId: string;
  tokenHash: string;
  expiresAt: Date;
}

/** Every query on auth.refresh_tokens. Writes join the current transaction through UnitOfWork. */
@Injectable()
export class RefreshTokenRepository {
  constructor(private readonly uow: UnitOfWork) {}

  private repo() {
    return this.uow.manager().getRepository(RefreshTokenEntity);
  }

  async insert(token: NewRefreshToken): Promise<RefreshTokenEntity> {
    return this.repo().save(this.repo().create({ ...token, usedAt: null, revokedAt: null, replacedBy: null }));
  }

  /**
   * The token with this hash, locked until the transaction ends: two refreshes with the same token
   * are serialised, so exactly one of them spends it and the other sees it spent.
   */
  findByHashForUpdate(tokenHash: string): Promise<RefreshTokenEntity | null> {
    return this.repo().createQueryBuilder('t').setLock('pessimistic_write').where('t.token_hash = :tokenHash', { tokenHash }).getOne();
  }

  findByHash(tokenHash: string): Promise<RefreshTokenEntity | null> {
    return this.repo().findOneBy({ tokenHash });
  }

  async markUsed(id: string, replacedBy: string, at: Date): Promise<void> {
    await this.repo().update({ id }, { usedAt: at, replacedBy });
  }

  /** Revokes every live token of the family (only if it is the user's, when given); returns how many were live. */
  async revokeFamily(familyId: string, at: Date, userId?: string): Promise<number> {
    const r = await this.repo().update({ familyId, revokedAt: IsNull(), ...(userId ? { userId } : {}) }, { revokedAt: at });
    return r.affected ?? 0;
  }

  /**
   * Revokes every live token of the user; returns the families (sessions) that had one. Families
   * whose tokens were all spent or revoked already ended and are not listed.
   */
  async revokeAllOfUser(userId: string, at: Date): Promise<string[]> {
    const [rows]: [{ family_id: string; used_at: Date | null }[], number] = await this.uow.manager().query(
      `UPDATE "auth".refresh_tokens SET revoked_at = $2
       WHERE user_id = $1 AND revoked_at IS NULL
       RETURNING family_id, used_at`,
      [userId, at],
    );
    return [...new Set(rows.filter((r) => r.used_at === null).map((r) => r.family_id))];
  }
}
