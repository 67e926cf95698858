import { PLATFORMS } from '@mt/ai';
import { signPublicMediaUrl } from '@mt/runtime';
import type { OutboundMedia, OutboundPost, PostMetricsReading, PublishOutcome, ReconcileOutcome } from '../channel-gateway.port';
import { type HttpAnswer, type HttpRequest, TransportFailure } from './channel-provider.base';
import { type ChannelContext, type OAuthAuthorizeRequest, type PostStatus, ProviderError } from './channel-provider';
import { MediaBudget } from './media-budget';
import { type OAuthAccount, OAuthProviderBase } from './oauth-provider.base';
import { tokenError, type TokenResponse } from './oauth-token';

/** TikTok's envelope: `data`, and `error` whose code is `ok` on success (developers.tiktok.com, API v2). */
interface Envelope<T> {
  data?: T;
  error?: { code?: string; message?: string; log_id?: string };
}

interface CreatorInfo {
  creator_username?: string;
  creator_nickname?: string;
  privacy_level_options?: string[];
  comment_disabled?: boolean;
  duet_disabled?: boolean;
  stitch_disabled?: boolean;
  max_video_post_duration_sec?: number;
}

interface PublishStatus {
  status?: 'PROCESSING_UPLOAD' | 'PROCESSING_DOWNLOAD' | 'SEND_TO_USER_INBOX' | 'PUBLISH_COMPLETE' | 'FAILED';
  fail_reason?: string;
  publicaly_available_post_id?: (number | string)[];
}

/** The photo post's title; its text goes in the description (Direct Post reference, content/init). */
const PHOTO_TITLE_MAX = 90;
const PHOTO_DESCRIPTION_MAX = 4000;
const PHOTO_MAX = 35;
/** Per-minute limits (init 6, status 30 per token): the next attempt waits a minute. */
const MINUTE_MS = 60_000;
/** Daily caps (the creator's posts, the app's active users, pending shares): the next attempt waits an hour. */
const DAILY_CAP_WAIT_MS = 60 * 60_000;
const MAX_POLL_MS = 5_000;

/** Refusals of init and creator_info that say "not now" (nothing was posted): retried later. */
const LATER: Record<string, number> = {
  rate_limit_exceeded: MINUTE_MS,
  spam_risk_too_many_posts: DAILY_CAP_WAIT_MS,
  spam_risk_too_many_pending_share: DAILY_CAP_WAIT_MS,
  reached_active_user_cap: DAILY_CAP_WAIT_MS,
};
/** Refusals that end the post, with the code this app reports. */
const NEVER: Record<string, string> = {
  access_token_invalid: 'AUTH_REVOKED',
  scope_not_authorized: 'AUTH_REVOKED',
  scope_permission_missed: 'AUTH_REVOKED',
  spam_risk_user_banned_from_posting: 'FORBIDDEN',
  unaudited_client_can_only_post_to_private_accounts: 'FORBIDDEN',
  url_ownership_unverified: 'NOT_CONFIGURED',
  privacy_level_option_mismatch: 'REJECTED',
  spam_risk_text: 'REJECTED',
  spam_risk: 'REJECTED',
  invalid_params: 'REJECTED',
  invalid_param: 'REJECTED',
};
/** A publish TikTok gave up on for reasons of its own (fail_reason): a new publish may succeed. */
const FAILED_TRANSIENT = new Set(['internal', 'video_pull_failed', 'photo_pull_failed', 'file_download_failed']);
/**
 * What the user can do about a failed publish, for the fail_reasons of the Get Post Status
 * reference whose cause is the media (the video restrictions of the media transfer guide). The
 * checks before scheduling refuse most such videos (ADR 203), but not one uploaded before the
 * library read frame rates, nor whatever TikTok reads differently from ffprobe.
 */
