import { ConfigError } from '@mt/runtime';
import { loadPublishingConfig } from './publishing.config';

describe('loadPublishingConfig', () => {
  it('has working defaults: real platform URLs, no OAuth clients, private URLs refused in every mode', () => {
    const c = loadPublishingConfig({});
    expect(c).toMatchObject({
      publicUrl: 'http://localhost:3000',
      x: { apiUrl: 'https://api.x.com', authorizeUrl: 'https://x.com/i/oauth2/authorize', clientId: undefined },
      linkedin: { apiUrl: 'https://api.linkedin.com', version: '202505' },
      bluesky: { serviceUrl: 'https://bsky.social', linkCardTimeoutMs: 3_000 },
      requestTimeoutMs: 10_000,
      allowPrivateUrls: false,
      previousCredentialKeys: [],
    });
    expect(loadPublishingConfig({ NODE_ENV: 'development' }).allowPrivateUrls).toBe(false);
    expect(loadPublishingConfig({ NODE_ENV: 'production' }).allowPrivateUrls).toBe(false);
    expect(loadPublishingConfig({ CHANNEL_ALLOW_PRIVATE_URLS: 'true' }).allowPrivateUrls).toBe(true);
    expect(loadPublishingConfig({ NODE_ENV: 'production', CHANNEL_ALLOW_PRIVATE_URLS: 'true' }).allowPrivateUrls).toBe(true);
  });

  it('names the bad setting', () => {
    const bad = (env: Record<string, string>) => {
      try {
        loadPublishingConfig(env);
      } catch (err) {
        return err instanceof ConfigError ? err.setting : 'not a ConfigError';
      }
      return 'accepted';
    };
    expect(bad({ X_API_URL: 'ftp://x' })).toBe('X_API_URL');
    expect(bad({ LINKEDIN_VERSION: '2025-05' })).toBe('LINKEDIN_VERSION');
    expect(bad({ CREDENTIALS_PREVIOUS_KEYS: 'short' })).toBe('CREDENTIALS_PREVIOUS_KEYS');
    expect(bad({ CHANNEL_TIMEOUT_MS: '5' })).toBe('CHANNEL_TIMEOUT_MS');
    expect(bad({ BLUESKY_LINK_CARD_TIMEOUT_MS: 'soon' })).toBe('BLUESKY_LINK_CARD_TIMEOUT_MS');
    expect(loadPublishingConfig({ BLUESKY_LINK_CARD_TIMEOUT_MS: '1500' }).bluesky.linkCardTimeoutMs).toBe(1500);
    expect(bad({ PUBLIC_URL: 'https://mt.example.com/' })).toBe('accepted');
  });
});
