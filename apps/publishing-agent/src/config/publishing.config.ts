import { z } from 'zod';
import { ConfigError } from '@mt/runtime';
import type { Resolve } from '../net/outbound-guard';

/**
 * The channels' settings: OAuth clients, API base URLs (tests point them at local fakes) and
 * timings. Parsed once from `runtime.config.settings`; a bad value stops start-up naming it.
 */
export interface PublishingConfig {
  /** The gateway's public URL: OAuth redirect URIs are `<publicUrl>/api/v1/connections/<platform>/oauth/callback`. */
  publicUrl: string;
  x: { clientId?: string; clientSecret?: string; apiUrl: string; authorizeUrl: string; scopes: string };
  linkedin: { clientId?: string; clientSecret?: string; apiUrl: string; authUrl: string; version: string; scopes: string };
  /** Threads (Meta): app id and secret; graph.threads.net serves the API, the token and refresh endpoints. */
  threads: { appId?: string; appSecret?: string; apiUrl: string; authorizeUrl: string; apiVersion: string; scopes: string };
  /**
   * Meta's Graph API (Facebook Login): app id and secret; graph.facebook.com serves the API and the
   * token endpoints, the login dialog is on www.facebook.com (ADR 175). pageScopes: Facebook Pages.
   */
  meta: { appId?: string; appSecret?: string; graphUrl: string; authorizeUrl: string; apiVersion: string; pageScopes: string; instagramScopes: string };
  /** Pinterest API v5 (ADR 179): the app's id and secret; api.pinterest.com serves the API and the token endpoint. */
  pinterest: { clientId?: string; clientSecret?: string; apiUrl: string; authorizeUrl: string; scopes: string };
  /**
   * YouTube Data API v3 through Google's OAuth 2.0 (ADR 180): the Google Cloud client's id and
   * secret; privacyStatus is what every upload is given (public, unlisted or private).
   */
  youtube: {
    clientId?: string;
    clientSecret?: string;
    apiUrl: string;
    authorizeUrl: string;
    tokenUrl: string;
    scopes: string;
    privacyStatus: 'public' | 'unlisted' | 'private';
  };
  /**
   * TikTok's Content Posting API (ADR 181): the app's client key and secret; open.tiktokapis.com
   * serves the API and the token endpoint, the consent page is on www.tiktok.com. privacyLevel is
   * what every post asks for, when the creator's creator_info allows it.
   */
  tiktok: {
    clientKey?: string;
    clientSecret?: string;
    apiUrl: string;
    authorizeUrl: string;
    scopes: string;
    privacyLevel: 'PUBLIC_TO_EVERYONE' | 'MUTUAL_FOLLOW_FRIENDS' | 'FOLLOWER_OF_CREATOR' | 'SELF_ONLY';
    /** How long a post TikTok is still processing waits before its status is read again (ADR 206). */
    stillProcessingWaitMs: number;
  };
  /**
   * Signed public URLs of our media, for platforms that fetch media themselves (Instagram, ADR 176):
   * the origin they reach the gateway at (MEDIA_PUBLIC_URL, else PUBLIC_URL) and the shared secret
   * (MEDIA_URL_SECRET; unset: no such URL can be made, and Instagram is not configured).
   */
  publicMedia: { baseUrl: string; secret?: string };
  /** linkCardTimeoutMs: the longest a post waits for its link card's page (ADR 146). */
  bluesky: { serviceUrl: string; linkCardTimeoutMs: number };
  medium: { apiUrl: string };
  /** One HTTP call to a platform. A publish that times out is "outcome unknown" and is reconciled. */
  requestTimeoutMs: number;
  /**
   * The longest the media of one publish attempt may take (uploads and the platform's processing)
   * before the post call (X, LinkedIn, WordPress, ADR 167). Past it the attempt is retried without
   * posting, so an attempt the publish runner has given up on (PUBLISH_TIMEOUT_MS) can never post
   * behind its back: keep it plus CHANNEL_TIMEOUT_MS below PUBLISH_TIMEOUT_MS.
   */
  mediaBudgetMs: number;
  /**
   * One call while a user waits (verifying credentials on connect, the OAuth code exchange): one
   * attempt, shorter than the gateway's RPC_TIMEOUT_MS so the user gets the platform's answer.
   */
  connectTimeoutMs: number;
  /** Retries of a transient failure inside one refresh (backoff doubles from retryBaseMs). */
  retries: number;
  retryBaseMs: number;
  /** Tokens expiring within this window are refreshed. */
  refreshAheadMs: number;
  /** How often the refresh sweep runs; 0 switches it off. */
  refreshSweepMs: number;
  oauthStateTtlMs: number;
  /**
   * Allow platform and channel URLs (webhook, Mastodon instance, WordPress site) on loopback and
   * private networks: CHANNEL_ALLOW_PRIVATE_URLS, off by default in every mode (ADR 100).
   */
  allowPrivateUrls: boolean;
  /** How host names are resolved for outbound calls; the system resolver unless a test hands in its own. */
  resolve?: Resolve;
  /** Keys that encrypted credentials before the current one (rotation): base64, comma-separated. */
  previousCredentialKeys: string[];
}