const FAILED_WHY: Record<string, string> = {
  file_format_check_failed: 'TikTok could not read the file as a video or photo of a type it takes',
  duration_check_failed: 'the video is longer than this TikTok account may post',
  frame_rate_check_failed: 'TikTok takes videos of 23 to 60 frames per second; export the video again at 30',
  picture_size_check_failed: 'TikTok takes videos of 360 to 4,096 pixels on each side',
  video_pull_failed: "TikTok could not download the video from this app's media link",
  photo_pull_failed: "TikTok could not download the photos from this app's media link",
};

/**
 * TikTok's Content Posting API, Direct Post (ADR 181).
 * - OAuth 2.0 (v2): www.tiktok.com/v2/auth/authorize/ (client_key) → code; POST
 *   /v2/oauth/token/ (form, client_key and client_secret) answers a 24-hour access token and a
 *   365-day refresh token, which TikTok may rotate on refresh (kept by the base).
 * - Publish: POST /v2/post/publish/creator_info/query/ (the privacy levels the creator may use,
 *   their comment/duet/stitch switches), then POST /v2/post/publish/video/init/ (PULL_FROM_URL: our
 *   signed public media URL) or /v2/post/publish/content/init/ (a photo post of up to 35 images);
 *   TikTok fetches the media and publishes on its own; POST /v2/post/publish/status/fetch/
 *   (publish_id) follows it to PUBLISH_COMPLETE or FAILED.
 * - Exactly once: the `publish_id` is the only handle on the post, so the attempt keeps
 *   `{phase: 'init'}` before the init call and `{publishId}` as soon as TikTok answers it
 *   (OutboundPost.keepState); reconcile asks the status endpoint about that publish_id. An init
 *   whose answer was lost leaves no handle: reconcile answers RECONCILE_UNAVAILABLE and the post is
 *   not sent again.
 */
export class TikTokProvider extends OAuthProviderBase {
  readonly platform = 'tiktok' as const;
  protected readonly noRefreshToken = 'TikTok gave this connection no refresh token: connect it again';

  /** The TikTok app, and the secret that signs the public media URLs TikTok pulls. */
  override configured(): boolean {
    return !!(this.settings.tiktok.clientKey && this.settings.tiktok.clientSecret && this.settings.publicMedia.secret);
  }

  /** TikTok's web flow takes no PKCE (its code_challenge is for desktop apps): the single-use state protects the callback (ADR 104). */
  authorizeUrl(req: OAuthAuthorizeRequest): string {
    const u = new URL(`${this.settings.tiktok.authorizeUrl}/`);
    u.search = new URLSearchParams({
      client_key: this.settings.tiktok.clientKey ?? '',
      scope: this.settings.tiktok.scopes,
      response_type: 'code',
      redirect_uri: req.redirectUri,
      state: req.state,
    }).toString();
    return u.toString();
  }

  protected tokenRequest(form: Record<string, string>): HttpRequest {
    const { code_verifier: _unused, ...grant } = form;
    return {
      method: 'POST',
      url: `${this.api()}/v2/oauth/token/`,
      form: { client_key: this.settings.tiktok.clientKey ?? '', client_secret: this.settings.tiktok.clientSecret ?? '', ...grant },
    };
  }

  /** TikTok may refuse a grant with a 200 and `{error, error_description, log_id}`: classified as any refusal. */
  protected override readTokenAnswer(a: HttpAnswer): TokenResponse {
    const refusal = (a.json as { error?: unknown } | null)?.error;
    if (typeof refusal === 'string' && refusal)
      throw tokenError({ ...a, status: a.status === 200 ? 400 : a.status }, this.label(), this.retryAfterMs(a.headers));
    return super.readTokenAnswer(a);
  }

  protected async account(accessToken: string): Promise<OAuthAccount> {
    const headers = this.auth(accessToken);
    const user = this.data<{ user?: { open_id?: string; display_name?: string } }>(
      await this.verify({ method: 'GET', url: `${this.api()}/v2/user/info/?fields=open_id,display_name,avatar_url`, headers }),
    )?.user;
    if (!user?.open_id) throw new ProviderError('permanent', 'BAD_RESPONSE', 'TikTok did not say who the token belongs to');
    const creator = this.data<CreatorInfo>(await this.verify({ method: 'POST', url: `${this.api()}/v2/post/publish/creator_info/query/`, headers, json: {} }));
    const username = creator?.creator_username ?? '';
    return {
      accountId: user.open_id,
      displayName: username ? `@${username}` : (user.display_name ?? 'TikTok account'),
      config: { username, nickname: creator?.creator_nickname ?? user.display_name ?? '' },
    };
  }

