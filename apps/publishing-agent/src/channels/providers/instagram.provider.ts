import { PLATFORMS } from '@mt/ai';
import { signPublicMediaUrl } from '@mt/runtime';
import type { OutboundMedia, OutboundPost, PostMetricsReading, PublishOutcome, ReconcileOutcome } from '../channel-gateway.port';
import type { HttpAnswer } from './channel-provider.base';
import { type ChannelContext, type ConnectedAccount, type PostStatus, ProviderError } from './channel-provider';
import { GRAPH_RATE_LIMIT_CODES, graphError, type GraphErrorPolicy, graphTimeToIso } from './graph-errors';
import { MediaBudget } from './media-budget';
import { type GraphPage, MetaGraphProviderBase } from './meta-graph';
import { sameText } from './oauth-token';

interface IgMedia {
  id: string;
  caption?: string;
  permalink?: string;
  timestamp?: string;
}

/** Graph's rate limits plus Instagram's business-use-case limit (80002); other Graph errors on a publish are refused. */
const INSTAGRAM_GRAPH_ERRORS: GraphErrorPolicy = {
  rateLimitCodes: new Set([...GRAPH_RATE_LIMIT_CODES, 80002]),
  otherOnPublish: 'rejected',
};
/** Instagram's own "server error" (-1) and "timeout downloading the media" (-2): try again with a new container. */
const IG_TEMPORARY = new Set([-1, -2]);
/** 9/2207042: "You reached maximum number of posts that is allowed to be published by Content Publishing API." */
const PUBLISHING_LIMIT = { code: 9, subcode: 2207042 };
/** 9007/2207027: the container is not ready for publishing yet. */
const NOT_READY = { code: 9007, subcode: 2207027 };
/** 4/2207051: the action was restricted as suspected spam; retrying does not help. */
const SPAM_RESTRICTED = 2207051;
/** When the account's publishing limit is reached, the next attempt waits this long (the 24-hour window moves). */
const LIMIT_WAIT_MS = 60 * 60_000;
/** The longest pause between two reads of a container's status. */
const MAX_POLL_MS = 5_000;

/**
 * Instagram business (professional) accounts on the Graph API with Facebook Login, ADR 176.
 * - OAuth as Facebook Pages (ADR 175): /me/accounts with `instagram_business_account` picks the
 *   account; the linked Page's token is stored and refreshed the same way.
 * - Publish in two steps: POST /{ig-user-id}/media makes a container from a public URL of the
 *   medium (`image_url` with `alt_text`; `media_type=REELS` + `video_url`; several images as
 *   `is_carousel_item` children of a `media_type=CAROUSEL` container); GET /{container}?fields=
 *   status_code until FINISHED; POST /{ig-user-id}/media_publish (creation_id) makes the post.
 *   The URLs are our gateway's signed public media URLs (MEDIA_URL_SECRET, an hour each).
 * - Before publishing, GET /{ig-user-id}/content_publishing_limit: at the 50-posts-in-24-hours
 *   limit the attempt waits (retryable RATE_LIMITED) without making containers.
 * - No idempotency key: a lost media_publish answer is `unknown`, and reconcile reads the
 *   account's 25 most recent media and matches the caption.
 */
export class InstagramProvider extends MetaGraphProviderBase {
  readonly platform = 'instagram' as const;

  /** The Meta app, and the secret that signs the public media URLs Instagram fetches. */
  override configured(): boolean {
    return super.configured() && !!this.settings.publicMedia.secret;
  }

  protected scopes(): string {
    return this.settings.meta.instagramScopes;
  }

  protected override pageFields(): string {
    return 'id,name,access_token,tasks,instagram_business_account{id,username}';
  }

