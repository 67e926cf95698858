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
  /** Access tokens whose signature and claims were checked, by the token's exact string (ADR 178). */
  private readonly verified = new Map<string, VerifiedToken>();

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

  /**
   * The caller of a signed access token. A token verified once is remembered, by its exact
   * string, until it expires (ADR 178): the same client sends the same token with every request
   * for its whole life, and the HMAC, the base64 and the JSON parse were the largest part of an
   * authenticated request's own work. A remembered token is still checked for expiry (and not
   * before) on every use; its session's revocation is checked in the store on every request, as
   * before (admit). Bounded: the oldest half is dropped when full.
   */
  async verify(token: string): Promise<CurrentUserInfo> {
    const known = this.verified.get(token);
    if (known) {
      // jose's own tests, with its whole-second clock: expired once exp <= now - tolerance.
      const now = Math.floor(Date.now() / 1000);
      if (known.exp > now - CLOCK_TOLERANCE_SECONDS && known.nbf <= now + CLOCK_TOLERANCE_SECONDS) return { ...known.user };
      this.verified.delete(token);
    }
    const checked = await this.verifySignature(token);
    if (this.verified.size >= VERIFIED_MAX) {
      let drop = VERIFIED_MAX / 2;
      for (const key of this.verified.keys()) {
        if (drop-- <= 0) break;
        this.verified.delete(key);
      }
    }
    this.verified.set(token, checked);
    return { ...checked.user };
  }

  private async verifySignature(token: string): Promise<VerifiedToken> {
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
    const nbf = typeof payload.nbf === 'number' ? payload.nbf : -Infinity;
    return { user: { id: sub, email, sessionId: sid }, exp: payload.exp as number, nbf };
  }
}

/** How many verified access tokens are remembered (one per active client; ~300 bytes each). */
const VERIFIED_MAX = 10_000;

interface VerifiedToken {
  user: CurrentUserInfo;
  /** Its `exp` and `nbf` claims, seconds since the epoch. */
  exp: number;
  nbf: number;
}

function invalid(detail: string): ProblemError {
  return new ProblemError('UNAUTHENTICATED', detail, { headers: { 'WWW-Authenticate': challenge('The access token is not valid') } });
}
