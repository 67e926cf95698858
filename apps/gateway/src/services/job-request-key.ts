import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * The Idempotency-Key of the POST being handled, as the idempotency interceptor scoped and hashed
 * it (ADR 030), and the request's fingerprint: what a job started by the request records, so that
 * the same key sent again after the key-value store lost its record still finds the first job
 * (ADR 168).
 */
export interface JobRequestKey {
  /** `u:<userId>` (or `ip:<address>` on a public route, where no job is started). */
  scope: string;
  /** sha256 of the key, base64url — the key itself is not stored. */
  keyHash: string;
  /** sha256 of method, path, scope and canonical body. */
  fingerprint: string;
}

const current = new AsyncLocalStorage<JobRequestKey>();

/** Runs the handler of a keyed POST where `jobRequestKeyOf` finds its key. */
export function withJobRequestKey<T>(key: JobRequestKey, handler: () => T): T {
  return current.run(key, handler);
}

/** The key of the keyed POST being handled for this user, or undefined (no key, or another scope). */
export function jobRequestKeyOf(userId: string): JobRequestKey | undefined {
  const key = current.getStore();
  return key && key.scope === `u:${userId}` ? key : undefined;
}
