import type { OutboundMedia, OutboundPost, PostMetricsReading, PublishOutcome, ReconcileOutcome } from '../channel-gateway.port';
import { type HttpAnswer, type HttpRequest, TransportFailure } from './channel-provider.base';
import { type ChannelContext, type OAuthAuthorizeRequest, type PostStatus, ProviderError } from './channel-provider';
import { MediaBudget } from './media-budget';
import { type OAuthAccount, OAuthProviderBase } from './oauth-provider.base';
import { sameText } from './oauth-token';

/** Google's JSON error (developers.google.com/youtube/v3/docs/errors): `error.errors[].reason` says which. */
interface GoogleError {
  code?: number;
  message?: string;
  errors?: { reason?: string; domain?: string; message?: string }[];
}

interface VideoResource {
  id?: string;
  snippet?: { title?: string; description?: string; publishedAt?: string };
  status?: { uploadStatus?: string; privacyStatus?: string };
  statistics?: { viewCount?: string; likeCount?: string; commentCount?: string };
}

interface PlaylistItem {
  snippet?: { title?: string; description?: string; publishedAt?: string; resourceId?: { videoId?: string } };
}

/** Quota used up for the day: it comes back at midnight Pacific time. */
const DAILY_QUOTA = new Set(['quotaExceeded', 'dailyLimitExceeded']);
/** Too many requests in a short time: wait a little. */
const SHORT_LIMIT = new Set(['rateLimitExceeded', 'userRateLimitExceeded']);
/** The channel uploaded as many videos as YouTube takes in a day: "try again in 24 hours". */
const UPLOAD_LIMIT = 'uploadLimitExceeded';
const DAY_MS = 86_400_000;

/**
 * YouTube Data API v3 (ADR 180).
 * - OAuth 2.0 through Google (authorization code with PKCE, `access_type=offline` and
 *   `prompt=consent` so a refresh token comes back; Google keeps the same refresh token on refresh).
 *   The connection is the user's channel: `channels.list?mine=true`.
 * - Publish: one video by the resumable upload protocol. POST upload/youtube/v3/videos?
 *   uploadType=resumable with the video resource (snippet.title, snippet.description,
 *   status.privacyStatus) answers the session URI in `Location`; PUT the bytes to it. When the PUT
 *   gets no answer or a 5xx, PUT `Content-Range: bytes * /N` asks how far it got: 308 with
 *   `Range: bytes=0-K` resumes from K+1, 200/201 means the upload completed (the video exists: its
 *   resource is the answer). The video exists only once its last byte is in, so a failure before
 *   that is retryable; a completion YouTube never confirmed is `unknown` and reconciled.
 * - No idempotency key: reconcile reads the channel's uploads playlist (25 most recent) and
 *   matches the title and description.
 */
export class YouTubeProvider extends OAuthProviderBase {
  readonly platform = 'youtube' as const;
  protected readonly noRefreshToken = 'Google gave this YouTube connection no refresh token: connect it again';

  override configured(): boolean {
    return !!(this.settings.youtube.clientId && this.settings.youtube.clientSecret);
  }

  authorizeUrl(req: OAuthAuthorizeRequest): string {
    const u = new URL(this.settings.youtube.authorizeUrl);
    u.search = new URLSearchParams({
      client_id: this.settings.youtube.clientId ?? '',
      redirect_uri: req.redirectUri,
      response_type: 'code',
      scope: this.settings.youtube.scopes,
      state: req.state,
      access_type: 'offline',
      prompt: 'consent',
      include_granted_scopes: 'true',
      code_challenge: req.codeChallenge,
      code_challenge_method: 'S256',
    }).toString();
    return u.toString();
  }

  protected tokenRequest(form: Record<string, string>): HttpRequest {
    return {
      method: 'POST',
      url: this.settings.youtube.tokenUrl,
      form: { ...form, client_id: this.settings.youtube.clientId ?? '', client_secret: this.settings.youtube.clientSecret ?? '' },
    };
  }

  protected async account(accessToken: string): Promise<OAuthAccount> {
    const a = await this.verify({
      method: 'GET',
      url: `${this.api()}/youtube/v3/channels?part=snippet,contentDetails&mine=true`,
      headers: { authorization: `Bearer ${accessToken}` },
    });
    const channel = (a.json as { items?: { id: string; snippet?: { title?: string }; contentDetails?: { relatedPlaylists?: { uploads?: string } } }[] } | null)
      ?.items?.[0];
    if (!channel?.id) throw new ProviderError('invalid', 'NO_CHANNEL', 'This Google account has no YouTube channel: create one on YouTube, then connect again');
    return {
      accountId: channel.id,
      displayName: channel.snippet?.title ?? 'YouTube channel',
      config: { channelId: channel.id, uploadsPlaylistId: channel.contentDetails?.relatedPlaylists?.uploads ?? '' },
    };
  }

