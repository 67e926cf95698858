import type { OutboundMedia, OutboundPost, PostMetricsReading, PublishOutcome, ReconcileOutcome } from '../channel-gateway.port';
import { type ChannelContext, type ConnectedAccount, type PostStatus, ProviderError } from './channel-provider';
import { MediaBudget } from './media-budget';
import type { MultipartPart } from './multipart';
import { type GraphPage, graphTimeToIso, MetaGraphProviderBase } from './meta-graph';
import { sameText } from './oauth-token';
import { firstLink } from './threads.provider';

interface PagePost {
  id: string;
  message?: string;
  permalink_url?: string;
  created_time?: string;
}

/**
 * Facebook Pages on the Graph API (graph.facebook.com), ADR 175.
 * - OAuth: Facebook Login's dialog → code; GET /oauth/access_token (code) → short-lived user token;
 *   GET /oauth/access_token?grant_type=fb_exchange_token → 60-day user token; GET /me/accounts →
 *   the user's Pages with their Page access tokens (which, from a long-lived user token, do not expire).
 * - Publish: text → POST /{page-id}/feed (message, link); images → POST /{page-id}/photos
 *   (source, published=false) each, then POST /{page-id}/feed with attached_media; a video →
 *   POST /{page-id}/videos (source, description), which makes the post itself.
 * - No idempotency key: reconcile reads the Page's 25 most recent posts and matches the message.
 */
export class FacebookProvider extends MetaGraphProviderBase {
  readonly platform = 'facebook' as const;

  protected scopes(): string {
    return this.settings.meta.pageScopes;
  }

  /** The first Page the user may post on (task CREATE_CONTENT); choosing among several is left for later. */
  protected pick(pages: GraphPage[]): ConnectedAccount {
    const page = pages.find((p) => p.access_token && (!p.tasks || p.tasks.includes('CREATE_CONTENT')));
    if (!page?.access_token)
      throw new ProviderError(
        'invalid',
        'NO_PAGE',
        'Facebook shows no Page this account may post on: grant the app a Page where you have the Create content task',
      );
    return {
      accountId: page.id,
      displayName: page.name ?? 'Facebook Page',
      config: { pageId: page.id, pageName: page.name ?? '' },
      credentials: { accessToken: page.access_token },
      expiresAt: null, // replaced by the user token's expiry (MetaGraphProviderBase.exchangeCode)
    };
  }

  async publish(ctx: ChannelContext, post: OutboundPost): Promise<PublishOutcome> {
    const pageId = ctx.accountId;
    if (!pageId) return { kind: 'permanent', code: 'NO_ACCOUNT', message: 'the Facebook connection has no Page id' };
    const token = ctx.credentials.accessToken;
    const message = this.text(post);
    const media = post.media ?? [];
    const video = media.find((m) => m.kind === 'video');
    if (video) return this.publishVideo(ctx, pageId, video, message);

    const budget = new MediaBudget(this.settings.mediaBudgetMs);
    const photoIds: string[] = [];
    for (const m of media) {
      try {
        photoIds.push(await this.uploadPhoto(ctx, pageId, m));
      } catch (err) {
        return this.uploadFailure(err, `Facebook refused ${m.fileName}`);
      }
    }
    const late = photoIds.length > 0 ? budget.spent(this.label()) : null;
    if (late) return late;

    const form: Record<string, string> = { message, access_token: token };
    const link = photoIds.length === 0 ? firstLink(message) : null;
    if (link) form.link = link;
    photoIds.forEach((id, i) => (form[`attached_media[${i}]`] = JSON.stringify({ media_fbid: id })));
    const published = await this.publishWith({ method: 'POST', url: this.graph(`${encodeURIComponent(pageId)}/feed`), form }, (a) => {
      const id = (a.json as { id?: string } | null)?.id;
      if (!id) throw new Error('no post id');
      return { kind: 'published', externalId: id, url: null, publishedAt: new Date().toISOString() };
    });
    if (published.kind !== 'published') return published;
    // The post is made: a failed permalink lookup leaves the URL empty, never the outcome in doubt.
    const p = await this.object(ctx, published.externalId, 'permalink_url,created_time').catch(() => null);
    return { ...published, url: p?.permalink_url ?? null, publishedAt: p?.created_time ? graphTimeToIso(p.created_time) : published.publishedAt };
  }

  /**
   * One unpublished photo (Page photos, published=false): it shows nowhere until a feed post
   * attaches it, so a failure here is never `unknown`. Alt text goes as alt_text_custom.
   */
  private async uploadPhoto(ctx: ChannelContext, pageId: string, m: OutboundMedia): Promise<string> {
    const form: MultipartPart[] = [
      { name: 'source', file: { bytes: m.bytes, type: m.mimeType, fileName: m.fileName } },
      { name: 'published', value: 'false' },
    ];
    if (m.altText) form.push({ name: 'alt_text_custom', value: m.altText });
    form.push({ name: 'access_token', value: ctx.credentials.accessToken ?? '' });
    const a = await this.requestWithRetry({ method: 'POST', url: this.graph(`${encodeURIComponent(pageId)}/photos`), multipart: form });
    const id = (a.json as { id?: string } | null)?.id;
    if (!id) throw new ProviderError('permanent', 'BAD_RESPONSE', 'Facebook answered a photo upload without an id');
    return id;
  }