  /**
   * The first Page with an Instagram professional account linked on which the user may create
   * content (task MANAGE or CREATE_CONTENT); its Page token is what the Graph calls use.
   */
  protected pick(pages: GraphPage[]): ConnectedAccount {
    const page = pages.find(
      (p) => p.access_token && p.instagram_business_account?.id && (!p.tasks || p.tasks.some((t) => t === 'CREATE_CONTENT' || t === 'MANAGE')),
    );
    const ig = page?.instagram_business_account;
    if (!page?.access_token || !ig)
      throw new ProviderError(
        'invalid',
        'NO_INSTAGRAM_ACCOUNT',
        'Facebook shows no Instagram professional account this login may publish to: link the Instagram business or creator account to a Facebook Page where you have the Create content task, and grant the app that Page',
      );
    return {
      accountId: ig.id,
      displayName: ig.username ? `@${ig.username}` : (page.name ?? 'Instagram account'),
      config: { pageId: page.id, pageName: page.name ?? '', username: ig.username ?? '' },
      credentials: { accessToken: page.access_token },
      expiresAt: null, // replaced by the user token's expiry (MetaGraphProviderBase.exchangeCode)
    };
  }

  protected override graphErrors(): GraphErrorPolicy {
    return INSTAGRAM_GRAPH_ERRORS;
  }

  /** Instagram's -1/-2 (server error, media download timeout) are temporary: a new container may succeed. */
  protected override errorOf(a: HttpAnswer): ProviderError {
    const e = graphError(a);
    if (e?.code !== undefined && IG_TEMPORARY.has(e.code))
      return new ProviderError('transient', 'PLATFORM_UNAVAILABLE', `${this.label()} answered ${a.status}: ${this.platformMessage(a)}`, { status: a.status });
    return super.errorOf(a);
  }

  /**
   * media_publish's refusals: the publishing limit and a container not ready yet are retryable
   * (nothing was posted); spam restriction is permanent; -1/-2 may come after the post was made,
   * so they are `unknown` like Graph's 1/2.
   */
  protected override publishFailure(a: HttpAnswer): PublishOutcome {
    const e = graphError(a);
    const message = `${this.label()} answered ${a.status}: ${this.platformMessage(a)}`;
    if (e?.code === PUBLISHING_LIMIT.code && e.error_subcode === PUBLISHING_LIMIT.subcode)
      return { kind: 'retryable', code: 'RATE_LIMITED', message, retryAfterMs: LIMIT_WAIT_MS };
    if (e?.code === NOT_READY.code || e?.error_subcode === NOT_READY.subcode)
      return { kind: 'retryable', code: 'CONTAINER_NOT_READY', message, retryAfterMs: 30_000 };
    if (e?.error_subcode === SPAM_RESTRICTED) return { kind: 'permanent', code: 'REJECTED', message };
    if (e?.code !== undefined && IG_TEMPORARY.has(e.code)) return { kind: 'unknown', reason: message };
    return super.publishFailure(a);
  }

  async publish(ctx: ChannelContext, post: OutboundPost): Promise<PublishOutcome> {
    const igId = ctx.accountId;
    if (!igId) return { kind: 'permanent', code: 'NO_ACCOUNT', message: 'the Instagram connection has no account id' };
    const media = post.media ?? [];
    if (media.length === 0) return { kind: 'permanent', code: 'MEDIA_REQUIRED', message: 'Instagram posts need an image or a video.' };
    const secret = this.settings.publicMedia.secret;
    if (!secret)
      return {
        kind: 'permanent',
        code: 'NOT_CONFIGURED',
        message: 'Instagram fetches media from a signed public URL: set MEDIA_URL_SECRET in the gateway and publishing-agent',
      };
    const unreachable = media.find((m) => !m.storageKey);
    if (unreachable)
      return { kind: 'permanent', code: 'MEDIA_NOT_PUBLIC', message: `${unreachable.fileName} is not in the media library, so Instagram cannot fetch it` };
    // Instagram takes JPEG only: a PNG or WebP is signed as JPEG and re-encoded by the gateway as Meta fetches it (ADR 187).
    const sendAs = PLATFORMS.instagram.media.image?.sendAs;
    const urlOf = (m: OutboundMedia) =>
      signPublicMediaUrl(this.settings.publicMedia.baseUrl, secret, {
        storageKey: m.storageKey as string,
        mimeType: m.kind === 'image' && sendAs ? sendAs : m.mimeType,
      });
    const caption = this.text(post);
    const budget = new MediaBudget(this.settings.mediaBudgetMs);

    // At the publishing limit nothing is made: containers count against their own limit too.
    let creationId: string;
    try {
      const quota = await this.quota(ctx, igId);
      if (quota && quota.used >= quota.total)
        return {
          kind: 'retryable',
          code: 'RATE_LIMITED',
          message: `Instagram allows ${quota.total} posts through its API in ${Math.round(quota.hours)} hours, and this account has made them; the post waits for the window to move.`,
          retryAfterMs: LIMIT_WAIT_MS,
        };
      creationId = await this.container(ctx, igId, media, caption, urlOf, budget);
    } catch (err) {
      // No post exists before media_publish: every failure here is retryable or a refusal, never unknown.
      return this.uploadFailure(err, 'Instagram did not take the media');
    }
    const late = budget.spent(this.label());
    if (late) return late;

    const published = await this.publishWith(
      {
        method: 'POST',
        url: this.graph(`${encodeURIComponent(igId)}/media_publish`),
        form: { creation_id: creationId, access_token: ctx.credentials.accessToken ?? '' },
      },
      (a) => {
        const id = (a.json as { id?: string } | null)?.id;
        if (!id) throw new Error('no media id');
        return { kind: 'published', externalId: id, url: null, publishedAt: new Date().toISOString() };
      },
    );
    if (published.kind !== 'published') return published;
    // The post is made: a failed permalink lookup leaves the URL empty, never the outcome in doubt.
    const m = await this.object(ctx, published.externalId, 'permalink,timestamp').catch(() => null);
    return { ...published, url: m?.permalink ?? null, publishedAt: m?.timestamp ? graphTimeToIso(m.timestamp) : published.publishedAt };
  }

