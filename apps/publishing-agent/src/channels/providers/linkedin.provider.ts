import type { OutboundPost, PostMetricsReading, PublishOutcome, ReconcileOutcome } from '../channel-gateway.port';
import type { HttpAnswer, HttpRequest } from './channel-provider.base';
import { type ChannelContext, type OAuthAuthorizeRequest, type PostStatus, ProviderError } from './channel-provider';
import { type OAuthAccount, OAuthProviderBase } from './oauth-provider.base';
import { sameText } from './oauth-token';

/** Characters LinkedIn's "little text" format reserves; they must be escaped in commentary. */
const RESERVED = /[\\|{}@[\]()<>#*_~]/g;

/**
 * LinkedIn Posts API: OAuth 2.0 (3-legged, `w_member_social` + OpenID `profile`; PKCE parameters
 * are sent as well), POST /rest/posts with the LinkedIn-Version and X-Restli-Protocol-Version
 * headers; the new post's URN comes back in x-restli-id. Refresh tokens exist only for approved
 * apps: without one, an expiring token means a reconnect.
 */
export class LinkedInProvider extends OAuthProviderBase {
  readonly platform = 'linkedin' as const;

  override configured(): boolean {
    return !!(this.settings.linkedin.clientId && this.settings.linkedin.clientSecret);
  }

  authorizeUrl(req: OAuthAuthorizeRequest): string {
    const u = new URL(`${this.settings.linkedin.authUrl}/authorization`);
    u.search = new URLSearchParams({
      response_type: 'code',
      client_id: this.settings.linkedin.clientId ?? '',
      redirect_uri: req.redirectUri,
      state: req.state,
      scope: this.settings.linkedin.scopes,
      code_challenge: req.codeChallenge,
      code_challenge_method: 'S256',
    }).toString();
    return u.toString();
  }

  protected readonly noRefreshToken = 'the LinkedIn token expires and this app holds no refresh token';

  protected tokenRequest(form: Record<string, string>): HttpRequest {
    return {
      method: 'POST',
      url: `${this.settings.linkedin.authUrl}/accessToken`,
      form: { ...form, client_id: this.settings.linkedin.clientId ?? '', client_secret: this.settings.linkedin.clientSecret ?? '' },
    };
  }

  protected async account(accessToken: string): Promise<OAuthAccount> {
    const me = await this.verify({ method: 'GET', url: `${this.settings.linkedin.apiUrl}/v2/userinfo`, headers: { authorization: `Bearer ${accessToken}` } });
    const user = me.json as { sub?: string; name?: string };
    if (!user?.sub) throw new ProviderError('permanent', 'BAD_RESPONSE', 'LinkedIn did not say who the token belongs to');
    return { accountId: user.sub, displayName: user.name ?? 'LinkedIn member', config: { author: `urn:li:person:${user.sub}` } };
  }

  publish(ctx: ChannelContext, post: OutboundPost): Promise<PublishOutcome> {
    return this.publishWith(
      {
        method: 'POST',
        url: `${this.settings.linkedin.apiUrl}/rest/posts`,
        headers: this.headers(ctx),
        json: {
          author: ctx.config.author,
          commentary: commentary(post.body, post.hashtags),
          visibility: 'PUBLIC',
          distribution: { feedDistribution: 'MAIN_FEED', targetEntities: [], thirdPartyDistributionChannels: [] },
          lifecycleState: 'PUBLISHED',
          isReshareDisabledByAuthor: false,
        },
      },
      (a) => {
        const urn = a.headers.get('x-restli-id') ?? a.headers.get('x-linkedin-id');
        if (!urn) throw new Error('no x-restli-id header');
        return { kind: 'published', externalId: urn, url: postUrl(urn), publishedAt: new Date().toISOString() };
      },
    );
  }

  async reconcile(ctx: ChannelContext, post: OutboundPost): Promise<ReconcileOutcome> {
    const a = await this.requestWithRetry({
      method: 'GET',
      url: `${this.settings.linkedin.apiUrl}/rest/posts?q=author&author=${encodeURIComponent(ctx.config.author)}&count=20&sortBy=LAST_MODIFIED`,
      headers: { ...this.headers(ctx), 'x-restli-method': 'FINDER' },
    });
    const want = commentary(post.body, post.hashtags);
    const hit = ((a.json as { elements?: { id: string; commentary?: string; createdAt?: number }[] }).elements ?? []).find((e) =>
      sameText(e.commentary ?? '', want),
    );
    return hit ? { found: true, externalId: hit.id, url: postUrl(hit.id), publishedAt: new Date(hit.createdAt ?? Date.now()).toISOString() } : { found: false };
  }

  async fetchStatus(ctx: ChannelContext, externalId: string): Promise<PostStatus> {
    try {
      await this.requestWithRetry({
        method: 'GET',
        url: `${this.settings.linkedin.apiUrl}/rest/posts/${encodeURIComponent(externalId)}`,
        headers: this.headers(ctx),
      });
      return 'live';
    } catch (err) {
      if (err instanceof ProviderError && err.extra.status === 404) return 'missing';
      throw err;
    }
  }

  /** Members' posts expose social actions, not impressions (those are for organization pages). */
  async metrics(ctx: ChannelContext, externalId: string): Promise<PostMetricsReading> {
    const a = await this.requestWithRetry({
      method: 'GET',
      url: `${this.settings.linkedin.apiUrl}/rest/socialActions/${encodeURIComponent(externalId)}`,
      headers: this.headers(ctx),
    });
    const j = a.json as { likesSummary?: { totalLikes?: number }; commentsSummary?: { aggregatedTotalComments?: number } };
    return { impressions: 0, engagements: (j.likesSummary?.totalLikes ?? 0) + (j.commentsSummary?.aggregatedTotalComments ?? 0), clicks: 0 };
  }

  protected override platformMessage(a: HttpAnswer): string {
    const j = a.json as { message?: string; serviceErrorCode?: number } | null;
    return j?.message ? `${j.message}${j.serviceErrorCode ? ` (${j.serviceErrorCode})` : ''}` : super.platformMessage(a);
  }

  private headers(ctx: ChannelContext): Record<string, string> {
    return { authorization: `Bearer ${ctx.credentials.accessToken}`, 'LinkedIn-Version': this.settings.linkedin.version, 'X-Restli-Protocol-Version': '2.0.0' };
  }
}

/** The body with reserved characters escaped, then hashtags in little-text form. */
export function commentary(body: string, hashtags: string[]): string {
  const text = body.replace(RESERVED, (c) => `\\${c}`);
  if (hashtags.length === 0) return text;
  return `${text}\n\n${hashtags.map((h) => `{hashtag|\\#|${h.replace(/^#/, '')}}`).join(' ')}`;
}

const postUrl = (urn: string) => `https://www.linkedin.com/feed/update/${urn}/`;
