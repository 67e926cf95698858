import { Module } from '@nestjs/common';
import { RUNTIME, type Runtime } from '@mt/runtime';
import { WEBHOOK_SECRET_CIPHER, webhookSecretCipher } from './webhook-secrets';

/**
 * The key ring webhook signing secrets are sealed with (outbound subscriptions in scheduling,
 * inbound endpoints in performance), provided once for both.
 */
@Module({
  providers: [{ provide: WEBHOOK_SECRET_CIPHER, inject: [RUNTIME], useFactory: (runtime: Runtime) => webhookSecretCipher(runtime) }],
  exports: [WEBHOOK_SECRET_CIPHER],
})
export class CryptoModule {}