  /** The finished container to publish: one image, one reel, or a carousel of images. Throws ProviderError. */
  private async container(
    ctx: ChannelContext,
    igId: string,
    media: OutboundMedia[],
    caption: string,
    urlOf: (m: OutboundMedia) => string,
    budget: MediaBudget,
  ): Promise<string> {
    const video = media.find((m) => m.kind === 'video');
    if (video) {
      const id = await this.create(ctx, igId, { media_type: 'REELS', video_url: urlOf(video), caption, share_to_feed: 'true' });
      await this.finished(ctx, id, budget, video.fileName);
      return id;
    }
    const image = (m: OutboundMedia): Record<string, string> => ({ image_url: urlOf(m), ...(m.altText ? { alt_text: m.altText } : {}) });
    if (media.length === 1) {
      const id = await this.create(ctx, igId, { ...image(media[0]), caption });
      await this.finished(ctx, id, budget, media[0].fileName);
      return id;
    }
    const children: string[] = [];
    for (const m of media) children.push(await this.create(ctx, igId, { ...image(m), is_carousel_item: 'true' }));
    for (const [i, id] of children.entries()) await this.finished(ctx, id, budget, media[i].fileName);
    const id = await this.create(ctx, igId, { media_type: 'CAROUSEL', children: children.join(','), caption });
    await this.finished(ctx, id, budget, 'the carousel');
    return id;
  }

  private async create(ctx: ChannelContext, igId: string, params: Record<string, string>): Promise<string> {
    const a = await this.requestWithRetry({
      method: 'POST',
      url: this.graph(`${encodeURIComponent(igId)}/media`),
      form: { ...params, access_token: ctx.credentials.accessToken ?? '' },
    });
    const id = (a.json as { id?: string } | null)?.id;
    if (!id) throw new ProviderError('transient', 'BAD_RESPONSE', 'Instagram answered a container without an id');
    return id;
  }

