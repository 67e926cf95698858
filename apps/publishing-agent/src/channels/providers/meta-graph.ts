import type { PublishOutcome } from '../channel-gateway.port';
import { ChannelProviderBase, type HttpAnswer, type HttpRequest, TransportFailure } from './channel-provider.base';
import {
  type ChannelContext,
  type ConnectedAccount,
  type OAuthAuthorizeRequest,
  type OAuthChannelProvider,
  type OAuthCodeExchange,
  ProviderError,
  type RefreshedCredentials,
} from './channel-provider';
import {
  businessUseCaseWaitMs,
  GRAPH_RATE_LIMIT_CODES,
  graphError,
  type GraphErrorPolicy,
  graphMessage,
  graphProviderError,
  graphPublishFailure,
  graphTimeToIso,
} from './graph-errors';

/** A Page of /me/accounts: its id, name, Page access token and the tasks the user may do on it. */
export interface GraphPage {
  id: string;
  name?: string;
  access_token?: string;
  tasks?: string[];
  instagram_business_account?: { id: string; username?: string };
}

/** Graph's rate limits plus the Pages business-use-case limit (80001). */
const META_GRAPH_ERRORS: GraphErrorPolicy = {
  rateLimitCodes: new Set([...GRAPH_RATE_LIMIT_CODES, 80001]),
  otherOnPublish: 'rejected',
};

/**
 * What Facebook Pages (ADR 175) shares with every Graph API channel connected by Facebook Login:
 * the login dialog, the code → short-lived user token → 60-day user token → Page access token
 * chain, the Graph error shape and its classification, and the rate-limit headers.
 *
 * The stored credentials are the Page access token (`accessToken`, what every call uses) and the
 * long-lived user token it was derived from (`userToken`). A Page token derived from a long-lived
 * user token has no expiry of its own, but it is only as good as the user token (60 days), so
 * `expiresAt` is the user token's: the refresh sweep renews it ahead, and when Graph answers 190
 * to the Page token (a password change, a removed task) the channel gateway's one forced refresh
 * gets fresh tokens; a 190 there too means the user must log in again (needs_reconnect).
 */
export abstract class MetaGraphProviderBase extends ChannelProviderBase implements OAuthChannelProvider {
  readonly authKind = 'oauth' as const;
  readonly credentialFields: readonly string[] = [];
  readonly configFields: readonly string[] = [];

  /** The login dialog's scopes for this channel. */
  protected abstract scopes(): string;
  /** The account this channel connects among the user's Pages; throws ProviderError('invalid') when none fits. */
  protected abstract pick(pages: GraphPage[]): ConnectedAccount;
  /** The fields /me/accounts is asked for. */
  protected pageFields(): string {
    return 'id,name,access_token,tasks';
  }

  override configured(): boolean {
    return !!(this.settings.meta.appId && this.settings.meta.appSecret);
  }

  async connect(): Promise<ConnectedAccount> {
    throw new ProviderError('invalid', 'VALIDATION_FAILED', `${this.label()} connects through OAuth: GET /connections/${this.platform}/oauth/start`);
  }

  /** Facebook Login's dialog takes no PKCE parameters; the single-use state binds the callback (ADR 104). */
  authorizeUrl(req: OAuthAuthorizeRequest): string {
    const u = new URL(this.settings.meta.authorizeUrl);
    u.search = new URLSearchParams({
      client_id: this.settings.meta.appId ?? '',
      redirect_uri: req.redirectUri,
      state: req.state,
      scope: this.scopes(),
      response_type: 'code',
    }).toString();
    return u.toString();
  }

  /** Code → short-lived user token → 60-day user token → the user's Pages; all within one CHANNEL_CONNECT_TIMEOUT_MS. */
  async exchangeCode(req: OAuthCodeExchange): Promise<ConnectedAccount> {
    const deadline = Date.now() + this.settings.connectTimeoutMs;
    const left = () => Math.max(1, deadline - Date.now());
    const short = await this.tokenCall({
      method: 'GET',
      url: this.graph('oauth/access_token', {
        client_id: this.settings.meta.appId ?? '',
        client_secret: this.settings.meta.appSecret ?? '',
        redirect_uri: req.redirectUri,
        code: req.code,
      }),
      timeoutMs: left(),
    });
    const long = await this.tokenCall({
      method: 'GET',
      url: this.graph('oauth/access_token', {
        grant_type: 'fb_exchange_token',
        client_id: this.settings.meta.appId ?? '',
        client_secret: this.settings.meta.appSecret ?? '',
        fb_exchange_token: short.access_token,
      }),
      timeoutMs: left(),
    });
    const a = await this.request({
      method: 'GET',
      url: this.graph('me/accounts', { fields: this.pageFields(), access_token: long.access_token }),
      timeoutMs: left(),
    });
    const pages = (a.json as { data?: GraphPage[] } | null)?.data ?? [];
    const account = this.pick(pages);
    return { ...account, credentials: { ...account.credentials, userToken: long.access_token }, expiresAt: expiry(long.expires_in) };
  }

