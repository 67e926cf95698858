import type { OutboundMedia, OutboundPost, PostMetricsReading, PublishOutcome, ReconcileOutcome } from '../channel-gateway.port';
import type { HttpAnswer, HttpRequest } from './channel-provider.base';
import { type ChannelContext, type OAuthAuthorizeRequest, type PostStatus, ProviderError } from './channel-provider';
import { MediaBudget } from './media-budget';
import type { MultipartPart } from './multipart';
import { type OAuthAccount, OAuthProviderBase } from './oauth-provider.base';
import { sameText } from './oauth-token';

interface XTweet {
  id: string;
  text: string;
  created_at?: string;
  public_metrics?: { retweet_count: number; reply_count: number; like_count: number; quote_count: number; impression_count?: number };
  non_public_metrics?: { url_link_clicks?: number; user_profile_clicks?: number };
}

/** X's processing of an uploaded video (FINALIZE and STATUS answer it). */
interface ProcessingInfo {
  state?: 'pending' | 'in_progress' | 'succeeded' | 'failed';
  check_after_secs?: number;
  error?: { code?: number; name?: string; message?: string };
}

/**
 * X API v2: OAuth 2.0 authorization code with PKCE (confidential client, Basic auth at the token
 * endpoint; `offline.access` for refresh tokens, which rotate on every refresh), POST /2/tweets,
 * x-rate-limit-reset on 429. X has no idempotency key: reconcile reads the user's recent tweets.
 * Media go up first (ADR 167): images by the simple upload, video by the chunked one, alt text
 * through the media metadata endpoint; the tweet then names them in `media.media_ids`. The
 * connection needs the `media.write` scope besides `tweet.write`.
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

  async publish(ctx: ChannelContext, post: OutboundPost): Promise<PublishOutcome> {
    // Uploaded media that no tweet uses expire on X (expires_after_secs): a failed or retried
    // attempt leaves nothing visible, and the tweet stays the one call that reconcile looks for.
    const budget = new MediaBudget(this.settings.mediaBudgetMs);
    const mediaIds: string[] = [];
    for (const m of post.media ?? []) {
      try {
        mediaIds.push(await this.upload(ctx, m, budget));
      } catch (err) {
        const out = this.uploadFailure(err, `X refused ${m.fileName}`);
        // A connection made before the app asked for media.write may post text but not upload.
        if (out.kind === 'permanent' && err instanceof ProviderError && err.extra.status === 403)
          return { ...out, message: `${out.message}. Reconnect X so that this app may upload media (scope media.write).` };
        return out;
      }
    }
    const late = mediaIds.length > 0 ? budget.spent(this.label()) : null;
    if (late) return late;
    const json = { text: this.text(post), ...(mediaIds.length > 0 ? { media: { media_ids: mediaIds } } : {}) };
    return this.publishWith({ method: 'POST', url: `${this.settings.x.apiUrl}/2/tweets`, headers: bearer(ctx.credentials.accessToken), json }, (a) => {
      const id = (a.json as { data?: { id?: string } }).data?.id;
      if (!id) throw new Error('no data.id');
      return { kind: 'published', externalId: id, url: this.urlOf(ctx, id), publishedAt: new Date().toISOString() };
    });
  }

  /**
   * One medium, as X's v2 media upload takes it: an image in one multipart request
   * (POST /2/media/upload, `media_category` tweet_image or tweet_gif); a video in chunks
   * (initialize with its type and size, append segments of at most 4 MB in order, finalize),
   * then STATUS until processing succeeds. Alt text (images and GIFs) goes in the media metadata.
   */
  private async upload(ctx: ChannelContext, m: OutboundMedia, budget: MediaBudget): Promise<string> {
    const api = `${this.settings.x.apiUrl}/2/media`;
    const auth = bearer(ctx.credentials.accessToken);
    let id: string;
    if (m.kind === 'image') {
      const form: MultipartPart[] = [
        { name: 'media', file: { bytes: m.bytes, type: m.mimeType, fileName: m.fileName } },
        { name: 'media_category', value: m.mimeType === 'image/gif' ? 'tweet_gif' : 'tweet_image' },
      ];
      const a = await this.requestWithRetry({ method: 'POST', url: `${api}/upload`, headers: auth, multipart: form });
      id = mediaIdOf(a);
      await this.awaitProcessed(ctx, id, processingOf(a), budget);
      if (m.altText) {
        await this.requestWithRetry({ method: 'POST', url: `${api}/metadata`, headers: auth, json: { id, metadata: { alt_text: { text: m.altText } } } });
      }
      return id;
    }
    const init = await this.requestWithRetry({
      method: 'POST',
      url: `${api}/upload/initialize`,
      headers: auth,
      json: { media_type: m.mimeType, total_bytes: m.bytes.length, media_category: 'tweet_video' },
    });
    id = mediaIdOf(init);
    for (let i = 0, at = 0; at < m.bytes.length; i++, at += CHUNK_BYTES) {
      const form: MultipartPart[] = [
        { name: 'segment_index', value: String(i) },
        { name: 'media', file: { bytes: m.bytes.subarray(at, at + CHUNK_BYTES), type: 'application/octet-stream', fileName: m.fileName } },
      ];
      await this.requestWithRetry({ method: 'POST', url: `${api}/upload/${encodeURIComponent(id)}/append`, headers: auth, multipart: form });
    }
    const fin = await this.requestWithRetry({ method: 'POST', url: `${api}/upload/${encodeURIComponent(id)}/finalize`, headers: auth });
    await this.awaitProcessed(ctx, id, processingOf(fin), budget);
    return id;
  }

  /**
   * Waits while X processes the medium (STATUS, after the `check_after_secs` X asks for). A
   * `failed` state is X refusing the file: permanent, in X's words. Still processing when the
   * attempt's media budget is spent: transient, so the attempt is retried (nothing was posted).
   */
  private async awaitProcessed(ctx: ChannelContext, id: string, info: ProcessingInfo | null, budget: MediaBudget): Promise<void> {
    while (info && info.state !== 'succeeded') {
      if (info.state === 'failed') {
        const e = info.error;
        throw new ProviderError(
          'permanent',
          'MEDIA_PROCESSING_FAILED',
          `X could not process the file: ${[e?.name, e?.message].filter(Boolean).join(': ') || 'processing failed'}`,
        );
      }
      const wait = Math.max(1, info.check_after_secs ?? 1) * 1000;
      if (wait > budget.left()) throw new ProviderError('transient', 'MEDIA_PROCESSING', 'X is still processing the video');
      await new Promise((r) => setTimeout(r, wait));
      const a = await this.requestWithRetry({
        method: 'GET',
        url: `${this.settings.x.apiUrl}/2/media/upload?${new URLSearchParams({ command: 'STATUS', media_id: id })}`,
        headers: bearer(ctx.credentials.accessToken),
      });
      info = processingOf(a) ?? { state: 'succeeded' };
    }
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

  /** X's problem: its detail, and the first error's message when it says more (which file, which limit). */
  protected override platformMessage(a: HttpAnswer): string {
    const j = a.json as { detail?: string; title?: string; errors?: { message?: string }[] } | null;
    const first = j?.errors?.[0]?.message;
    if (j?.detail) return first && first !== j.detail ? `${j.detail} (${first})` : j.detail;
    return first ?? j?.title ?? super.platformMessage(a);
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
/** X takes segments of at most 5 MB; 4 MB leaves room for the multipart framing. */
const CHUNK_BYTES = 4 * 1024 * 1024;

function mediaIdOf(a: HttpAnswer): string {
  const id = (a.json as { data?: { id?: unknown } } | null)?.data?.id;
  if (typeof id !== 'string' || !id) throw new ProviderError('permanent', 'BAD_RESPONSE', 'X answered a media upload without a media id');
  return id;
}

function processingOf(a: HttpAnswer): ProcessingInfo | null {
  return (a.json as { data?: { processing_info?: ProcessingInfo } } | null)?.data?.processing_info ?? null;
}
