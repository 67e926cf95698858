import type { OutboundMedia, OutboundPost, PostMetricsReading, PublishOutcome, ReconcileOutcome } from '../channel-gateway.port';
import type { HttpAnswer, HttpRequest } from './channel-provider.base';
import {
  type BoardChannelProvider,
  type ChannelConfig,
  type ChannelContext,
  type ConnectedAccount,
  type OAuthAuthorizeRequest,
  type OAuthCodeExchange,
  type PlatformBoard,
  type PostStatus,
  ProviderError,
  type RefreshedCredentials,
} from './channel-provider';
import { MediaBudget } from './media-budget';
import type { MultipartPart } from './multipart';
import { type OAuthAccount, OAuthProviderBase } from './oauth-provider.base';
import { sameText } from './oauth-token';
import { firstLink } from './threads.provider';

interface Board {
  id: string;
  name?: string;
  privacy?: 'PUBLIC' | 'PROTECTED' | 'SECRET';
}

interface Pin {
  id: string;
  title?: string | null;
  description?: string | null;
  created_at?: string;
  board_id?: string;
}

/** The documented field limits of POST /v5/pins. */
const TITLE_MAX = 100;
const LINK_MAX = 2048;
const ALT_TEXT_MAX = 500;
/** How often a registered video's status is read. */
const VIDEO_POLL_MS = 500;
/** A carousel Pin (multiple_image_base64) holds 2 to 5 images. */
const CAROUSEL_MAX = 5;
/** GET /v5/boards answers at most 250 a page: the boards listed are the first page (ADR 207). */
const BOARDS_PAGE = 250;

/**
 * Pinterest API v5 (ADR 179).
 * - OAuth 2.0 authorization code: www.pinterest.com/oauth/ → code; POST /v5/oauth/token with the
 *   app's Basic credentials answers an access token (30 days) and a refresh token; with
 *   continuous refresh every refresh answers a new refresh token too (kept by the base).
 * - The connection is the user (GET /v5/user_account) and one of their boards (GET /v5/boards):
 *   the first board that is not secret at connect, which an editor may change to another of the
 *   account's boards that is not secret (config.boardId, ADR 207).
 * - Publish: POST /v5/pins with board_id, title, description, link, alt_text and the image bytes
 *   inline (media_source image_base64; 2 to 5 images: multiple_image_base64, a carousel). A video
 *   is registered and uploaded first (POST /v5/media, the upload URL, GET /v5/media/{id}), then the
 *   Pin names it (video_id). The Pin is made by that one call; an upload shows nowhere.
 * - No idempotency key: reconcile reads the board's 25 most recent Pins and matches title and
 *   description.
 */
export class PinterestProvider extends OAuthProviderBase implements BoardChannelProvider {
  readonly platform = 'pinterest' as const;
  protected readonly noRefreshToken = 'Pinterest gave this connection no refresh token: connect it again';

  override configured(): boolean {
    return !!(this.settings.pinterest.clientId && this.settings.pinterest.clientSecret);
  }

  /** Pinterest documents no PKCE parameters: the single-use state bound to the browser protects the callback (ADR 104). */
  authorizeUrl(req: OAuthAuthorizeRequest): string {
    const u = new URL(`${this.settings.pinterest.authorizeUrl}/`);
    u.search = new URLSearchParams({
      client_id: this.settings.pinterest.clientId ?? '',
      redirect_uri: req.redirectUri,
      response_type: 'code',
      scope: this.settings.pinterest.scopes,
      state: req.state,
    }).toString();
    return u.toString();
  }

  protected tokenRequest(form: Record<string, string>): HttpRequest {
    const { code_verifier: _unused, ...grant } = form;
    const basic = Buffer.from(`${this.settings.pinterest.clientId ?? ''}:${this.settings.pinterest.clientSecret ?? ''}`).toString('base64');
    return {
      method: 'POST',
      url: `${this.api()}/v5/oauth/token`,
      headers: { authorization: `Basic ${basic}` },
      form: grant.grant_type === 'authorization_code' ? { ...grant, continuous_refresh: 'true' } : grant,
    };
  }

  /** Pinterest refuses a spent code or a dead refresh token with 400 and its own error body: the grant is gone. */
  override async exchangeCode(req: OAuthCodeExchange): Promise<ConnectedAccount> {
    return revokedOn400(() => super.exchangeCode(req));
  }

  override async refresh(ctx: ChannelContext): Promise<RefreshedCredentials> {
    return revokedOn400(() => super.refresh(ctx));
  }

  protected async account(accessToken: string): Promise<OAuthAccount> {
    const headers = { authorization: `Bearer ${accessToken}` };
    const me = (await this.verify({ method: 'GET', url: `${this.api()}/v5/user_account`, headers })).json as { id?: string; username?: string } | null;
    if (!me?.username) throw new ProviderError('permanent', 'BAD_RESPONSE', 'Pinterest did not say who the token belongs to');
    const boards = toBoards((await this.verify({ method: 'GET', url: this.boardsUrl(), headers })).json);
    const board = boards.find((b) => b.privacy !== 'SECRET');
    if (!board)
      throw new ProviderError(
        'invalid',
        'NO_BOARD',
        'Pinterest shows no board this account can pin to: create a board (not a secret one) on Pinterest, then connect again',
      );
    return {
      accountId: me.id ?? me.username,
      displayName: boardDisplayName(me.username, board.name),
      config: { username: me.username, boardId: board.id, boardName: board.name },
    };
  }

