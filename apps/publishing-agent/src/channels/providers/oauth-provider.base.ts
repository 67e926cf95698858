import { ChannelProviderBase, type HttpAnswer, type HttpRequest } from './channel-provider.base';
import {
  type ChannelContext,
  type ConnectedAccount,
  type OAuthAuthorizeRequest,
  type OAuthChannelProvider,
  type OAuthCodeExchange,
  ProviderError,
  type RefreshedCredentials,
} from './channel-provider';
import { expiryOf, readToken, tokenError, type TokenResponse } from './oauth-token';

/** Who an access token belongs to, as a connection stores it. */
export type OAuthAccount = Pick<ConnectedAccount, 'accountId' | 'displayName' | 'config'>;

/**
 * What the OAuth 2.0 platforms (X, LinkedIn) share. The authorization code is exchanged once,
 * because a code is single-use and the user is waiting; then the platform says who the token
 * belongs to. A refresh retries transient failures and keeps the refresh token the platform
 * answers with: X rotates it, and the old one is spent. The token endpoint's refusals are
 * classified by `tokenError`. A provider adds its endpoints and its account's shape.
 */
export abstract class OAuthProviderBase extends ChannelProviderBase implements OAuthChannelProvider {
  readonly authKind = 'oauth' as const;
  readonly credentialFields: readonly string[] = [];
  readonly configFields: readonly string[] = [];

  abstract authorizeUrl(req: OAuthAuthorizeRequest): string;
  /** The token endpoint call for these grant fields, with the client's credentials. */
  protected abstract tokenRequest(form: Record<string, string>): HttpRequest;
  /** Who the access token belongs to (one attempt within CHANNEL_CONNECT_TIMEOUT_MS: use `verify`). */
  protected abstract account(accessToken: string): Promise<OAuthAccount>;
  /** Why a grant that holds no refresh token cannot be renewed, in the platform's terms. */
  protected abstract readonly noRefreshToken: string;

  async exchangeCode(req: OAuthCodeExchange): Promise<ConnectedAccount> {
    const token = await this.token({ grant_type: 'authorization_code', code: req.code, redirect_uri: req.redirectUri, code_verifier: req.codeVerifier });
    return {
      ...(await this.account(token.access_token)),
      credentials: { accessToken: token.access_token, refreshToken: token.refresh_token ?? '' },
      expiresAt: expiryOf(token),
    };
  }

  async connect(): Promise<ConnectedAccount> {
    throw new ProviderError('invalid', 'VALIDATION_FAILED', `${this.label()} connects through OAuth: GET /connections/${this.platform}/oauth/start`);
  }

  override async refresh(ctx: ChannelContext): Promise<RefreshedCredentials> {
    if (!ctx.credentials.refreshToken) throw new ProviderError('revoked', 'NO_REFRESH_TOKEN', this.noRefreshToken);
    const token = await this.token({ grant_type: 'refresh_token', refresh_token: ctx.credentials.refreshToken });
    return { credentials: { accessToken: token.access_token, refreshToken: token.refresh_token ?? ctx.credentials.refreshToken }, expiresAt: expiryOf(token) };
  }

  /** The token endpoint's answer: a token, or its refusal classified (TikTok overrides: it may refuse with a 200). */
  protected readTokenAnswer(a: HttpAnswer): TokenResponse {
    if (a.status !== 200) throw tokenError(a, this.label(), this.retryAfterMs(a.headers));
    return readToken(a, this.label());
  }

  /** The code exchange runs once; a refresh retries transient failures. */
  private async token(form: Record<string, string>): Promise<TokenResponse> {
    const once = form.grant_type === 'authorization_code';
    const attempt = async () => {
      let a: HttpAnswer;
      try {
        a = await this.send({ ...this.tokenRequest(form), timeoutMs: once ? this.settings.connectTimeoutMs : undefined });
      } catch (err) {
        throw new ProviderError('transient', 'PLATFORM_TIMEOUT', (err as Error).message);
      }
      return this.readTokenAnswer(a);
    };
    return once ? attempt() : this.withRetry(attempt);
  }
}