const int = (def: number, min = 0, max = Number.MAX_SAFE_INTEGER) => z.coerce.number().int().min(min).max(max).default(def);
const httpUrl = (def: string) =>
  z
    .string()
    .url()
    .refine((v) => /^https?:$/.test(new URL(v).protocol), 'must be an http(s) URL')
    .transform((v) => v.replace(/\/+$/, ''))
    .default(def);
const key = /^[A-Za-z0-9+/]{43}=$/;

const schema = z.object({
  PORT: z.string().default('3000'),
  PUBLIC_URL: z.string().url().optional(),
  X_CLIENT_ID: z.string().optional(),
  X_CLIENT_SECRET: z.string().optional(),
  X_API_URL: httpUrl('https://api.x.com'),
  X_AUTHORIZE_URL: httpUrl('https://x.com/i/oauth2/authorize'),
  X_SCOPES: z.string().default('tweet.read tweet.write users.read media.write offline.access'),
  LINKEDIN_CLIENT_ID: z.string().optional(),
  LINKEDIN_CLIENT_SECRET: z.string().optional(),
  LINKEDIN_API_URL: httpUrl('https://api.linkedin.com'),
  LINKEDIN_AUTH_URL: httpUrl('https://www.linkedin.com/oauth/v2'),
  LINKEDIN_VERSION: z
    .string()
    .regex(/^\d{6}$/, 'like 202505 (YYYYMM)')
    .default('202505'),
  LINKEDIN_SCOPES: z.string().default('openid profile w_member_social'),
  THREADS_APP_ID: z.string().optional(),
  THREADS_APP_SECRET: z.string().optional(),
  THREADS_API_URL: httpUrl('https://graph.threads.net'),
  THREADS_AUTHORIZE_URL: httpUrl('https://threads.net/oauth/authorize'),
  THREADS_API_VERSION: z
    .string()
    .regex(/^v\d+\.\d+$/, 'like v1.0')
    .default('v1.0'),
  THREADS_SCOPES: z.string().default('threads_basic,threads_content_publish'),
  META_APP_ID: z.string().optional(),
  META_APP_SECRET: z.string().optional(),
  META_GRAPH_URL: httpUrl('https://graph.facebook.com'),
  META_AUTHORIZE_URL: httpUrl('https://www.facebook.com/v23.0/dialog/oauth'),
  META_API_VERSION: z
    .string()
    .regex(/^v\d+\.\d+$/, 'like v23.0')
    .default('v23.0'),
  FACEBOOK_SCOPES: z.string().default('pages_show_list,pages_read_engagement,pages_manage_posts'),
  PINTEREST_CLIENT_ID: z.string().optional(),
  PINTEREST_CLIENT_SECRET: z.string().optional(),
  PINTEREST_API_URL: httpUrl('https://api.pinterest.com'),
  PINTEREST_AUTHORIZE_URL: httpUrl('https://www.pinterest.com/oauth'),
  PINTEREST_SCOPES: z.string().default('boards:read,pins:read,pins:write,user_accounts:read'),
  GOOGLE_CLIENT_ID: z.string().optional(),
  GOOGLE_CLIENT_SECRET: z.string().optional(),
  YOUTUBE_API_URL: httpUrl('https://www.googleapis.com'),
  GOOGLE_AUTHORIZE_URL: httpUrl('https://accounts.google.com/o/oauth2/v2/auth'),
  GOOGLE_TOKEN_URL: httpUrl('https://oauth2.googleapis.com/token'),
  YOUTUBE_SCOPES: z.string().default('https://www.googleapis.com/auth/youtube.upload https://www.googleapis.com/auth/youtube.readonly'),
  YOUTUBE_PRIVACY_STATUS: z.enum(['public', 'unlisted', 'private']).default('public'),
  TIKTOK_CLIENT_KEY: z.string().optional(),
  TIKTOK_CLIENT_SECRET: z.string().optional(),
  TIKTOK_API_URL: httpUrl('https://open.tiktokapis.com'),
  TIKTOK_AUTHORIZE_URL: httpUrl('https://www.tiktok.com/v2/auth/authorize'),
  TIKTOK_SCOPES: z.string().default('user.info.basic,video.publish,video.list'),
  TIKTOK_PRIVACY_LEVEL: z.enum(['PUBLIC_TO_EVERYONE', 'MUTUAL_FOLLOW_FRIENDS', 'FOLLOWER_OF_CREATOR', 'SELF_ONLY']).default('PUBLIC_TO_EVERYONE'),
  TIKTOK_STILL_PROCESSING_WAIT_MS: int(60_000, 100, 3_600_000),
  INSTAGRAM_SCOPES: z.string().default('instagram_basic,instagram_content_publish,pages_show_list,pages_read_engagement'),
  MEDIA_PUBLIC_URL: z
    .string()
    .url()
    .refine((v) => /^https?:$/.test(new URL(v).protocol), 'must be an http(s) URL')
    .transform((v) => v.replace(/\/+$/, ''))
    .optional(),
  MEDIA_URL_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  BLUESKY_SERVICE_URL: httpUrl('https://bsky.social'),
  BLUESKY_LINK_CARD_TIMEOUT_MS: int(3_000, 100, 30_000),
  MEDIUM_API_URL: httpUrl('https://api.medium.com'),
  CHANNEL_TIMEOUT_MS: int(10_000, 100, 120_000),
  CHANNEL_MEDIA_BUDGET_MS: int(15_000, 100, 3_600_000),
  CHANNEL_CONNECT_TIMEOUT_MS: int(4_000, 100, 60_000),
  CHANNEL_RETRIES: int(3, 0, 10),
  CHANNEL_RETRY_BASE_MS: int(500, 1, 60_000),
  TOKEN_REFRESH_AHEAD_MS: int(15 * 60_000, 0),
  TOKEN_REFRESH_SWEEP_MS: int(5 * 60_000, 0),
  OAUTH_STATE_TTL_MS: int(10 * 60_000, 10_000, 3_600_000),
  CHANNEL_ALLOW_PRIVATE_URLS: z.enum(['true', 'false', '1', '0']).optional(),
  CREDENTIALS_PREVIOUS_KEYS: z
    .string()
    .default('')
    .transform((v) =>
      v
        .split(',')
        .map((k) => k.trim())
        .filter(Boolean),
    )
    .refine((keys) => keys.every((k) => key.test(k)), 'each key must be 32 bytes in base64'),
});

