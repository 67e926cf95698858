import type { OutboundPost, PostMetricsReading, PublishOutcome, ReconcileOutcome } from '../channel-gateway.port';
import type { HttpAnswer, HttpRequest } from './channel-provider.base';
import { type ChannelContext, type OAuthAuthorizeRequest, type PostStatus, ProviderError } from './channel-provider';
import { type OAuthAccount, OAuthProviderBase } from './oauth-provider.base';
import { sameText } from './oauth-token';

interface XTweet {
  id: string;
  text: string;
  created_at?: string;
  public_metrics?: { retweet_count: number; reply_count: number; like_count: number; quote_count: number; impression_count?: number };
  non_public_metrics?: { url_link_clicks?: number; user_profile_clicks?: number };
}

/**
 * X API v2: OAuth 2.0 authorization code with PKCE (confidential client, Basic auth at the token
 * endpoint; `offline.access` for refresh tokens, which rotate on every refresh), POST /2/tweets,
 * x-rate-limit-reset on 429. X has no idempotency key: reconcile reads the user's recent tweets.
 */
export class XProvider extends OAuthProviderBase {
  readonly platform = 'x' as const;

  override configured(): boolean {
    return !!(this.settings.x.clientId && this.settings.x.clientSecret);
  }

  authorizeUrl(req: OAuthAuthorizeRequest): string {
    const u = new URL(this.settings.x.authorizeUrl);
    u.search = new URLSearchParams({
      response_type: 'code',
      client_id: this.settings.x.clientId ?? '',
      redirect_uri: req.redirectUri,
      scope: this.settings.x.scopes,
      state: req.state,
      code_challenge: req.codeChallenge,
      code_challenge_method: 'S256',
    }).toString();
    return u.toString();
  }

  protected readonly noRefreshToken = 'the X grant has expired and holds no refresh token';

  protected tokenRequest(form: Record<string, string>): HttpRequest {
    const basic = Buffer.from(`${this.settings.x.clientId ?? ''}:${this.settings.x.clientSecret ?? ''}`).toString('base64');
    return {
      method: 'POST',
      url: `${this.settings.x.apiUrl}/2/oauth2/token`,
      headers: { authorization: `Basic ${basic}` },
      form: { ...form, client_id: this.settings.x.clientId ?? '' },
    };
  }

  protected async account(accessToken: string): Promise<OAuthAccount> {
    const me = await this.verify({ method: 'GET', url: `${this.settings.x.apiUrl}/2/users/me`, headers: bearer(accessToken) });
    const user = (me.json as { data?: { id: string; username: string; name?: string } }).data;
    if (!user) throw new ProviderError('permanent', 'BAD_RESPONSE', 'X did not say who the token belongs to');
    return { accountId: user.id, displayName: `@${user.username}`, config: { username: user.username } };
  }

  publish(ctx: ChannelContext, post: OutboundPost): Promise<PublishOutcome> {
    return this.publishWith(
      { method: 'POST', url: `${this.settings.x.apiUrl}/2/tweets`, headers: bearer(ctx.credentials.accessToken), json: { text: this.text(post) } },
      (a) => {
        const id = (a.json as { data?: { id?: string } }).data?.id;
        if (!id) throw new Error('no data.id');
        return { kind: 'published', externalId: id, url: this.urlOf(ctx, id), publishedAt: new Date().toISOString() };
      },
    );
  }

  protected override publishFailure(a: HttpAnswer): PublishOutcome {
    // X refuses an identical tweet with 403 "duplicate content": it is already there; reconcile finds it.
    if (a.status === 403 && /duplicate/i.test(this.platformMessage(a))) return { kind: 'unknown', reason: `X reports a duplicate: ${this.platformMessage(a)}` };
    return super.publishFailure(a);
  }

  async reconcile(ctx: ChannelContext, post: OutboundPost): Promise<ReconcileOutcome> {
    if (!ctx.accountId) throw new ProviderError('permanent', 'NO_ACCOUNT', 'the X connection has no user id');
    const a = await this.requestWithRetry({
      method: 'GET',
      url: `${this.settings.x.apiUrl}/2/users/${ctx.accountId}/tweets?max_results=20&tweet.fields=created_at`,
      headers: bearer(ctx.credentials.accessToken),
    });
    const text = this.text(post);
    const hit = ((a.json as { data?: XTweet[] }).data ?? []).find((t) => sameText(t.text, text));
    return hit ? { found: true, externalId: hit.id, url: this.urlOf(ctx, hit.id), publishedAt: hit.created_at ?? new Date().toISOString() } : { found: false };
  }

  async fetchStatus(ctx: ChannelContext, externalId: string): Promise<PostStatus> {
    const tweet = await this.tweet(ctx, externalId, '');
    return tweet ? 'live' : 'missing';
  }

  async metrics(ctx: ChannelContext, externalId: string): Promise<PostMetricsReading> {
    const t = await this.tweet(ctx, externalId, '?tweet.fields=public_metrics,non_public_metrics');
    const m = t?.public_metrics;
    if (!m) return { impressions: 0, engagements: 0, clicks: 0 };
    return {
      impressions: m.impression_count ?? 0,
      engagements: m.like_count + m.retweet_count + m.reply_count + m.quote_count,
      clicks: (t.non_public_metrics?.url_link_clicks ?? 0) + (t.non_public_metrics?.user_profile_clicks ?? 0),
    };
  }

  protected override platformMessage(a: HttpAnswer): string {
    const j = a.json as { detail?: string; title?: string; errors?: { message?: string }[] } | null;
    return j?.detail ?? j?.errors?.[0]?.message ?? j?.title ?? super.platformMessage(a);
  }

  /** A tweet, or null when X answers "Not Found Error" (200 with errors, or 404). */
  private async tweet(ctx: ChannelContext, id: string, query: string): Promise<XTweet | null> {
    try {
      const a = await this.requestWithRetry({
        method: 'GET',
        url: `${this.settings.x.apiUrl}/2/tweets/${encodeURIComponent(id)}${query}`,
        headers: bearer(ctx.credentials.accessToken),
      });
      return (a.json as { data?: XTweet }).data ?? null;
    } catch (err) {
      if (err instanceof ProviderError && err.extra.status === 404) return null;
      throw err;
    }
  }

  private urlOf(ctx: ChannelContext, id: string): string {
    return `https://x.com/${ctx.config.username ?? 'i/web'}/status/${id}`;
  }
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