  /** The account's boards (the first 250), secret ones included: the caller decides what may be chosen. */
  async boards(ctx: ChannelContext): Promise<PlatformBoard[]> {
    return toBoards((await this.requestWithRetry({ method: 'GET', url: this.boardsUrl(), headers: this.auth(ctx) })).json);
  }

  /** A display name made at connect (`user · board`) follows the board; one the user gave stays. */
  withBoard(ctx: ChannelContext, displayName: string, board: PlatformBoard): { config: ChannelConfig; displayName: string } {
    const username = ctx.config.username ?? '';
    const derived = displayName === boardDisplayName(username, ctx.config.boardName ?? '');
    return {
      config: { ...ctx.config, boardId: board.id, boardName: board.name },
      displayName: derived ? boardDisplayName(username, board.name) : displayName,
    };
  }

  async publish(ctx: ChannelContext, post: OutboundPost): Promise<PublishOutcome> {
    const media = post.media ?? [];
    const video = media.find((m) => m.kind === 'video');
    if (video && media.length > 1)
      return { kind: 'permanent', code: 'MEDIA_MIXED', message: 'A video Pin is one video and nothing else: take the other media off this post.' };
    if (media.length === 0)
      return { kind: 'permanent', code: 'IMAGE_REQUIRED', message: 'A Pin is an image or a video: attach one to this post before it is published.' };
    if (media.length > CAROUSEL_MAX) return { kind: 'permanent', code: 'TOO_MANY_MEDIA', message: `A Pin takes at most ${CAROUSEL_MAX} images.` };
    let source: Record<string, unknown>;
    if (video) {
      // The video goes up first and shows nowhere until a Pin names it: a failure here is retryable or permanent, never unknown.
      const budget = new MediaBudget(this.settings.mediaBudgetMs);
      try {
        source = { source_type: 'video_id', media_id: await this.uploadVideo(ctx, video, budget), cover_image_key_frame_time: 0 };
      } catch (err) {
        return this.uploadFailure(err, `Pinterest refused ${video.fileName}`);
      }
      const late = budget.spent(this.label());
      if (late) return late;
    } else {
      source = mediaSource(media);
    }
    const link = firstLink(post.body);
    const alt = video ? undefined : media[0].altText?.slice(0, ALT_TEXT_MAX);
    return this.publishWith(
      {
        method: 'POST',
        url: `${this.api()}/v5/pins`,
        headers: this.auth(ctx),
        json: {
          board_id: ctx.config.boardId,
          title: pinTitle(this.title(post)),
          description: this.text(post),
          ...(link && link.length <= LINK_MAX ? { link } : {}),
          ...(alt ? { alt_text: alt } : {}),
          media_source: source,
        },
      },
      (a) => {
        const pin = a.json as Pin | null;
        if (!pin?.id) throw new Error('no pin id');
        return { kind: 'published', externalId: pin.id, url: pinUrl(pin.id), publishedAt: pinTime(pin.created_at) };
      },
    );
  }

  /**
   * Video Pins (developers.pinterest.com, "Creating video Pins"): POST /v5/media registers the
   * upload and answers `upload_url` and `upload_parameters`; the file goes to that URL as a
   * multipart POST (every upload parameter, then `file`); GET /v5/media/{id} is read until its
   * status is `succeeded` (`failed`: Pinterest refused the file).
   */
  private async uploadVideo(ctx: ChannelContext, video: OutboundMedia, budget: MediaBudget): Promise<string> {
    const reg = await this.requestWithRetry({ method: 'POST', url: `${this.api()}/v5/media`, headers: this.auth(ctx), json: { media_type: 'video' } });
    const r = reg.json as { media_id?: string; upload_url?: string; upload_parameters?: Record<string, string> } | null;
    if (!r?.media_id || !r.upload_url)
      throw new ProviderError('transient', 'BAD_RESPONSE', 'Pinterest answered the media registration without its id or upload URL');
    const form: MultipartPart[] = Object.entries(r.upload_parameters ?? {}).map(([name, value]) => ({ name, value }));
    form.push({ name: 'file', file: { bytes: video.bytes, type: video.mimeType, fileName: video.fileName } });
    // The upload URL is Pinterest's storage; the user's token is not sent there.
    await this.requestWithRetry({ method: 'POST', url: r.upload_url, multipart: form, timeoutMs: Math.max(this.settings.requestTimeoutMs, budget.left()) });
    for (;;) {
      const st = await this.requestWithRetry({ method: 'GET', url: `${this.api()}/v5/media/${encodeURIComponent(r.media_id)}`, headers: this.auth(ctx) });
      const status = (st.json as { status?: string } | null)?.status;
      if (status === 'succeeded') return r.media_id;
      if (status === 'failed') throw new ProviderError('permanent', 'MEDIA_PROCESSING_FAILED', 'Pinterest could not process the video');
      if (VIDEO_POLL_MS > budget.left()) throw new ProviderError('transient', 'MEDIA_PROCESSING', 'Pinterest is still processing the video');
      await new Promise((res) => setTimeout(res, VIDEO_POLL_MS));
    }
  }