  /**
   * A video post: POST /{page-id}/videos with the file and its description makes the post at once,
   * so its failures are classified as a publish (a lost answer is `unknown`, reconciled).
   */
  private async publishVideo(ctx: ChannelContext, pageId: string, m: OutboundMedia, message: string): Promise<PublishOutcome> {
    const form: MultipartPart[] = [
      { name: 'source', file: { bytes: m.bytes, type: m.mimeType, fileName: m.fileName } },
      { name: 'description', value: message },
      { name: 'access_token', value: ctx.credentials.accessToken ?? '' },
    ];
    const published = await this.publishWith(
      { method: 'POST', url: this.graph(`${encodeURIComponent(pageId)}/videos`), multipart: form, timeoutMs: this.settings.mediaBudgetMs },
      (a) => {
        const id = (a.json as { id?: string } | null)?.id;
        if (!id) throw new Error('no video id');
        return { kind: 'published', externalId: id, url: null, publishedAt: new Date().toISOString() };
      },
    );
    if (published.kind !== 'published') return published;
    const v = await this.object(ctx, published.externalId, 'permalink_url,created_time').catch(() => null);
    const url = v?.permalink_url ? new URL(v.permalink_url, 'https://www.facebook.com').toString() : null;
    return { ...published, url, publishedAt: v?.created_time ? graphTimeToIso(v.created_time) : published.publishedAt };
  }

  async reconcile(ctx: ChannelContext, post: OutboundPost): Promise<ReconcileOutcome> {
    if (!ctx.accountId) throw new ProviderError('permanent', 'NO_ACCOUNT', 'the Facebook connection has no Page id');
    const a = await this.requestWithRetry({
      method: 'GET',
      url: this.graph(`${encodeURIComponent(ctx.accountId)}/posts`, {
        fields: 'id,message,permalink_url,created_time',
        limit: '25',
        access_token: ctx.credentials.accessToken ?? '',
      }),
    });
    const text = this.text(post);
    const hit = ((a.json as { data?: PagePost[] } | null)?.data ?? []).find((p) => sameText(p.message ?? '', text));
    return hit ? { found: true, externalId: hit.id, url: hit.permalink_url ?? null, publishedAt: graphTimeToIso(hit.created_time) } : { found: false };
  }

  async fetchStatus(ctx: ChannelContext, externalId: string): Promise<PostStatus> {
    return (await this.object(ctx, externalId, 'id')) ? 'live' : 'missing';
  }

  /** Page post insights: post_impressions, post_clicks, and reactions + comments + shares as engagements. */
  async metrics(ctx: ChannelContext, externalId: string): Promise<PostMetricsReading> {
    const token = ctx.credentials.accessToken ?? '';
    const insights = await this.requestWithRetry({
      method: 'GET',
      url: this.graph(`${encodeURIComponent(externalId)}/insights`, { metric: 'post_impressions,post_clicks', access_token: token }),
    });
    const values = new Map<string, number>();
    for (const m of (insights.json as { data?: { name: string; values?: { value: number }[] }[] } | null)?.data ?? [])
      values.set(m.name, m.values?.[0]?.value ?? 0);
    const counts = await this.requestWithRetry({
      method: 'GET',
      url: this.graph(encodeURIComponent(externalId), {
        fields: 'shares,reactions.summary(total_count).limit(0),comments.summary(total_count).limit(0)',
        access_token: token,
      }),
    });
    const c = counts.json as {
      shares?: { count?: number };
      reactions?: { summary?: { total_count?: number } };
      comments?: { summary?: { total_count?: number } };
    } | null;
    const engagements = (c?.reactions?.summary?.total_count ?? 0) + (c?.comments?.summary?.total_count ?? 0) + (c?.shares?.count ?? 0);
    return { impressions: values.get('post_impressions') ?? 0, engagements, clicks: values.get('post_clicks') ?? 0 };
  }

  /** A Graph object, or null when Graph says it does not exist. */
  private async object(ctx: ChannelContext, id: string, fields: string): Promise<PagePost | null> {
    try {
      const a = await this.requestWithRetry({
        method: 'GET',
        url: this.graph(encodeURIComponent(id), { fields, access_token: ctx.credentials.accessToken ?? '' }),
      });
      return a.json as PagePost;
    } catch (err) {
      if (err instanceof ProviderError && err.extra.status === 404) return null;
      throw err;
    }
  }
}