  async publish(ctx: ChannelContext, post: OutboundPost): Promise<PublishOutcome> {
    const media = post.media ?? [];
    const video = media.find((m) => m.kind === 'video');
    if (media.length === 0) return { kind: 'permanent', code: 'MEDIA_REQUIRED', message: 'A TikTok post is a video or photos: attach one to this post.' };
    if (video && media.length > 1) return { kind: 'permanent', code: 'MEDIA_MIXED', message: 'A TikTok video post is one video and nothing else.' };
    if (media.length > PHOTO_MAX) return { kind: 'permanent', code: 'TOO_MANY_MEDIA', message: `A TikTok photo post takes at most ${PHOTO_MAX} images.` };
    const secret = this.settings.publicMedia.secret;
    if (!secret)
      return {
        kind: 'permanent',
        code: 'NOT_CONFIGURED',
        message: 'TikTok pulls media from a signed public URL: set MEDIA_URL_SECRET in the gateway and publishing-agent',
      };
    const unreachable = media.find((m) => !m.storageKey);
    if (unreachable)
      return { kind: 'permanent', code: 'MEDIA_NOT_PUBLIC', message: `${unreachable.fileName} is not in the media library, so TikTok cannot pull it` };
    // Without a place to keep the publish_id, a lost answer could never be reconciled: do not post.
    if (!post.keepState) return { kind: 'retryable', code: 'STATE_UNAVAILABLE', message: 'TikTok posts need the schedule to keep their publish_id' };

    // TikTok takes JPEG and WebP photos: a PNG is signed as JPEG and re-encoded by the gateway as TikTok pulls it (ADR 187).
    const sendAs = PLATFORMS.tiktok.media.image?.sendAs;
    const urlOf = (m: OutboundMedia) =>
      signPublicMediaUrl(this.settings.publicMedia.baseUrl, secret, {
        storageKey: m.storageKey as string,
        mimeType: m.kind === 'image' && m.mimeType === 'image/png' && sendAs ? sendAs : m.mimeType,
      });
    const token = ctx.credentials.accessToken ?? '';

    let creator: CreatorInfo;
    try {
      creator =
        this.data<CreatorInfo>(
          await this.requestWithRetry({ method: 'POST', url: `${this.api()}/v2/post/publish/creator_info/query/`, headers: this.auth(token), json: {} }),
        ) ?? {};
    } catch (err) {
      return this.beforePost(err);
    }
    const privacy = this.settings.tiktok.privacyLevel;
    const options = creator.privacy_level_options ?? [];
    const who = creator.creator_username ? `@${creator.creator_username}` : 'this account';
    if (!options.includes(privacy))
      return {
        kind: 'permanent',
        code: 'PRIVACY_LEVEL_NOT_ALLOWED',
        message: `TikTok lets ${who} post as ${options.join(', ') || 'nothing'}, not ${privacy} (TIKTOK_PRIVACY_LEVEL)`,
      };
    // The creator's own longest video (often less than the catalogue's 10 minutes): TikTok would take the init and fail the publish.
    const longest = creator.max_video_post_duration_sec;
    if (video && longest && video.durationS && video.durationS > longest)
      return {
        kind: 'permanent',
        code: 'VIDEO_TOO_LONG',
        message: `${video.fileName} runs ${Math.round(video.durationS)} s; TikTok lets ${who} post videos up to ${longest} s.`,
      };

    const text = this.text(post);
    const init: HttpRequest = video
      ? {
          method: 'POST',
          url: `${this.api()}/v2/post/publish/video/init/`,
          headers: this.auth(token),
          json: {
            post_info: {
              title: text,
              privacy_level: privacy,
              disable_comment: creator.comment_disabled === true,
              disable_duet: creator.duet_disabled === true,
              disable_stitch: creator.stitch_disabled === true,
            },
            source_info: { source: 'PULL_FROM_URL', video_url: urlOf(video) },
          },
        }
      : {
          method: 'POST',
          url: `${this.api()}/v2/post/publish/content/init/`,
          headers: this.auth(token),
          json: {
            post_info: {
              title: firstLine(post.title ?? post.body, PHOTO_TITLE_MAX),
              description: text.slice(0, PHOTO_DESCRIPTION_MAX),
              privacy_level: privacy,
              disable_comment: creator.comment_disabled === true,
              auto_add_music: true,
            },
            source_info: { source: 'PULL_FROM_URL', photo_cover_index: 0, photo_images: media.map(urlOf) },
            post_mode: 'DIRECT_POST',
            media_type: 'PHOTO',
          },
        };

    // The contract of exactly once (ADR 181): the schedule knows an init may be on its way before it leaves.
    try {
      await post.keepState({ phase: 'init', at: new Date().toISOString() });
    } catch (err) {
      return { kind: 'retryable', code: 'STATE_UNAVAILABLE', message: `Could not keep the TikTok attempt's state: ${(err as Error).message}` };
    }
    let a: HttpAnswer;
    try {
      a = await this.send(init);
    } catch (err) {
      if (err instanceof ProviderError && err.kind === 'permanent') return { kind: 'permanent', code: err.code, message: err.message };
      if (!(err instanceof TransportFailure)) throw err;
      return err.sent ? { kind: 'unknown', reason: err.message } : { kind: 'retryable', code: 'PLATFORM_UNREACHABLE', message: err.message };
    }
    const publishId = a.status === 200 ? this.data<{ publish_id?: string }>(a)?.publish_id : undefined;
    if (!publishId) return a.status === 200 ? { kind: 'unknown', reason: 'TikTok accepted the post without a publish_id' } : this.publishFailure(a);
    let kept = true;
    try {
      await post.keepState({ phase: 'sent', publishId });
    } catch {
      // The post is on its way: follow it in this attempt; only an answer that comes too late is lost.
      kept = false;
    }
    return this.follow(ctx, publishId, kept);
  }

