import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Standard Webhooks verification (the spec the platform's own outbound deliveries follow): the
 * sender signs `${webhook-id}.${webhook-timestamp}.${body}` with HMAC-SHA256 keyed by the base64
 * bytes after `whsec_`, and sends `v1,<base64 signature>` (several, space-separated, during a
 * key rotation). A timestamp more than five minutes off is refused, so a captured request cannot
 * be replayed later; within the window, the webhook-id de-duplicates.
 */
export const TOLERANCE_SECONDS = 5 * 60;

export type WebhookCheck = { ok: true } | { ok: false; reason: string };

export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

export function signWebhook(secret: string, id: string, timestamp: string, body: string): string {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  return `v1,${createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64')}`;
}

export function verifyWebhook(
  secret: string,
  headers: { id: string; timestamp: string; signature: string },
  body: string,
  now: Date = new Date(),
): WebhookCheck {
  if (!headers.id || !headers.timestamp || !headers.signature) return { ok: false, reason: 'missing webhook-id, webhook-timestamp or webhook-signature' };
  if (!/^\d{1,12}$/.test(headers.timestamp)) return { ok: false, reason: 'webhook-timestamp must be Unix seconds' };
  const skew = Math.abs(now.getTime() / 1000 - Number(headers.timestamp));
  if (skew > TOLERANCE_SECONDS) return { ok: false, reason: 'webhook-timestamp is too far from now' };
  const expected = Buffer.from(signWebhook(secret, headers.id, headers.timestamp, body).slice(3), 'base64');
  for (const candidate of headers.signature.split(' ')) {
    const [version, sig] = candidate.split(',', 2);
    if (version !== 'v1' || !sig) continue;
    const given = Buffer.from(sig, 'base64');
    if (given.length === expected.length && timingSafeEqual(given, expected)) return { ok: true };
  }
  return { ok: false, reason: 'no signature matches' };
}