  async publish(ctx: ChannelContext, post: OutboundPost): Promise<PublishOutcome> {
    const media = post.media ?? [];
    const video = media.find((m) => m.kind === 'video');
    if (!video || media.length !== 1)
      return {
        kind: 'permanent',
        code: 'VIDEO_REQUIRED',
        message: video
          ? 'A YouTube post is one video and nothing else: take the other media off this post.'
          : 'A YouTube post is a video: attach one video to this post before it is published.',
      };
    const description = youtubeText(this.text(post));
    const bytes = Buffer.byteLength(description, 'utf8');
    if (bytes > MAX_DESCRIPTION_BYTES)
      return { kind: 'permanent', code: 'TOO_LONG', message: `The description is ${bytes} bytes; YouTube takes at most ${MAX_DESCRIPTION_BYTES}.` };
    const budget = new MediaBudget(this.settings.mediaBudgetMs);
    let session: string;
    try {
      session = await this.startSession(ctx, post, video, description);
    } catch (err) {
      // No video exists before its last byte is in: every failure here is retryable or permanent.
      if (!(err instanceof ProviderError)) throw err;
      if (err.kind === 'transient') return { kind: 'retryable', code: err.code, message: err.message, retryAfterMs: err.extra.retryAfterMs };
      return { kind: 'permanent', code: err.kind === 'revoked' ? 'AUTH_REVOKED' : err.code === 'FORBIDDEN' ? 'FORBIDDEN' : 'REJECTED', message: err.message };
    }
    return this.upload(ctx, session, video, budget);
  }

