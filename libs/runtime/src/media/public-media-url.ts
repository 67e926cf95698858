import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Signed public URLs of stored media (ADR 176). Instagram fetches a post's media from a public
 * URL at the time of publishing; the gateway serves `GET /api/v1/public-media/{storageKey}` without
 * a session when the query carries a signature, made with MEDIA_URL_SECRET (shared by the gateway
 * and the publishing agent), over the key, the type and the expiry. One URL opens one medium, as
 * that type, until it expires; nothing else about the library is reachable through it.
 */
export const PUBLIC_MEDIA_PATH = '/api/v1/public-media';

/** How long a signed URL stays good: long enough for the platform to fetch, short enough to leak little. */
export const PUBLIC_MEDIA_TTL_MS = 60 * 60_000;

/** What a signed URL names; the signature covers all of it. */
export interface PublicMediaClaim {
  storageKey: string;
  mimeType: string;
  /** Unix seconds after which the URL answers 404. */
  expires: number;
}

const payloadOf = (c: PublicMediaClaim) => `${c.storageKey}\n${c.mimeType}\n${c.expires}`;

export function publicMediaSignature(secret: string, c: PublicMediaClaim): string {
  return createHmac('sha256', secret).update(payloadOf(c)).digest('base64url');
}

/** `base` is the public origin the platform reaches the gateway at (MEDIA_PUBLIC_URL, else PUBLIC_URL). */
export function signPublicMediaUrl(
  base: string,
  secret: string,
  medium: { storageKey: string; mimeType: string },
  now = Date.now(),
  ttlMs = PUBLIC_MEDIA_TTL_MS,
): string {
  const claim = { storageKey: medium.storageKey, mimeType: medium.mimeType, expires: Math.floor((now + ttlMs) / 1000) };
  const path = claim.storageKey.split('/').map(encodeURIComponent).join('/');
  const q = new URLSearchParams({ type: claim.mimeType, expires: String(claim.expires), signature: publicMediaSignature(secret, claim) });
  return `${base.replace(/\/+$/, '')}${PUBLIC_MEDIA_PATH}/${path}?${q}`;
}

/**
 * Whether a request's key, type, expiry and signature are one this deployment signed and not yet
 * expired. Compared in constant time; any missing or malformed part is simply not valid.
 */
export function verifyPublicMedia(
  secret: string,
  q: { storageKey: string; type?: unknown; expires?: unknown; signature?: unknown },
  now = Date.now(),
): boolean {
  if (typeof q.type !== 'string' || typeof q.expires !== 'string' || typeof q.signature !== 'string') return false;
  if (!/^\d{1,12}$/.test(q.expires) || Number(q.expires) * 1000 < now) return false;
  const want = Buffer.from(publicMediaSignature(secret, { storageKey: q.storageKey, mimeType: q.type, expires: Number(q.expires) }));
  const got = Buffer.from(q.signature);
  return got.length === want.length && timingSafeEqual(got, want);
}
