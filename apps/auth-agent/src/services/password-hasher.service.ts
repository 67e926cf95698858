import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { type Algorithm, hash, type Options, parseOptions, verify } from '@node-rs/argon2';

/**
 * argon2id at OWASP's first recommended setting (ADR 020): 19 MiB, 2 passes, 1 lane — about
 * 20–40 ms on this kind of machine. `Algorithm` is a const enum (not importable at run time under
 * per-file compilation), hence the literal.
 */
export const ARGON2_OPTIONS: Readonly<Options> = {
  algorithm: 2 as Algorithm, // Argon2id
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
};

@Injectable()
export class PasswordHasher {
  /** A hash of nothing anyone knows, verified against when an email is unknown: both answers cost one verify. */
  private dummy: Promise<string> | null = null;

  hash(password: string): Promise<string> {
    return hash(password, ARGON2_OPTIONS);
  }

  async verify(passwordHash: string, password: string): Promise<boolean> {
    try {
      return await verify(passwordHash, password);
    } catch {
      // A malformed stored hash answers "wrong password", never a 500 that tells the two apart.
      return false;
    }
  }

  /** Spends the same work as a real verify, for an email that has no account. */
  async verifyNobody(password: string): Promise<false> {
    this.dummy ??= hash(randomBytes(32).toString('base64url'), ARGON2_OPTIONS);
    await this.verify(await this.dummy, password);
    return false;
  }

  /** True when the hash was made with other parameters than today's: rehash at the next login. */
  needsRehash(passwordHash: string): boolean {
    try {
      const o = parseOptions(passwordHash);
      return (
        o.algorithm !== ARGON2_OPTIONS.algorithm ||
        o.memoryCost !== ARGON2_OPTIONS.memoryCost ||
        o.timeCost !== ARGON2_OPTIONS.timeCost ||
        o.parallelism !== ARGON2_OPTIONS.parallelism
      );
    } catch {
      return true;
    }
  }
}