  /** Reads the publish's status until TikTok has published or refused it, within CHANNEL_MEDIA_BUDGET_MS. */
  private async follow(ctx: ChannelContext, publishId: string, kept: boolean): Promise<PublishOutcome> {
    const budget = new MediaBudget(this.settings.mediaBudgetMs);
    let last = 'no status yet';
    for (let attempt = 0; ; attempt++) {
      try {
        const s = await this.status(ctx, publishId);
        last = s.status ?? 'no status';
        if (s.status === 'PUBLISH_COMPLETE') return { kind: 'published', ...this.published(ctx, publishId, s) };
        if (s.status === 'FAILED') {
          const reason = s.fail_reason ?? 'unknown';
          const message = `TikTok did not publish the post (${reason})${FAILED_WHY[reason] ? `: ${FAILED_WHY[reason]}.` : '.'}`;
          if (FAILED_TRANSIENT.has(reason)) return { kind: 'retryable', code: 'PLATFORM_UNAVAILABLE', message, retryAfterMs: MINUTE_MS };
          if (reason in LATER) return { kind: 'retryable', code: 'RATE_LIMITED', message, retryAfterMs: LATER[reason] };
          return { kind: 'permanent', code: /check_failed$/.test(reason) ? 'MEDIA_REJECTED' : 'REJECTED', message };
        }
      } catch (err) {
        // The post may be made whatever the status read says: never retryable or permanent from here.
        last = (err as Error).message;
      }
      const wait = Math.min(MAX_POLL_MS, this.settings.retryBaseMs * 2 ** attempt, budget.left());
      if (wait <= 0)
        return {
          kind: 'unknown',
          reason: `TikTok was still processing the post (publish_id ${publishId}, ${last}) after ${budget.budgetMs} ms${kept ? '' : '; its publish_id could not be kept'}`,
        };
      await new Promise((r) => setTimeout(r, wait));
    }
  }

