import type { Provider } from '@nestjs/common';
import { PUBLISHING_CONFIG, type PublishingConfig } from '../../config/publishing.config';
import { CHANNEL_PROVIDERS, type ChannelProvider } from './channel-provider';
import { BlueskyProvider } from './bluesky.provider';
import { FacebookProvider } from './facebook.provider';
import { InstagramProvider } from './instagram.provider';
import { LinkedInProvider } from './linkedin.provider';
import { MastodonProvider } from './mastodon.provider';
import { MediumProvider } from './medium.provider';
import { PinterestProvider } from './pinterest.provider';
import { ThreadsProvider } from './threads.provider';
import { TikTokProvider } from './tiktok.provider';
import { WebhookProvider } from './webhook.provider';
import { WordPressProvider } from './wordpress.provider';
import { XProvider } from './x.provider';
import { YouTubeProvider } from './youtube.provider';

/** Every platform's provider class; the registry collects them under CHANNEL_PROVIDERS. */
const PROVIDER_CLASSES = [
  XProvider,
  LinkedInProvider,
  ThreadsProvider,
  FacebookProvider,
  PinterestProvider,
  TikTokProvider,
  YouTubeProvider,
  InstagramProvider,
  MastodonProvider,
  BlueskyProvider,
  WordPressProvider,
  MediumProvider,
  WebhookProvider,
] as const;

export const CHANNEL_PROVIDER_PROVIDERS: Provider[] = [
  ...PROVIDER_CLASSES.map((cls) => ({ provide: cls, useFactory: (c: PublishingConfig) => new cls(c), inject: [PUBLISHING_CONFIG] })),
  { provide: CHANNEL_PROVIDERS, useFactory: (...all: ChannelProvider[]) => all, inject: [...PROVIDER_CLASSES] },
];
