import type { OutboundMedia, OutboundPost, PostMetricsReading, PublishOutcome, ReconcileOutcome } from '../channel-gateway.port';
import type { HttpAnswer, HttpRequest } from './channel-provider.base';
import { type ChannelContext, type OAuthAuthorizeRequest, type PostStatus, ProviderError } from './channel-provider';
import { MediaBudget } from './media-budget';
import { type OAuthAccount, OAuthProviderBase } from './oauth-provider.base';
import { sameText } from './oauth-token';

/** Characters LinkedIn's "little text" format reserves; they must be escaped in commentary. */
const RESERVED = /[\\|{}@[\]()<>#*_~]/g;

/**
 * LinkedIn Posts API: OAuth 2.0 (3-legged, `w_member_social` + OpenID `profile`; PKCE parameters
 * are sent as well), POST /rest/posts with the LinkedIn-Version and X-Restli-Protocol-Version
 * headers; the new post's URN comes back in x-restli-id. Refresh tokens exist only for approved
 * apps: without one, an expiring token means a reconnect. Media go up first (ADR 167) through the
 * Images API and the Videos API, and the post names them in `content`: one image or the video in
 * `media`, two to twenty images in `multiImage`, each image with its `altText`.
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

  async publish(ctx: ChannelContext, post: OutboundPost): Promise<PublishOutcome> {
    // An image or video that no post uses stays unseen on LinkedIn: a failed or retried attempt
    // shows nothing, and the post stays the one call that reconcile looks for.
    const budget = new MediaBudget(this.settings.mediaBudgetMs);
    const uploaded: { urn: string; m: OutboundMedia }[] = [];
    for (const m of post.media ?? []) {
      try {
        uploaded.push({ urn: m.kind === 'video' ? await this.uploadVideo(ctx, m, budget) : await this.uploadImage(ctx, m, budget), m });
      } catch (err) {
        return this.uploadFailure(err, `LinkedIn refused ${m.fileName}`);
      }
    }
    const late = uploaded.length > 0 ? budget.spent(this.label()) : null;
    if (late) return late;
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
          ...(uploaded.length > 0 ? { content: this.content(uploaded, post) } : {}),
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

  /** The post's `content`: the video or the one image in `media`, several images in `multiImage`. */
  private content(uploaded: { urn: string; m: OutboundMedia }[], post: OutboundPost): Record<string, unknown> {
    if (uploaded.length === 1) {
      const [{ urn, m }] = uploaded;
      return { media: m.kind === 'video' ? { id: urn, title: this.title(post) } : { id: urn, ...(m.altText ? { altText: m.altText } : {}) } };
    }
    return { multiImage: { images: uploaded.map(({ urn, m }) => ({ id: urn, ...(m.altText ? { altText: m.altText } : {}) })) } };
  }

  /** Images API: initializeUpload for the author, PUT the bytes to the upload URL, then wait until the image is AVAILABLE. */
  private async uploadImage(ctx: ChannelContext, m: OutboundMedia, budget: MediaBudget): Promise<string> {
    const a = await this.requestWithRetry({
      method: 'POST',
      url: `${this.settings.linkedin.apiUrl}/rest/images?action=initializeUpload`,
      headers: this.headers(ctx),
      json: { initializeUploadRequest: { owner: ctx.config.author } },
    });
    const v = (a.json as { value?: { uploadUrl?: string; image?: string } } | null)?.value;
    if (!v?.uploadUrl || !v.image) throw new ProviderError('permanent', 'BAD_RESPONSE', 'LinkedIn answered an image upload without its URL or URN');
    await this.requestWithRetry({ method: 'PUT', url: v.uploadUrl, headers: this.uploadHeaders(ctx, v.uploadUrl), body: m.bytes });
    await this.awaitAvailable(ctx, 'images', v.image, budget);
    return v.image;
  }

  /**
   * Videos API: initializeUpload with the file's size, PUT each part to its upload URL (the byte
   * ranges LinkedIn gives), finalizeUpload with the parts' ETags in order, then wait until the
   * video is AVAILABLE.
   */
  private async uploadVideo(ctx: ChannelContext, m: OutboundMedia, budget: MediaBudget): Promise<string> {
    const api = this.settings.linkedin.apiUrl;
    const a = await this.requestWithRetry({
      method: 'POST',
      url: `${api}/rest/videos?action=initializeUpload`,
      headers: this.headers(ctx),
      json: { initializeUploadRequest: { owner: ctx.config.author, fileSizeBytes: m.bytes.length, uploadCaptions: false, uploadThumbnail: false } },
    });
    const v = (
      a.json as { value?: { video?: string; uploadToken?: string; uploadInstructions?: { uploadUrl: string; firstByte: number; lastByte: number }[] } } | null
    )?.value;
    if (!v?.video || !v.uploadInstructions?.length)
      throw new ProviderError('permanent', 'BAD_RESPONSE', 'LinkedIn answered a video upload without its URN or upload URLs');
    const etags: string[] = [];
    for (const part of v.uploadInstructions) {
      const put = await this.requestWithRetry({
        method: 'PUT',
        url: part.uploadUrl,
        headers: this.uploadHeaders(ctx, part.uploadUrl),
        body: m.bytes.subarray(part.firstByte, part.lastByte + 1),
      });
      const etag = put.headers.get('etag');
      if (!etag) throw new ProviderError('permanent', 'BAD_RESPONSE', 'LinkedIn answered a video part without its ETag');
      etags.push(etag);
    }
    await this.requestWithRetry({
      method: 'POST',
      url: `${api}/rest/videos?action=finalizeUpload`,
      headers: this.headers(ctx),
      json: { finalizeUploadRequest: { video: v.video, uploadToken: v.uploadToken ?? '', uploadedPartIds: etags } },
    });
    await this.awaitAvailable(ctx, 'videos', v.video, budget);
    return v.video;
  }

  /**
   * Reads the asset until LinkedIn has processed it: AVAILABLE goes on the post; PROCESSING_FAILED
   * is LinkedIn refusing the file (permanent, with its reason); still processing when the
   * attempt's media budget is spent is transient, so the attempt is retried later (nothing was posted).
   */
  private async awaitAvailable(ctx: ChannelContext, kind: 'images' | 'videos', urn: string, budget: MediaBudget): Promise<void> {
    for (;;) {
      const a = await this.requestWithRetry({
        method: 'GET',
        url: `${this.settings.linkedin.apiUrl}/rest/${kind}/${encodeURIComponent(urn)}`,
        headers: this.headers(ctx),
      });
      const j = a.json as { status?: string; processingFailureReason?: string } | null;
      if (j?.status === 'AVAILABLE') return;
      if (j?.status === 'PROCESSING_FAILED')
        throw new ProviderError(
          'permanent',
          'MEDIA_PROCESSING_FAILED',
          `LinkedIn could not process the file: ${j.processingFailureReason ?? 'processing failed'}`,
        );
      if (MEDIA_POLL_MS > budget.left()) throw new ProviderError('transient', 'MEDIA_PROCESSING', 'LinkedIn is still processing the file');
      await new Promise((r) => setTimeout(r, MEDIA_POLL_MS));
    }
  }

  /**
   * The upload URL is LinkedIn's (www.linkedin.com/dms-uploads/…) and takes the member's token;
   * the token goes only to LinkedIn's hosts or the configured API's, never to another host an
   * answer might name.
   */
  private uploadHeaders(ctx: ChannelContext, uploadUrl: string): Record<string, string> {
    const host = new URL(uploadUrl).host;
    const ours = host === new URL(this.settings.linkedin.apiUrl).host || host === 'linkedin.com' || host.endsWith('.linkedin.com');
    return { 'content-type': 'application/octet-stream', ...(ours ? { authorization: `Bearer ${ctx.credentials.accessToken}` } : {}) };
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
/** How often an uploaded image or video is checked for AVAILABLE. */
const MEDIA_POLL_MS = 1000;
