import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { type LogoutPayload, type LogoutResult, type TokenPair, UnitOfWork } from '@mt/messages';
import type { UserEntity } from '../entities/user.entity';
import { RefreshTokenRepository } from '../repositories/refresh-token.repository';
import { UserRepository } from '../repositories/user.repository';
import { authErrors } from './auth-errors';
import { TokenService } from './token.service';

type RefreshOutcome =
  { kind: 'rotated'; pair: TokenPair } | { kind: 'reused'; sessionId: string } | { kind: 'expired' } | { kind: 'unknown' } | { kind: 'no-user' };

/**
 * Sessions are refresh-token families (ADR 021): login starts one, every refresh spends the
 * presented token and issues the next in the family, a spent or revoked token presented again
 * ends the family, logout ends it.
 */
@Injectable()
export class SessionService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly refreshTokens: RefreshTokenRepository,
    private readonly users: UserRepository,
    private readonly tokens: TokenService,
  ) {}

  /** A new session for the user. Joins the caller's transaction (registration, login). */
  async start(user: Pick<UserEntity, 'id' | 'email'>, now = new Date()): Promise<TokenPair> {
    const familyId = randomUUID();
    const secret = this.tokens.newRefreshSecret(familyId);
    await this.refreshTokens.insert({ familyId, userId: user.id, tokenHash: secret.hash, expiresAt: this.tokens.refreshExpiry(now) });
    const access = await this.tokens.signAccessToken(user, familyId, now);
    return { accessToken: access.token, refreshToken: secret.token, expiresIn: access.expiresIn };
  }

  /**
   * Rotates the presented refresh token. The transaction commits before any error is thrown: the
   * revocation a reuse causes must stand although the caller is answered TOKEN_REUSED (so the
   * handler opens no transaction around this call).
   */
  async refresh(presented: string, now = new Date()): Promise<TokenPair> {
    if (typeof presented !== 'string' || presented.length === 0 || presented.length > 512) throw authErrors.unknownRefreshToken();
    const outcome = await this.uow.transaction((): Promise<RefreshOutcome> => this.rotate(presented, now));
    switch (outcome.kind) {
      case 'rotated':
        return outcome.pair;
      case 'reused':
        throw authErrors.refreshReused(outcome.sessionId);
      case 'expired':
        throw authErrors.refreshExpired();
      case 'unknown':
        throw authErrors.unknownRefreshToken();
      case 'no-user':
        throw authErrors.unknownUser();
    }
  }

  private async rotate(presented: string, now: Date): Promise<RefreshOutcome> {
    const current = await this.refreshTokens.findByHashForUpdate(this.tokens.hashRefreshToken(presented));
    if (!current) return { kind: 'unknown' };
    if (current.usedAt || current.revokedAt) {
      // Someone holds a token that was already exchanged (or a session already ended): either the
      // client or a thief replays it, and we cannot tell which, so the whole session ends.
      await this.refreshTokens.revokeFamily(current.familyId, now);
      return { kind: 'reused', sessionId: current.familyId };
    }
    if (current.expiresAt.getTime() <= now.getTime()) return { kind: 'expired' };
    const user = await this.users.findById(current.userId);
    if (!user) return { kind: 'no-user' };
    const secret = this.tokens.newRefreshSecret(current.familyId);
    const next = await this.refreshTokens.insert({
      familyId: current.familyId,
      userId: user.id,
      tokenHash: secret.hash,
      expiresAt: this.tokens.refreshExpiry(now),
    });
    await this.refreshTokens.markUsed(current.id, next.id, now);
    const access = await this.tokens.signAccessToken(user, current.familyId, now);
    return { kind: 'rotated', pair: { accessToken: access.token, refreshToken: secret.token, expiresIn: access.expiresIn } };
  }

  /**
   * Ends the caller's session, the family of the refresh token they sent (if it is theirs), or
   * every session of the user. Idempotent: ending an ended session is not an error.
   */
  async logout(p: LogoutPayload, now = new Date()): Promise<LogoutResult> {
    const userId = p.actor.userId;
    if (p.allSessions) {
      const ended = await this.refreshTokens.revokeAllOfUser(userId, now);
      return { revokedSessionIds: [...new Set([p.sessionId, ...ended])] };
    }
    const sessions = new Set([p.sessionId]);
    if (p.refreshToken) {
      const token = await this.refreshTokens.findByHash(this.tokens.hashRefreshToken(p.refreshToken));
      // Another user's token is ignored, not revoked: logout must not let anyone end someone else's session.
      if (token && token.userId === userId) sessions.add(token.familyId);
    }
    for (const familyId of sessions) await this.refreshTokens.revokeFamily(familyId, now, userId);
    return { revokedSessionIds: [...sessions] };
  }
}