  /**
   * The stored long-lived user token goes through fb_exchange_token again (Meta answers a renewed
   * or the same 60-day token; whichever comes back is stored), then GET /{page-id}?fields=access_token
   * derives the Page token from it. An expired or revoked user token answers 190: revoked, the
   * user must log in again.
   */
  override async refresh(ctx: ChannelContext): Promise<RefreshedCredentials> {
    const pageId = ctx.config.pageId || ctx.accountId;
    if (!pageId || !ctx.credentials.userToken)
      throw new ProviderError('revoked', 'AUTH_REVOKED', `${this.label()} has no user token to renew the Page token with`);
    const user = await this.withRetry(() =>
      this.tokenCall({
        method: 'GET',
        url: this.graph('oauth/access_token', {
          grant_type: 'fb_exchange_token',
          client_id: this.settings.meta.appId ?? '',
          client_secret: this.settings.meta.appSecret ?? '',
          fb_exchange_token: ctx.credentials.userToken,
        }),
      }),
    );
    const a = await this.withRetry(() =>
      this.request({ method: 'GET', url: this.graph(encodeURIComponent(pageId), { fields: 'access_token', access_token: user.access_token }) }),
    );
    const token = (a.json as { access_token?: unknown } | null)?.access_token;
    if (typeof token !== 'string' || !token)
      throw new ProviderError('revoked', 'AUTH_REVOKED', `${this.label()} gave no Page access token: the user may no longer manage the Page`);
    return { credentials: { ...ctx.credentials, accessToken: token, userToken: user.access_token }, expiresAt: expiry(user.expires_in) };
  }

  // ---- Graph errors (graph-errors.ts) ----

  /** How Graph errors are classified for this channel; Instagram adds its own codes. */
  protected graphErrors(): GraphErrorPolicy {
    return META_GRAPH_ERRORS;
  }

  protected override platformMessage(a: HttpAnswer): string {
    const e = graphError(a);
    return e ? graphMessage(e) : super.platformMessage(a);
  }

  protected override errorOf(a: HttpAnswer): ProviderError {
    const message = `${this.label()} answered ${a.status}: ${this.platformMessage(a)}`;
    return graphProviderError(a, message, this.graphErrors(), () => this.retryAfterMs(a.headers)) ?? super.errorOf(a);
  }

  protected override publishFailure(a: HttpAnswer): PublishOutcome {
    const message = `${this.label()} answered ${a.status}: ${this.platformMessage(a)}`;
    return graphPublishFailure(a, message, this.graphErrors(), () => this.retryAfterMs(a.headers)) ?? super.publishFailure(a);
  }

  /**
   * Retry-After when sent; else the largest estimated_time_to_regain_access (minutes) of the
   * X-Business-Use-Case-Usage header, Graph's documented hint for Pages and Instagram.
   */
  protected override retryAfterMs(h: Headers, now = Date.now()): number | undefined {
    return super.retryAfterMs(h, now) ?? businessUseCaseWaitMs(h);
  }

  // ---- helpers ----

  /** A token endpoint call: a refused code or token (OAuthException) is a refused grant. */
  protected async tokenCall(req: HttpRequest): Promise<{ access_token: string; expires_in?: number }> {
    let a: HttpAnswer;
    try {
      a = await this.send(req);
    } catch (err) {
      if (err instanceof TransportFailure) throw new ProviderError('transient', 'PLATFORM_TIMEOUT', err.message);
      throw err;
    }
    if (a.status < 200 || a.status >= 300) {
      const e = this.errorOf(a);
      if (e.kind === 'permanent' && graphError(a)?.type === 'OAuthException') throw new ProviderError('revoked', 'INVALID_GRANT', e.message, e.extra);
      throw e;
    }
    const t = a.json as { access_token?: unknown; expires_in?: unknown } | null;
    if (!t || typeof t.access_token !== 'string')
      throw new ProviderError('transient', 'BAD_TOKEN_RESPONSE', `${this.label()} answered a token response without access_token`);
    return { access_token: t.access_token, expires_in: typeof t.expires_in === 'number' ? t.expires_in : undefined };
  }

  /** A versioned Graph URL; the token travels as the documented `access_token` parameter. */
  protected graph(path: string, params: Record<string, string> = {}): string {
    const q = new URLSearchParams(params).toString();
    return `${this.settings.meta.graphUrl}/${this.settings.meta.apiVersion}/${path}${q ? `?${q}` : ''}`;
  }
}

/** The user token's expiry; 60 days (Meta's documented lifetime of a long-lived token) when not said. */
const expiry = (secs: number | undefined): Date => new Date(Date.now() + (secs ?? 60 * 86_400) * 1000);

export { graphTimeToIso };