  /**
   * By the publish_id the attempt kept: PUBLISH_COMPLETE is found; FAILED is not (a new publish is
   * safe); still processing cannot tell yet (transient: look again later). No publish_id after an
   * init was sent: nothing can tell (RECONCILE_UNAVAILABLE). No state: the init never left.
   */
  async reconcile(ctx: ChannelContext, post: OutboundPost): Promise<ReconcileOutcome> {
    const state = post.platformState ?? null;
    const publishId = typeof state?.publishId === 'string' ? state.publishId : null;
    if (!publishId) {
      if (state?.phase === 'init')
        throw new ProviderError(
          'permanent',
          'RECONCILE_UNAVAILABLE',
          "TikTok's answer to the post request was lost, and TikTok tells about a post only by the publish_id of that answer",
        );
      return { found: false };
    }
    const s = await this.withRetry(() => this.status(ctx, publishId));
    if (s.status === 'PUBLISH_COMPLETE') return { found: true, ...this.published(ctx, publishId, s) };
    if (s.status === 'FAILED') return { found: false };
    // The wait is the schedule's next look: the publish runner honours it over its own backoff (ADR 206).
    throw new ProviderError('transient', 'STILL_PROCESSING', `TikTok is still processing the post (publish_id ${publishId}, ${s.status ?? 'no status'})`, {
      retryAfterMs: this.settings.tiktok.stillProcessingWaitMs,
    });
  }

  /** A post id from the status, or the publish_id of a post TikTok gives no id for (not public, or still in moderation). */
  async fetchStatus(ctx: ChannelContext, externalId: string): Promise<PostStatus> {
    if (!isPostId(externalId)) return (await this.status(ctx, externalId)).status === 'PUBLISH_COMPLETE' ? 'live' : 'unknown';
    const videos = await this.query(ctx, externalId, 'id');
    if (videos === null) return 'unknown';
    return videos.length > 0 ? 'live' : 'missing';
  }

  /** /v2/video/query/ (scope video.list): views as impressions, likes + comments + shares as engagements. */
  async metrics(ctx: ChannelContext, externalId: string): Promise<PostMetricsReading> {
    const zero = { impressions: 0, engagements: 0, clicks: 0 };
    if (!isPostId(externalId)) return zero;
    const [v] = (await this.query(ctx, externalId, 'id,view_count,like_count,comment_count,share_count')) ?? [];
    if (!v) return zero;
    return { impressions: v.view_count ?? 0, engagements: (v.like_count ?? 0) + (v.comment_count ?? 0) + (v.share_count ?? 0), clicks: 0 };
  }

  // ---- TikTok's shapes ----

  protected override platformMessage(a: HttpAnswer): string {
    const e = (a.json as Envelope<unknown> | null)?.error;
    return e?.code ? `${e.code}${e.message ? ` (${e.message})` : ''}` : super.platformMessage(a);
  }

  /** A refusal of anything but a publish, by TikTok's error code first (its HTTP statuses vary). */
  protected override errorOf(a: HttpAnswer): ProviderError {
    const code = errorCode(a);
    const message = `${this.label()} answered ${a.status}: ${this.platformMessage(a)}`;
    if (code && code in LATER) return new ProviderError('transient', 'RATE_LIMITED', message, { status: a.status, retryAfterMs: LATER[code] });
    // A token without a scope is not a dead token: refreshing does not help, reconnecting does.
    if (code === 'scope_not_authorized' || code === 'scope_permission_missed')
      return new ProviderError('permanent', 'SCOPE_NOT_AUTHORIZED', message, { status: a.status });
    if (code && NEVER[code] === 'AUTH_REVOKED') return new ProviderError('revoked', 'AUTH_REVOKED', message, { status: a.status });
    if (code && code in NEVER) return new ProviderError('permanent', NEVER[code], message, { status: a.status });
    return super.errorOf(a);
  }

