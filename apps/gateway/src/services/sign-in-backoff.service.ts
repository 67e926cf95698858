import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { KV_STORE, type KeyValueStore } from '@mt/runtime';
import { ProblemError } from '../http/problem';

/** Failed sign-ins an account may have before it backs off. */
export const FREE_FAILURES = 4;
/** The first back-off; it doubles with every further failure, up to MAX_BACKOFF_MS. */
export const FIRST_BACKOFF_MS = 30_000;
export const MAX_BACKOFF_MS = 15 * 60_000;
/** Failures are forgotten this long after the first one of a streak (and at a success). */
const STREAK_MS = 60 * 60_000;

const accountKey = (email: string) => createHash('sha256').update(email.trim().toLowerCase()).digest('base64url');

/**
 * Failed sign-ins back off per account, whatever address they come from (ADR 104): after
 * FREE_FAILURES wrong passwords, the account's sign-in answers 429 for 30 s, doubling with each
 * further failure up to 15 minutes; a success clears it. Kept in the key-value store (shared by
 * the gateway replicas), keyed by a hash of the email: an unknown email backs off the same way,
 * so the answer tells nothing about whether the account exists.
 */
@Injectable()
export class SignInBackoff {
  constructor(@Inject(KV_STORE) private readonly kv: KeyValueStore) {}

  /** Throws 429 RATE_LIMITED when the account is backing off. */
  async check(email: string): Promise<void> {
    const until = Number(await this.kv.get(`signin:lock:${accountKey(email)}`).catch(() => null));
    const waitMs = until - Date.now();
    if (waitMs > 0) {
      const seconds = Math.ceil(waitMs / 1000);
      throw new ProblemError('RATE_LIMITED', `Too many failed sign-ins for this account. Try again in ${seconds} s.`, {
        headers: { 'Retry-After': String(seconds) },
      });
    }
  }

  async failed(email: string): Promise<void> {
    const key = accountKey(email);
    const { count } = await this.kv.increment(`signin:fail:${key}`, STREAK_MS);
    if (count <= FREE_FAILURES) return;
    const backoff = Math.min(MAX_BACKOFF_MS, FIRST_BACKOFF_MS * 2 ** (count - FREE_FAILURES - 1));
    await this.kv.set(`signin:lock:${key}`, String(Date.now() + backoff), backoff);
  }

  async succeeded(email: string): Promise<void> {
    const key = accountKey(email);
    await Promise.all([this.kv.delete(`signin:fail:${key}`), this.kv.delete(`signin:lock:${key}`)]);
  }
}