  /**
   * Reads the container's status_code until FINISHED, within the media budget. ERROR is Instagram
   * refusing the medium (its words in `status`); EXPIRED (not published within 24 hours) and a
   * container still IN_PROGRESS when the budget is spent are retried with a new container.
   */
  private async finished(ctx: ChannelContext, containerId: string, budget: MediaBudget, what: string): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      const a = await this.requestWithRetry({
        method: 'GET',
        url: this.graph(encodeURIComponent(containerId), { fields: 'status_code,status', access_token: ctx.credentials.accessToken ?? '' }),
      });
      const c = a.json as { status_code?: string; status?: string } | null;
      const code = c?.status_code ?? 'IN_PROGRESS';
      if (code === 'FINISHED') return;
      if (code === 'ERROR') throw new ProviderError('permanent', 'MEDIA_REJECTED', `Instagram could not process ${what}${c?.status ? `: ${c.status}` : ''}`);
      if (code === 'EXPIRED') throw new ProviderError('transient', 'CONTAINER_EXPIRED', `Instagram's container for ${what} expired before it was published`);
      if (code === 'PUBLISHED') throw new ProviderError('permanent', 'REJECTED', `Instagram's container for ${what} was already published`);
      const wait = Math.min(MAX_POLL_MS, this.settings.retryBaseMs * 2 ** attempt, budget.left());
      if (wait <= 0)
        throw new ProviderError('transient', 'MEDIA_TOO_SLOW', `Instagram was still processing ${what} after ${budget.budgetMs} ms (CHANNEL_MEDIA_BUDGET_MS)`, {
          retryAfterMs: 60_000,
        });
      await new Promise((r) => setTimeout(r, wait));
    }
  }

  /** The account's use of its publishing limit; null when Instagram does not say. */
  private async quota(ctx: ChannelContext, igId: string): Promise<{ used: number; total: number; hours: number } | null> {
    const a = await this.requestWithRetry({
      method: 'GET',
      url: this.graph(`${encodeURIComponent(igId)}/content_publishing_limit`, {
        fields: 'quota_usage,config',
        access_token: ctx.credentials.accessToken ?? '',
      }),
    });
    const d = (a.json as { data?: { quota_usage?: number; config?: { quota_total?: number; quota_duration?: number } }[] } | null)?.data?.[0];
    if (typeof d?.quota_usage !== 'number' || typeof d.config?.quota_total !== 'number') return null;
    return { used: d.quota_usage, total: d.config.quota_total, hours: (d.config.quota_duration ?? 86_400) / 3600 };
  }

  async reconcile(ctx: ChannelContext, post: OutboundPost): Promise<ReconcileOutcome> {
    if (!ctx.accountId) throw new ProviderError('permanent', 'NO_ACCOUNT', 'the Instagram connection has no account id');
    const a = await this.requestWithRetry({
      method: 'GET',
      url: this.graph(`${encodeURIComponent(ctx.accountId)}/media`, {
        fields: 'id,caption,permalink,timestamp',
        limit: '25',
        access_token: ctx.credentials.accessToken ?? '',
      }),
    });
    const caption = this.text(post);
    const hit = ((a.json as { data?: IgMedia[] } | null)?.data ?? []).find((m) => sameText(m.caption ?? '', caption));
    return hit ? { found: true, externalId: hit.id, url: hit.permalink ?? null, publishedAt: graphTimeToIso(hit.timestamp) } : { found: false };
  }

  async fetchStatus(ctx: ChannelContext, externalId: string): Promise<PostStatus> {
    return (await this.object(ctx, externalId, 'id')) ? 'live' : 'missing';
  }

  /** Media insights: views, and total_interactions (likes, comments, saves, shares) as engagements. */
  async metrics(ctx: ChannelContext, externalId: string): Promise<PostMetricsReading> {
    const a = await this.requestWithRetry({
      method: 'GET',
      url: this.graph(`${encodeURIComponent(externalId)}/insights`, { metric: 'views,total_interactions', access_token: ctx.credentials.accessToken ?? '' }),
    });
    const values = new Map<string, number>();
    for (const m of (a.json as { data?: { name: string; values?: { value: number }[] }[] } | null)?.data ?? []) values.set(m.name, m.values?.[0]?.value ?? 0);
    return { impressions: values.get('views') ?? 0, engagements: values.get('total_interactions') ?? 0, clicks: 0 };
  }

  /** A Graph object, or null when Graph says it does not exist. */
  private async object(ctx: ChannelContext, id: string, fields: string): Promise<IgMedia | null> {
    try {
      const a = await this.requestWithRetry({
        method: 'GET',
        url: this.graph(encodeURIComponent(id), { fields, access_token: ctx.credentials.accessToken ?? '' }),
      });
      return a.json as IgMedia;
    } catch (err) {
      if (err instanceof ProviderError && err.extra.status === 404) return null;
      throw err;
    }
  }
}