export function loadPublishingConfig(settings: Readonly<Record<string, string>>): PublishingConfig {
  const parsed = schema.safeParse(settings);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConfigError(String(issue.path[0] ?? '?'), issue.message);
  }
  const s = parsed.data;
  const publicUrl = (s.PUBLIC_URL ?? `http://localhost:${s.PORT}`).replace(/\/+$/, '');
  const allowPrivate = s.CHANNEL_ALLOW_PRIVATE_URLS === 'true' || s.CHANNEL_ALLOW_PRIVATE_URLS === '1';
  return {
    publicUrl,
    x: { clientId: s.X_CLIENT_ID, clientSecret: s.X_CLIENT_SECRET, apiUrl: s.X_API_URL, authorizeUrl: s.X_AUTHORIZE_URL, scopes: s.X_SCOPES },
    linkedin: {
      clientId: s.LINKEDIN_CLIENT_ID,
      clientSecret: s.LINKEDIN_CLIENT_SECRET,
      apiUrl: s.LINKEDIN_API_URL,
      authUrl: s.LINKEDIN_AUTH_URL,
      version: s.LINKEDIN_VERSION,
      scopes: s.LINKEDIN_SCOPES,
    },
    threads: {
      appId: s.THREADS_APP_ID,
      appSecret: s.THREADS_APP_SECRET,
      apiUrl: s.THREADS_API_URL,
      authorizeUrl: s.THREADS_AUTHORIZE_URL,
      apiVersion: s.THREADS_API_VERSION,
      scopes: s.THREADS_SCOPES,
    },
    meta: {
      appId: s.META_APP_ID,
      appSecret: s.META_APP_SECRET,
      graphUrl: s.META_GRAPH_URL,
      authorizeUrl: s.META_AUTHORIZE_URL,
      apiVersion: s.META_API_VERSION,
      pageScopes: s.FACEBOOK_SCOPES,
      instagramScopes: s.INSTAGRAM_SCOPES,
    },
    pinterest: {
      clientId: s.PINTEREST_CLIENT_ID,
      clientSecret: s.PINTEREST_CLIENT_SECRET,
      apiUrl: s.PINTEREST_API_URL,
      authorizeUrl: s.PINTEREST_AUTHORIZE_URL,
      scopes: s.PINTEREST_SCOPES,
    },
    youtube: {
      clientId: s.GOOGLE_CLIENT_ID,
      clientSecret: s.GOOGLE_CLIENT_SECRET,
      apiUrl: s.YOUTUBE_API_URL,
      authorizeUrl: s.GOOGLE_AUTHORIZE_URL,
      tokenUrl: s.GOOGLE_TOKEN_URL,
      scopes: s.YOUTUBE_SCOPES,
      privacyStatus: s.YOUTUBE_PRIVACY_STATUS,
    },
    tiktok: {
      clientKey: s.TIKTOK_CLIENT_KEY,
      clientSecret: s.TIKTOK_CLIENT_SECRET,
      apiUrl: s.TIKTOK_API_URL,
      authorizeUrl: s.TIKTOK_AUTHORIZE_URL,
      scopes: s.TIKTOK_SCOPES,
      privacyLevel: s.TIKTOK_PRIVACY_LEVEL,
      stillProcessingWaitMs: s.TIKTOK_STILL_PROCESSING_WAIT_MS,
    },
    publicMedia: { baseUrl: s.MEDIA_PUBLIC_URL ?? publicUrl, secret: s.MEDIA_URL_SECRET },
    bluesky: { serviceUrl: s.BLUESKY_SERVICE_URL, linkCardTimeoutMs: s.BLUESKY_LINK_CARD_TIMEOUT_MS },
    medium: { apiUrl: s.MEDIUM_API_URL },
    requestTimeoutMs: s.CHANNEL_TIMEOUT_MS,
    mediaBudgetMs: s.CHANNEL_MEDIA_BUDGET_MS,
    connectTimeoutMs: s.CHANNEL_CONNECT_TIMEOUT_MS,
    retries: s.CHANNEL_RETRIES,
    retryBaseMs: s.CHANNEL_RETRY_BASE_MS,
    refreshAheadMs: s.TOKEN_REFRESH_AHEAD_MS,
    refreshSweepMs: s.TOKEN_REFRESH_SWEEP_MS,
    oauthStateTtlMs: s.OAUTH_STATE_TTL_MS,
    allowPrivateUrls: allowPrivate,
    previousCredentialKeys: s.CREDENTIALS_PREVIOUS_KEYS,
  };
}

/** Injection token of the parsed PublishingConfig. */
export const PUBLISHING_CONFIG = Symbol('PUBLISHING_CONFIG');