  /** Step 1: the video resource goes in a POST; YouTube answers the session URI in `Location`. */
  private async startSession(ctx: ChannelContext, post: OutboundPost, video: OutboundMedia, description: string): Promise<string> {
    const a = await this.requestWithRetry({
      method: 'POST',
      url: `${this.api()}/upload/youtube/v3/videos?uploadType=resumable&part=snippet,status`,
      headers: {
        authorization: `Bearer ${ctx.credentials.accessToken}`,
        'x-upload-content-length': String(video.bytes.length),
        'x-upload-content-type': video.mimeType,
      },
      json: {
        snippet: {
          title: youtubeText(this.title(post)),
          description,
          ...(post.hashtags.length ? { tags: post.hashtags.map((h) => h.replace(/^#/, '')) } : {}),
        },
        status: { privacyStatus: this.settings.youtube.privacyStatus, selfDeclaredMadeForKids: false },
      },
    });
    const location = a.headers.get('location');
    if (!location) throw new ProviderError('transient', 'BAD_RESPONSE', 'YouTube answered the upload without its session URI');
    return new URL(location, this.api()).toString();
  }

  /**
   * Step 2 and 4: PUT the bytes; after no answer or a 5xx, ask how far the upload got and send
   * the rest, at most CHANNEL_RETRIES + 1 times within the media budget.
   */
  private async upload(ctx: ChannelContext, session: string, video: OutboundMedia, budget: MediaBudget): Promise<PublishOutcome> {
    const total = video.bytes.length;
    let from = 0;
    let lastProblem = '';
    for (let attempt = 0; attempt <= this.settings.retries; attempt++) {
      if (attempt > 0) {
        // Step 4.1: where did the interrupted upload stop?
        let status: HttpAnswer;
        try {
          status = await this.send({
            method: 'PUT',
            url: session,
            headers: { ...this.sessionHeaders(ctx, session), 'content-range': `bytes */${total}` },
            body: new Uint8Array(0),
          });
        } catch (err) {
          if (!(err instanceof TransportFailure)) throw err;
          lastProblem = err.message;
          await this.pause(attempt);
          continue;
        }
        if (status.status === 200 || status.status === 201) return this.published(status);
        if (status.status === 404 || status.status === 410)
          return {
            kind: 'retryable',
            code: 'UPLOAD_SESSION_EXPIRED',
            message: 'The YouTube upload session expired before the video was complete; the upload starts again.',
          };
        if (status.status !== 308) {
          if (status.status >= 500) {
            lastProblem = `YouTube answered ${status.status}: ${this.platformMessage(status)}`;
            await this.pause(attempt);
            continue;
          }
          return this.publishFailure(status);
        }
        from = receivedUpTo(status.headers.get('range'));
      }
      if (budget.left() <= 0) break;
      let a: HttpAnswer;
      try {
        a = await this.send({
          method: 'PUT',
          url: session,
          headers: {
            ...this.sessionHeaders(ctx, session),
            'content-type': video.mimeType,
            ...(from > 0 ? { 'content-range': `bytes ${from}-${total - 1}/${total}` } : {}),
          },
          body: video.bytes.subarray(from),
          // Room for a resume within the budget: the bytes get what is left of it less one answer's
          // deadline, and at least that deadline.
          timeoutMs: Math.max(this.settings.requestTimeoutMs, budget.left() - this.settings.requestTimeoutMs),
        });
      } catch (err) {
        if (!(err instanceof TransportFailure)) throw err;
        lastProblem = err.message;
        continue;
      }
      if (a.status === 200 || a.status === 201) return this.published(a);
      if (a.status >= 500) {
        lastProblem = `YouTube answered ${a.status}: ${this.platformMessage(a)}`;
        continue;
      }
      // A 4xx before the last byte: YouTube refused the upload, no video was made.
      return this.publishFailure(a);
    }
    // The last answer never came: the video may be complete on YouTube. Reconcile before any retry.
    return { kind: 'unknown', reason: `the YouTube upload was interrupted and its state could not be read: ${lastProblem || 'the media budget was spent'}` };
  }

  private published(a: HttpAnswer): PublishOutcome {
    const v = a.json as VideoResource | null;
    if (!v?.id) return { kind: 'unknown', reason: 'YouTube completed the upload but its answer named no video' };
    return { kind: 'published', externalId: v.id, url: watchUrl(v.id), publishedAt: v.snippet?.publishedAt ?? new Date().toISOString() };
  }

  async reconcile(ctx: ChannelContext, post: OutboundPost): Promise<ReconcileOutcome> {
    const playlist = ctx.config.uploadsPlaylistId || (await this.uploadsPlaylist(ctx));
    const a = await this.requestWithRetry({
      method: 'GET',
      url: `${this.api()}/youtube/v3/playlistItems?part=snippet&maxResults=25&playlistId=${encodeURIComponent(playlist)}`,
      headers: this.auth(ctx),
    });
    const title = youtubeText(this.title(post));
    const description = youtubeText(this.text(post));
    const hit = ((a.json as { items?: PlaylistItem[] } | null)?.items ?? []).find(
      (i) => i.snippet?.title === title && sameText(i.snippet?.description ?? '', description) && i.snippet.resourceId?.videoId,
    );
    const id = hit?.snippet?.resourceId?.videoId;
    return id ? { found: true, externalId: id, url: watchUrl(id), publishedAt: hit.snippet?.publishedAt ?? new Date().toISOString() } : { found: false };
  }

  async fetchStatus(ctx: ChannelContext, externalId: string): Promise<PostStatus> {
    const v = await this.video(ctx, externalId, 'status');
    if (!v) return 'missing';
    return v.status?.uploadStatus === 'rejected' || v.status?.uploadStatus === 'deleted' || v.status?.uploadStatus === 'failed' ? 'missing' : 'live';
  }

  /** Views as impressions; likes and comments as engagements (the Data API has no click count). */
  async metrics(ctx: ChannelContext, externalId: string): Promise<PostMetricsReading> {
    const s = (await this.video(ctx, externalId, 'statistics'))?.statistics;
    return { impressions: Number(s?.viewCount ?? 0), engagements: Number(s?.likeCount ?? 0) + Number(s?.commentCount ?? 0), clicks: 0 };
  }

  // ---- Google's errors ----

  protected override platformMessage(a: HttpAnswer): string {
    const e = googleError(a);
    if (!e?.message) return super.platformMessage(a);
    const reason = e.errors?.[0]?.reason;
    return `${e.message}${reason ? ` (${reason})` : ''}`;
  }

  protected override errorOf(a: HttpAnswer): ProviderError {
    const reason = googleError(a)?.errors?.[0]?.reason ?? '';
    const message = `${this.label()} answered ${a.status}: ${this.platformMessage(a)}`;
    const wait = this.quotaWait(reason, a.headers);
    if (wait !== null) return new ProviderError('transient', 'RATE_LIMITED', message, { status: a.status, retryAfterMs: wait });
    if (a.status === 403) return new ProviderError('permanent', 'FORBIDDEN', message, { status: a.status });
    return super.errorOf(a);
  }

  protected override publishFailure(a: HttpAnswer): PublishOutcome {
    const reason = googleError(a)?.errors?.[0]?.reason ?? '';
    const message = `${this.label()} answered ${a.status}: ${this.platformMessage(a)}`;
    const wait = this.quotaWait(reason, a.headers);
    if (wait !== null) return { kind: 'retryable', code: 'RATE_LIMITED', message, retryAfterMs: wait };
    return super.publishFailure(a);
  }

  /** How long a quota error says to wait; null when the answer is not one. */
  private quotaWait(reason: string, headers: Headers): number | null {
    if (DAILY_QUOTA.has(reason)) return msToPacificMidnight();
    if (reason === UPLOAD_LIMIT) return DAY_MS;
    if (SHORT_LIMIT.has(reason)) return this.retryAfterMs(headers) ?? 60_000;
    return null;
  }

  // ---- helpers ----

  private api(): string {
    return this.settings.youtube.apiUrl;
  }

  private auth(ctx: ChannelContext): Record<string, string> {
    return { authorization: `Bearer ${ctx.credentials.accessToken}` };
  }

  /** The session URI is YouTube's; the token goes only to the API's own host. */
  private sessionHeaders(ctx: ChannelContext, session: string): Record<string, string> {
    return new URL(session).host === new URL(this.api()).host ? this.auth(ctx) : {};
  }

  private async pause(attempt: number): Promise<void> {
    await new Promise((r) => setTimeout(r, Math.min(5_000, this.settings.retryBaseMs * 2 ** (attempt - 1))));
  }

  private async uploadsPlaylist(ctx: ChannelContext): Promise<string> {
    const a = await this.requestWithRetry({ method: 'GET', url: `${this.api()}/youtube/v3/channels?part=contentDetails&mine=true`, headers: this.auth(ctx) });
    const id = (a.json as { items?: { contentDetails?: { relatedPlaylists?: { uploads?: string } } }[] } | null)?.items?.[0]?.contentDetails?.relatedPlaylists
      ?.uploads;
    if (!id) throw new ProviderError('permanent', 'NO_CHANNEL', 'YouTube shows no uploads playlist for this channel');
    return id;
  }

  private async video(ctx: ChannelContext, id: string, part: string): Promise<VideoResource | null> {
    const a = await this.requestWithRetry({
      method: 'GET',
      url: `${this.api()}/youtube/v3/videos?part=${part}&id=${encodeURIComponent(id)}`,
      headers: this.auth(ctx),
    });
    return (a.json as { items?: VideoResource[] } | null)?.items?.[0] ?? null;
  }
}

/** The description's documented ceiling: 5,000 bytes (UTF-8). */
export const MAX_DESCRIPTION_BYTES = 5000;

/** YouTube refuses `<` and `>` in titles and descriptions (invalidTitle, invalidDescription): they become ‹ and ›. */
export function youtubeText(s: string): string {
  return s.replace(/</g, '‹').replace(/>/g, '›');
}

const watchUrl = (id: string) => `https://www.youtube.com/watch?v=${encodeURIComponent(id)}`;

function googleError(a: HttpAnswer): GoogleError | null {
  const e = (a.json as { error?: GoogleError } | null)?.error;
  return e && typeof e === 'object' ? e : null;
}

/** 308's `Range: bytes=0-K`: the next byte to send is K+1; no Range: nothing was received. */
function receivedUpTo(range: string | null): number {
  const m = /bytes=0-(\d+)/.exec(range ?? '');
  return m ? Number(m[1]) + 1 : 0;
}

/** YouTube's daily quota resets at midnight Pacific time. */
export function msToPacificMidnight(now = new Date()): number {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone: 'America/Los_Angeles', hour: 'numeric', minute: 'numeric', second: 'numeric', hourCycle: 'h23' })
    .formatToParts(now)
    .reduce<Record<string, number>>((acc, p) => (p.type === 'literal' ? acc : { ...acc, [p.type]: Number(p.value) }), {});
  const elapsed = ((parts.hour ?? 0) * 3600 + (parts.minute ?? 0) * 60 + (parts.second ?? 0)) * 1000;
  return Math.max(60_000, DAY_MS - elapsed);
}