  async reconcile(ctx: ChannelContext, post: OutboundPost): Promise<ReconcileOutcome> {
    const a = await this.requestWithRetry({
      method: 'GET',
      url: `${this.api()}/v5/boards/${encodeURIComponent(ctx.config.boardId ?? '')}/pins?page_size=25`,
      headers: this.auth(ctx),
    });
    const title = pinTitle(this.title(post));
    const text = this.text(post);
    const hit = ((a.json as { items?: Pin[] } | null)?.items ?? []).find((p) => (p.title ?? '') === title && sameText(p.description ?? '', text));
    return hit ? { found: true, externalId: hit.id, url: pinUrl(hit.id), publishedAt: pinTime(hit.created_at) } : { found: false };
  }

  async fetchStatus(ctx: ChannelContext, externalId: string): Promise<PostStatus> {
    try {
      await this.requestWithRetry({ method: 'GET', url: `${this.api()}/v5/pins/${encodeURIComponent(externalId)}`, headers: this.auth(ctx) });
      return 'live';
    } catch (err) {
      if (err instanceof ProviderError && err.extra.status === 404) return 'missing';
      throw err;
    }
  }

  /** Pin analytics over the last 89 days (the API reads at most 90 back): impressions, saves + Pin clicks, outbound clicks. */
  async metrics(ctx: ChannelContext, externalId: string): Promise<PostMetricsReading> {
    const day = (d: Date) => d.toISOString().slice(0, 10);
    const q = new URLSearchParams({
      start_date: day(new Date(Date.now() - 89 * 86_400_000)),
      end_date: day(new Date()),
      metric_types: 'IMPRESSION,SAVE,PIN_CLICK,OUTBOUND_CLICK',
    });
    const a = await this.requestWithRetry({
      method: 'GET',
      url: `${this.api()}/v5/pins/${encodeURIComponent(externalId)}/analytics?${q.toString()}`,
      headers: this.auth(ctx),
    });
    const m = (a.json as { all?: { summary_metrics?: Record<string, number> } } | null)?.all?.summary_metrics ?? {};
    return { impressions: m.IMPRESSION ?? 0, engagements: (m.SAVE ?? 0) + (m.PIN_CLICK ?? 0), clicks: m.OUTBOUND_CLICK ?? 0 };
  }

  /** Pinterest's errors are `{code, message}`. */
  protected override platformMessage(a: HttpAnswer): string {
    const j = a.json as { code?: number; message?: string } | null;
    return j?.message ? `${j.message}${j.code !== undefined ? ` (code ${j.code})` : ''}` : super.platformMessage(a);
  }

  private api(): string {
    return this.settings.pinterest.apiUrl;
  }

  private boardsUrl(): string {
    return `${this.api()}/v5/boards?page_size=${BOARDS_PAGE}`;
  }

  private auth(ctx: ChannelContext): Record<string, string> {
    return { authorization: `Bearer ${ctx.credentials.accessToken}` };
  }
}

function toBoards(json: unknown): PlatformBoard[] {
  const items = (json as { items?: Board[] } | null)?.items ?? [];
  return items
    .filter((b) => typeof b?.id === 'string' && b.id.length > 0)
    .map((b) => ({ id: b.id, name: b.name ?? '', privacy: b.privacy === 'SECRET' || b.privacy === 'PROTECTED' ? b.privacy : 'PUBLIC' }));
}

const boardDisplayName = (username: string, boardName: string) => `${username} · ${boardName || 'board'}`;

/** One image inline, or a carousel of 2 to 5. */
function mediaSource(media: OutboundMedia[]): Record<string, unknown> {
  if (media.length === 1) return { source_type: 'image_base64', content_type: media[0].mimeType, data: media[0].bytes.toString('base64') };
  return { source_type: 'multiple_image_base64', items: media.map((m) => ({ content_type: m.mimeType, data: m.bytes.toString('base64') })) };
}

function pinTitle(title: string): string {
  return [...title].length <= TITLE_MAX ? title : `${[...title].slice(0, TITLE_MAX - 1).join('')}…`;
}

/** Pinterest's created_at is UTC without a zone ("2020-01-01T20:10:40"). */
function pinTime(t: string | undefined): string {
  if (!t) return new Date().toISOString();
  const d = new Date(/(Z|[+-]\d{2}:?\d{2})$/.test(t) ? t : `${t}Z`);
  return Number.isNaN(d.getTime()) ? new Date().toISOString() : d.toISOString();
}

const pinUrl = (id: string) => `https://www.pinterest.com/pin/${encodeURIComponent(id)}/`;

async function revokedOn400<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    if (err instanceof ProviderError && err.kind === 'permanent' && err.extra.status === 400)
      throw new ProviderError('revoked', 'INVALID_GRANT', err.message, err.extra);
    throw err;
  }
}
