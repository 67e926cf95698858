import type { Provider } from '@nestjs/common';
import { PUBLISHING_CONFIG, type PublishingConfig } from '../config/publishing.config';
import { CHANNEL_PROVIDERS, type ChannelProvider } from './channel-provider';
import { WebhookProvider } from './webhook.provider';

/** Every platform's provider class; the registry collects them under CHANNEL_PROVIDERS. */
const PROVIDER_CLASSES = [WebhookProvider] as const;

export const CHANNEL_PROVIDER_PROVIDERS: Provider[] = [
  ...PROVIDER_CLASSES.map((cls) => ({ provide: cls, useFactory: (c: PublishingConfig) => new cls(c), inject: [PUBLISHING_CONFIG] })),
  { provide: CHANNEL_PROVIDERS, useFactory: (...all: ChannelProvider[]) => all, inject: [...PROVIDER_CLASSES] },
];
