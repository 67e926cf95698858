import type { OutboundMedia, OutboundPost, PostMetricsReading, PublishOutcome, ReconcileOutcome } from '../channel-gateway.port';
import { ChannelProviderBase, type HttpAnswer } from './channel-provider.base';
import { type ChannelContext, type ConnectedAccount, type ConnectInput, type PostStatus, ProviderError } from './channel-provider';
import type { MultipartPart } from './multipart';
import { sameText } from './oauth-token';

interface Status {
  id: string;
  url: string | null;
  uri?: string;
  content: string;
  created_at: string;
  favourites_count?: number;
  reblogs_count?: number;
  replies_count?: number;
}

/**
 * Mastodon: an access token from the instance (Preferences → Development, scope write:statuses
 * read:accounts), POST /api/v1/statuses with an Idempotency-Key header (the instance answers the
 * same status for the same key), X-RateLimit-Reset as an ISO time on 429.
 */
export class MastodonProvider extends ChannelProviderBase {
  readonly platform = 'mastodon' as const;
  readonly authKind = 'token' as const;
  readonly credentialFields = ['accessToken'] as const;
  readonly configFields = ['instanceUrl'] as const;

  async connect(input: ConnectInput): Promise<ConnectedAccount> {
    const instanceUrl = await this.checkUrl(this.field(input.config, 'instanceUrl', 'config'), 'instanceUrl');
    const accessToken = this.field(input.credentials, 'accessToken', 'credentials');
    const a = await this.verify({ method: 'GET', url: `${instanceUrl}/api/v1/accounts/verify_credentials`, headers: bearer(accessToken) });
    const acct = a.json as { id?: string; acct?: string; username?: string };
    if (!acct?.id) throw new ProviderError('permanent', 'BAD_RESPONSE', 'Mastodon did not say who the token belongs to');
    return {
      accountId: acct.id,
      displayName: input.displayName ?? `@${acct.acct ?? acct.username}@${new URL(instanceUrl).host}`,
      credentials: { accessToken },
      config: { instanceUrl },
      expiresAt: null,
    };
  }

  async publish(ctx: ChannelContext, post: OutboundPost): Promise<PublishOutcome> {
    const mediaIds: string[] = [];
    for (const m of post.media ?? []) {
      try {
        mediaIds.push(await this.upload(ctx, m));
      } catch (err) {
        return this.uploadFailure(err, `Mastodon refused ${m.fileName}`);
      }
    }
    return this.publishWith(
      {
        method: 'POST',
        url: `${ctx.config.instanceUrl}/api/v1/statuses`,
        headers: { ...bearer(ctx.credentials.accessToken), 'Idempotency-Key': post.idempotencyKey },
        json: { status: this.text(post), visibility: 'public', ...(mediaIds.length > 0 ? { media_ids: mediaIds } : {}) },
      },
      (a) => {
        const s = a.json as Status;
        if (!s?.id) throw new Error('no status id');
        return { kind: 'published', externalId: s.id, url: s.url ?? s.uri ?? null, publishedAt: s.created_at ?? new Date().toISOString() };
      },
    );
  }

  /**
   * One attachment (docs.joinmastodon.org, POST /api/v2/media): the file with its description
   * (alt text) and focal point ("x,y", each -1..1). 200 when processed; 202 while a large file is
   * processed, then GET /api/v1/media/:id until its url is set (206 while still processing). An
   * unused attachment is removed by the instance, so a retried post may upload again.
   */
  private async upload(ctx: ChannelContext, m: OutboundMedia): Promise<string> {
    const form: MultipartPart[] = [{ name: 'file', file: { bytes: m.bytes, type: m.mimeType, fileName: m.fileName } }];
    if (m.altText) form.push({ name: 'description', value: m.altText });
    if (m.focus) form.push({ name: 'focus', value: `${m.focus.x.toFixed(2)},${m.focus.y.toFixed(2)}` });
    const a = await this.requestWithRetry({
      method: 'POST',
      url: `${ctx.config.instanceUrl}/api/v2/media`,
      headers: bearer(ctx.credentials.accessToken),
      multipart: form,
    });
    const attachment = a.json as { id?: string; url?: string | null } | null;
    if (!attachment?.id) throw new ProviderError('permanent', 'BAD_RESPONSE', 'Mastodon answered an attachment without an id');
    if (a.status === 202 || !attachment.url) await this.awaitProcessed(ctx, attachment.id);
    return attachment.id;
  }

  private async awaitProcessed(ctx: ChannelContext, id: string): Promise<void> {
    for (let i = 0; i < MEDIA_POLLS; i++) {
      const a = await this.requestWithRetry({
        method: 'GET',
        url: `${ctx.config.instanceUrl}/api/v1/media/${encodeURIComponent(id)}`,
        headers: bearer(ctx.credentials.accessToken),
      });
      if (a.status === 200 && (a.json as { url?: string | null } | null)?.url) return;
      await new Promise((r) => setTimeout(r, MEDIA_POLL_MS));
    }
    throw new ProviderError('transient', 'MEDIA_PROCESSING', 'Mastodon is still processing the attachment');
  }

  async reconcile(ctx: ChannelContext, post: OutboundPost): Promise<ReconcileOutcome> {
    const a = await this.requestWithRetry({
      method: 'GET',
      url: `${ctx.config.instanceUrl}/api/v1/accounts/${ctx.accountId}/statuses?limit=40&exclude_replies=true&exclude_reblogs=true`,
      headers: bearer(ctx.credentials.accessToken),
    });
    const text = this.text(post);
    const hit = ((a.json as Status[]) ?? []).find((s) => sameText(htmlToText(s.content), text));
    return hit ? { found: true, externalId: hit.id, url: hit.url ?? null, publishedAt: hit.created_at } : { found: false };
  }

  async fetchStatus(ctx: ChannelContext, externalId: string): Promise<PostStatus> {
    return (await this.status(ctx, externalId)) ? 'live' : 'missing';
  }

  /** Mastodon counts favourites, boosts and replies; it shows no impressions. */
  async metrics(ctx: ChannelContext, externalId: string): Promise<PostMetricsReading> {
    const s = await this.status(ctx, externalId);
    return { impressions: 0, engagements: (s?.favourites_count ?? 0) + (s?.reblogs_count ?? 0) + (s?.replies_count ?? 0), clicks: 0 };
  }

  private async status(ctx: ChannelContext, id: string): Promise<Status | null> {
    try {
      const a = await this.requestWithRetry({
        method: 'GET',
        url: `${ctx.config.instanceUrl}/api/v1/statuses/${encodeURIComponent(id)}`,
        headers: bearer(ctx.credentials.accessToken),
      });
      return a.json as Status;
    } catch (err) {
      if (err instanceof ProviderError && err.extra.status === 404) return null;
      throw err;
    }
  }

  protected override platformMessage(a: HttpAnswer): string {
    const j = a.json as { error?: string; error_description?: string } | null;
    return j?.error ? `${j.error}${j.error_description ? ` (${j.error_description})` : ''}` : super.platformMessage(a);
  }
}

/** A status's HTML as plain text: paragraphs and line breaks become newlines, tags go, entities decode. */
export function htmlToText(html: string): string {
  return html
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/p>\s*<p>/gi, '\n\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const MEDIA_POLLS = 30;
const MEDIA_POLL_MS = 1000;