  /** The init's refusals: the documented codes, then the statuses (a 5xx may have made the post: unknown). */
  protected override publishFailure(a: HttpAnswer): PublishOutcome {
    const code = errorCode(a);
    const message = `${this.label()} answered ${a.status}: ${this.platformMessage(a)}`;
    if (code && code in LATER) return { kind: 'retryable', code: 'RATE_LIMITED', message, retryAfterMs: LATER[code] };
    if (code && code in NEVER) return { kind: 'permanent', code: NEVER[code], message };
    return super.publishFailure(a);
  }

  /** A failure before the init: nothing is on TikTok, so it is retryable or permanent, never unknown. */
  private beforePost(err: unknown): PublishOutcome {
    if (!(err instanceof ProviderError)) throw err;
    if (err.kind === 'transient') return { kind: 'retryable', code: err.code, message: err.message, retryAfterMs: err.extra.retryAfterMs };
    return { kind: 'permanent', code: err.kind === 'revoked' ? 'AUTH_REVOKED' : err.code, message: err.message };
  }

  private async status(ctx: ChannelContext, publishId: string): Promise<PublishStatus> {
    const a = await this.request({
      method: 'POST',
      url: `${this.api()}/v2/post/publish/status/fetch/`,
      headers: this.auth(ctx.credentials.accessToken ?? ''),
      json: { publish_id: publishId },
    });
    const s = this.data<PublishStatus>(a) ?? {};
    // Post ids are int64, past JavaScript's exact integers: read from the text, not the parsed number.
    const exact = /"publicaly_available_post_id"\s*:\s*\[\s*"?(\d+)/.exec(a.text)?.[1];
    return exact ? { ...s, publicaly_available_post_id: [exact] } : s;
  }

  private published(ctx: ChannelContext, publishId: string, s: PublishStatus): { externalId: string; url: string | null; publishedAt: string } {
    const postId = s.publicaly_available_post_id?.[0];
    const id = postId === undefined ? publishId : String(postId);
    const username = ctx.config.username;
    return {
      externalId: id,
      url: postId !== undefined && username ? `https://www.tiktok.com/@${username}/video/${id}` : null,
      publishedAt: new Date().toISOString(),
    };
  }

  /** The account's videos of this id; null when the token may not read them (no video.list scope). */
  private async query(
    ctx: ChannelContext,
    id: string,
    fields: string,
  ): Promise<{ id: string; view_count?: number; like_count?: number; comment_count?: number; share_count?: number }[] | null> {
    try {
      const a = await this.requestWithRetry({
        method: 'POST',
        url: `${this.api()}/v2/video/query/?fields=${fields}`,
        headers: this.auth(ctx.credentials.accessToken ?? ''),
        json: { filters: { video_ids: [id] } },
      });
      return this.data<{ videos?: { id: string }[] }>(a)?.videos ?? [];
    } catch (err) {
      if (err instanceof ProviderError && err.code === 'SCOPE_NOT_AUTHORIZED') return null;
      throw err;
    }
  }

  /** `data` of a 2xx answer whose error.code is `ok`; anything else is a refusal. */
  private data<T>(a: HttpAnswer): T | undefined {
    const e = (a.json as Envelope<T> | null)?.error;
    if (e?.code && e.code !== 'ok') throw this.errorOf(a);
    return (a.json as Envelope<T> | null)?.data;
  }

  private auth(token: string): Record<string, string> {
    return { authorization: `Bearer ${token}`, 'content-type': 'application/json; charset=UTF-8' };
  }

  private api(): string {
    return this.settings.tiktok.apiUrl;
  }
}

function errorCode(a: HttpAnswer): string | undefined {
  return (a.json as Envelope<unknown> | null)?.error?.code;
}

/** TikTok's post ids are numbers; a publish_id (v_pub_url~…) stands in for a post TikTok gave no id for. */
const isPostId = (id: string) => /^\d+$/.test(id);

function firstLine(text: string, max: number): string {
  const line = (text.split('\n').find((l) => l.trim()) ?? '').trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}
