import type { PlatformAuthKind } from '@mt/messages';
import type { PlatformId, PlatformRules } from '@mt/ai';
import type { OutboundPost, PostMetricsReading, PublishOutcome, ReconcileOutcome } from '../channel-gateway.port';

/** Secrets of one connection (tokens, passwords, the webhook secret), as decrypted for one call. */
export type ChannelCredentials = Record<string, string>;
/** Non-secret settings of one connection (instance or site URL, handle, the platform's user id). */
export type ChannelConfig = Record<string, string>;

/** What a provider is given for a call on one connection. */
export interface ChannelContext {
  connectionId: string;
  credentials: ChannelCredentials;
  config: ChannelConfig;
  accountId: string | null;
}

export interface ConnectInput {
  credentials: ChannelCredentials;
  config: ChannelConfig;
  displayName?: string;
}

/** A verified account, ready to store (credentials are encrypted by the caller). */
export interface ConnectedAccount {
  accountId: string | null;
  displayName: string;
  credentials: ChannelCredentials;
  config: ChannelConfig;
  /** When the access token expires; null when it does not (static tokens, app passwords). */
  expiresAt: Date | null;
}

export interface RefreshedCredentials {
  credentials: ChannelCredentials;
  expiresAt: Date | null;
}

/** Whether the platform still shows a post. */
export type PostStatus = 'live' | 'missing' | 'unknown';

/**
 * Why a provider call (other than publish, which answers a PublishOutcome) failed:
 * - `revoked`: the grant or token is no longer valid (invalid_grant, 401): the user must reconnect;
 * - `transient`: timeout, 5xx, 429: try again later, never disconnect;
 * - `invalid`: what the user gave is wrong (bad URL, missing field, rejected credentials on connect);
 * - `permanent`: anything else the platform refuses.
 */
export type ProviderErrorKind = 'revoked' | 'transient' | 'invalid' | 'permanent';

export class ProviderError extends Error {
  constructor(
    readonly kind: ProviderErrorKind,
    readonly code: string,
    message: string,
    readonly extra: { status?: number; retryAfterMs?: number } = {},
  ) {
    super(message);
    this.name = 'ProviderError';
  }
}

export interface OAuthAuthorizeRequest {
  state: string;
  codeChallenge: string;
  redirectUri: string;
}

export interface OAuthCodeExchange {
  code: string;
  codeVerifier: string;
  redirectUri: string;
}

/**
 * One platform. Providers hold no state of their own: every call gets the connection's decrypted
 * credentials and config, and answers what the platform said, classified.
 */
export interface ChannelProvider {
  readonly platform: PlatformId;
  readonly authKind: PlatformAuthKind;
  /** Keys POST /connections expects in `credentials` and `config`. */
  readonly credentialFields: readonly string[];
  readonly configFields: readonly string[];
  limits(): PlatformRules;
  /** False when the deployment lacks a setting the platform needs (an OAuth client). */
  configured(): boolean;
  /** Verifies what the user gave where the platform allows it, and answers what to store. Throws ProviderError. */
  connect(input: ConnectInput): Promise<ConnectedAccount>;
  /** Renews short-lived credentials. Throws ProviderError ('revoked' or 'transient' matter). */
  refresh(ctx: ChannelContext): Promise<RefreshedCredentials>;
  /** Never throws for a platform's answer: every failure is classified in the outcome. */
  publish(ctx: ChannelContext, post: OutboundPost): Promise<PublishOutcome>;
  /** Looks on the platform for the post of this idempotency key. Throws ProviderError when it cannot tell. */
  reconcile(ctx: ChannelContext, post: OutboundPost): Promise<ReconcileOutcome>;
  fetchStatus(ctx: ChannelContext, externalId: string): Promise<PostStatus>;
  metrics(ctx: ChannelContext, externalId: string): Promise<PostMetricsReading>;
}

/** A platform connected by the OAuth 2.0 authorization-code flow with PKCE. */
export interface OAuthChannelProvider extends ChannelProvider {
  readonly authKind: 'oauth';
  authorizeUrl(req: OAuthAuthorizeRequest): string;
  exchangeCode(req: OAuthCodeExchange): Promise<ConnectedAccount>;
}

export function isOAuthProvider(p: ChannelProvider): p is OAuthChannelProvider {
  return p.authKind === 'oauth';
}

/** A board of the account, where a platform posts to one (Pinterest, ADR 207). */
export interface PlatformBoard {
  id: string;
  name: string;
  privacy: 'PUBLIC' | 'PROTECTED' | 'SECRET';
}

/**
 * A platform whose connection posts to one board of the account (Pinterest, ADR 207): it lists
 * the account's boards, and `config.boardId` names the chosen one.
 */
export interface BoardChannelProvider extends ChannelProvider {
  boards(ctx: ChannelContext): Promise<PlatformBoard[]>;
  /** The connection's config and display name once `board` is chosen. */
  withBoard(ctx: ChannelContext, displayName: string, board: PlatformBoard): { config: ChannelConfig; displayName: string };
}

export function isBoardProvider(p: ChannelProvider): p is BoardChannelProvider {
  return typeof (p as Partial<BoardChannelProvider>).boards === 'function' && typeof (p as Partial<BoardChannelProvider>).withBoard === 'function';
}

/** The registry's injection token: every provider, keyed by platform id. */
export const CHANNEL_PROVIDERS = Symbol('CHANNEL_PROVIDERS');
