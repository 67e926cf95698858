import { createHash } from 'node:crypto';
import type { OutboundPost, PostMetricsReading, PublishOutcome, ReconcileOutcome } from '../channel-gateway.port';
import { ChannelProviderBase, type HttpAnswer } from './channel-provider.base';
import { type ChannelContext, type ConnectedAccount, type ConnectInput, type PostStatus, ProviderError } from './channel-provider';

interface WpPost {
  id: number;
  link: string;
  slug: string;
  date_gmt?: string;
}

/**
 * WordPress REST API with an application password (Users → Profile → Application Passwords),
 * Basic auth. Each post gets a slug derived from its idempotency key, so reconcile asks for
 * exactly that slug (GET /wp/v2/posts?slug=…&status=…) instead of guessing by text.
 */
export class WordPressProvider extends ChannelProviderBase {
  readonly platform = 'wordpress' as const;
  readonly authKind = 'token' as const;
  readonly credentialFields = ['applicationPassword'] as const;
  readonly configFields = ['siteUrl', 'username'] as const;

  async connect(input: ConnectInput): Promise<ConnectedAccount> {
    const siteUrl = await this.checkUrl(this.field(input.config, 'siteUrl', 'config'), 'siteUrl');
    const username = this.field(input.config, 'username', 'config');
    const applicationPassword = this.field(input.credentials, 'applicationPassword', 'credentials');
    const a = await this.verify({ method: 'GET', url: `${siteUrl}/wp-json/wp/v2/users/me?context=edit`, headers: basic(username, applicationPassword) });
    const me = a.json as { id?: number; name?: string };
    if (!me?.id) throw new ProviderError('permanent', 'BAD_RESPONSE', 'WordPress did not say who the password belongs to');
    return {
      accountId: String(me.id),
      displayName: input.displayName ?? `${me.name ?? username} on ${new URL(siteUrl).host}`,
      credentials: { applicationPassword },
      config: { siteUrl, username },
      expiresAt: null,
    };
  }

  publish(ctx: ChannelContext, post: OutboundPost): Promise<PublishOutcome> {
    return this.publishWith(
      {
        method: 'POST',
        url: `${ctx.config.siteUrl}/wp-json/wp/v2/posts`,
        headers: this.auth(ctx),
        json: { title: this.title(post), content: toHtml(this.text(post)), status: 'publish', slug: slugOf(post.idempotencyKey) },
      },
      (a) => {
        const p = a.json as WpPost;
        if (!p?.id) throw new Error('no post id');
        return { kind: 'published', externalId: String(p.id), url: p.link ?? null, publishedAt: gmt(p.date_gmt) };
      },
    );
  }

  async reconcile(ctx: ChannelContext, post: OutboundPost): Promise<ReconcileOutcome> {
    const q = new URLSearchParams({ slug: slugOf(post.idempotencyKey), status: 'publish,future,draft,pending,private', context: 'edit' });
    const a = await this.requestWithRetry({ method: 'GET', url: `${ctx.config.siteUrl}/wp-json/wp/v2/posts?${q}`, headers: this.auth(ctx) });
    const hit = ((a.json as WpPost[]) ?? [])[0];
    return hit ? { found: true, externalId: String(hit.id), url: hit.link ?? null, publishedAt: gmt(hit.date_gmt) } : { found: false };
  }

  async fetchStatus(ctx: ChannelContext, externalId: string): Promise<PostStatus> {
    try {
      await this.requestWithRetry({
        method: 'GET',
        url: `${ctx.config.siteUrl}/wp-json/wp/v2/posts/${encodeURIComponent(externalId)}?context=edit`,
        headers: this.auth(ctx),
      });
      return 'live';
    } catch (err) {
      if (err instanceof ProviderError && err.extra.status === 404) return 'missing';
      throw err;
    }
  }

  /** WordPress core keeps no view counts; its comments are the engagement it knows (X-WP-Total). */
  async metrics(ctx: ChannelContext, externalId: string): Promise<PostMetricsReading> {
    const a = await this.requestWithRetry({
      method: 'GET',
      url: `${ctx.config.siteUrl}/wp-json/wp/v2/comments?post=${encodeURIComponent(externalId)}&per_page=1`,
      headers: this.auth(ctx),
    });
    return { impressions: 0, engagements: Number(a.headers.get('x-wp-total') ?? 0) || 0, clicks: 0 };
  }

  protected override platformMessage(a: HttpAnswer): string {
    const j = a.json as { code?: string; message?: string } | null;
    return j?.message ? `${j.message}${j.code ? ` (${j.code})` : ''}` : super.platformMessage(a);
  }

  private auth(ctx: ChannelContext): Record<string, string> {
    return basic(ctx.config.username, ctx.credentials.applicationPassword);
  }
}

const basic = (user: string, password: string) => ({ authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` });
const gmt = (d?: string) => (d ? new Date(`${d.replace(/Z$/, '')}Z`).toISOString() : new Date().toISOString());

/** A slug that names the post's idempotency key: lowercase, stable, short. */
export const slugOf = (idempotencyKey: string) => `mt-${createHash('sha256').update(idempotencyKey).digest('hex').slice(0, 24)}`;

/** Plain text as paragraphs, HTML-escaped. */
function toHtml(text: string): string {
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return text
    .split(/\n{2,}/)
    .map((p) => `<p>${esc(p).replace(/\n/g, '<br />')}</p>`)
    .join('\n');
}
