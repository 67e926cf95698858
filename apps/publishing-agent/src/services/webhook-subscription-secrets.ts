import type { Runtime } from '@mt/runtime';
import { loadPublishingConfig } from '../config/publishing.config';
import { CredentialCipher } from './credential-cipher.service';

/**
 * Subscription signing secrets are credentials: sealed at rest with the channels' AES-256-GCM
 * key ring (CREDENTIALS_KEY, CREDENTIALS_PREVIOUS_KEYS; ADR 070), bound to their subscription by
 * the associated data, opened only to sign a delivery.
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
