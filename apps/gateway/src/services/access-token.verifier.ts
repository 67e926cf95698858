import { createSecretKey, type KeyObject } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { errors, jwtVerify } from 'jose';
import { RUNTIME, type Runtime } from '@mt/runtime';
import type { CurrentUserInfo } from '../http/current-user';
import { ProblemError } from '../http/problem';
import { PersonalAccessTokensService } from './personal-access-tokens.service';
import { CLOCK_TOLERANCE_SECONDS, SessionRevocations } from './session-revocations.service';

/** RFC 6750: a 401 tells the client which scheme to use and, for a bad token, that it is the token. */
const CHALLENGE_MISSING = 'Bearer realm="api"';
const challenge = (description: string) => `Bearer realm="api", error="invalid_token", error_description="${description}"`;

/**
 * Checks an access token locally — HS256 signature with the shared secret, expiry, claims — and
 * that its session was not ended (one key-value lookup): no call to auth-agent per request (ADR 023).
 * A `mt_pat_…` bearer is a personal access token, looked up by its hash (ADR 117).
 */
@Injectable()
export class AccessTokenVerifier {
  private readonly key: KeyObject;

  constructor(
    @Inject(RUNTIME) runtime: Pick<Runtime, 'jwtSecret'>,
    private readonly revocations: SessionRevocations,
    private readonly tokens: PersonalAccessTokensService,
  ) {
    this.key = createSecretKey(Buffer.from(runtime.jwtSecret, 'utf8'));
  }

  /** The caller of a request, from its Authorization header; throws a 401 problem otherwise. */
  async fromAuthorization(header: string | undefined): Promise<CurrentUserInfo> {
    return (await this.admit(header, () => [], 0)).user;
  }

  /**
   * As fromAuthorization, and in the same store round trip as the revocation check, counts the
   * request on the counters `countersOf(user)` names (its rate limits; nothing is counted for a
   * refused token).
   */
  async admit(
    header: string | undefined,
    countersOf: (user: CurrentUserInfo) => readonly string[],
    windowMs: number,
  ): Promise<{ user: CurrentUserInfo; counts: { count: number; ttlMs: number }[] | null }> {
    if (!header)
      throw new ProblemError('UNAUTHENTICATED', 'Send an access token: Authorization: Bearer <token>.', { headers: { 'WWW-Authenticate': CHALLENGE_MISSING } });
    const pat = /^Bearer (mt_pat_\S*)$/.exec(header.trim());
    if (pat) {
      const caller = await this.tokens.authenticate(pat[1]);
      if (!caller) throw invalid('This personal access token is not valid: unknown, revoked or expired.');
      // Revocation of a token is its row (read just now); the store round trip only counts.
      const { counts } = await this.revocations.checkAndCount(caller.sessionId, countersOf(caller), windowMs);
      return { user: caller, counts };
    }
    const match = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)$/.exec(header.trim());
    if (!match) throw invalid('The Authorization header is not a Bearer access token.');
    const user = await this.verify(match[1]);
    const { revoked, counts } = await this.revocations.checkAndCount(user.sessionId, countersOf(user), windowMs);
    if (revoked) throw invalid('This session has ended; sign in again.');
    return { user, counts };
  }

  async verify(token: string): Promise<CurrentUserInfo> {
    let payload: Record<string, unknown>;
    try {
      ({ payload } = await jwtVerify(token, this.key, {
        algorithms: ['HS256'],
        requiredClaims: ['sub', 'exp', 'iat'],
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
      }));
    } catch (err) {
      if (err instanceof errors.JWTExpired) {
        throw new ProblemError('TOKEN_EXPIRED', 'The access token has expired; refresh it.', {
          headers: { 'WWW-Authenticate': challenge('The access token expired') },
        });
      }
      throw invalid('The access token is not valid.');
    }
    const { sub, email, sid } = payload;
    if (typeof sub !== 'string' || typeof email !== 'string' || typeof sid !== 'string' || !sub || !sid) {
      throw invalid('The access token is not valid.');
    }
    return { id: sub, email, sessionId: sid };
  }
}

function invalid(detail: string): ProblemError {
  return new ProblemError('UNAUTHENTICATED', detail, { headers: { 'WWW-Authenticate': challenge('The access token is not valid') } });
}
