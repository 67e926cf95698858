import type { Runtime } from '@mt/runtime';
import { loadPublishingConfig } from '../config/publishing.config';
import { CredentialCipher } from './credential-cipher.service';

/**
 * Webhook signing secrets are credentials: outbound subscriptions' and inbound endpoints' are
 * sealed at rest with the channels' AES-256-GCM key ring (CREDENTIALS_KEY,
 * CREDENTIALS_PREVIOUS_KEYS; ADR 070), bound to their row by the associated data, opened only to
 * sign or verify a delivery.
 */
export const WEBHOOK_SECRET_CIPHER = Symbol('WEBHOOK_SECRET_CIPHER');

export function webhookSecretCipher(runtime: Runtime): CredentialCipher {
  return new CredentialCipher(runtime.credentialsKey, loadPublishingConfig(runtime.config.settings).previousCredentialKeys);
}

const context = (subscriptionId: string) => `webhook-subscription:${subscriptionId}`;

export function sealWebhookSecret(cipher: CredentialCipher, subscriptionId: string, secret: string): string {
  return cipher.seal(secret, context(subscriptionId)).value;
}

export function openWebhookSecret(cipher: CredentialCipher, subscriptionId: string, sealed: string): string {
  return cipher.open<string>(sealed, context(subscriptionId));
}

const inboundContext = (connectionId: string) => `inbox-endpoint:${connectionId}`;

export function sealInboundSecret(cipher: CredentialCipher, connectionId: string, secret: string): string {
  return cipher.seal(secret, inboundContext(connectionId)).value;
}

/**
 * An inbound endpoint's secret, and whether its stored form should be sealed again: when it was
 * sealed with a key that is no longer the current one, or stored before inbound secrets were
 * sealed (a plain `whsec_…`).
 */
export function openInboundSecret(cipher: CredentialCipher, connectionId: string, stored: string): { secret: string; reseal: boolean } {
  if (!stored.startsWith('v1.')) return { secret: stored, reseal: true };
  return { secret: cipher.open<string>(stored, inboundContext(connectionId)), reseal: cipher.isStale(stored.split('.')[1] ?? '') };
}
