import { createHash, randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { SignJWT } from 'jose';
import type { AccessTokenClaims } from '@mt/messages';
import { RUNTIME, type Runtime } from '@mt/runtime';

export interface SignedAccessToken {
  token: string;
  /** Seconds until it expires. */
  expiresIn: number;
}

export interface NewRefreshSecret {
  /** What the client gets: 32 random bytes, base64url. Never stored. */
  token: string;
  /** What is stored and looked up. */
  hash: string;
}

/** The settings and secret the token service needs from the runtime. */
export type TokenRuntime = Pick<Runtime, 'jwtSecret'> & { config: { auth: { accessTtlSeconds: number; refreshTtlDays: number } } };

/**
 * Access tokens: HS256 JWTs with sub, email, sid (session = refresh family), iat and exp, which the
 * gateway verifies locally. Refresh tokens: opaque random strings, stored as their SHA-256 (a
 * 256-bit random secret needs no slow hash: nothing to guess). ADR 021.
 */
@Injectable()
export class TokenService {
  private readonly key: Uint8Array;

  constructor(@Inject(RUNTIME) private readonly runtime: TokenRuntime) {
    this.key = new TextEncoder().encode(runtime.jwtSecret);
  }

  get accessTtlSeconds(): number {
    return this.runtime.config.auth.accessTtlSeconds;
  }

  async signAccessToken(user: { id: string; email: string }, sessionId: string, now = new Date()): Promise<SignedAccessToken> {
    const iat = Math.floor(now.getTime() / 1000);
    const claims: Omit<AccessTokenClaims, 'sub'> = { email: user.email, sid: sessionId };
    const token = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(user.id)
      .setIssuedAt(iat)
      .setExpirationTime(iat + this.accessTtlSeconds)
      .sign(this.key);
    return { token, expiresIn: this.accessTtlSeconds };
  }

  /** `<family>.<secret>`: the family lets the gateway limit refreshes per session (ADR 104); the secret is the credential. */
  newRefreshSecret(familyId: string): NewRefreshSecret {
    const token = `${familyId}.${randomBytes(32).toString('base64url')}`;
    return { token, hash: this.hashRefreshToken(token) };
  }

  hashRefreshToken(token: string): string {
    return createHash('sha256').update(token, 'utf8').digest('hex');
  }

  refreshExpiry(now = new Date()): Date {
    return new Date(now.getTime() + this.runtime.config.auth.refreshTtlDays * 86_400_000);
  }
}
