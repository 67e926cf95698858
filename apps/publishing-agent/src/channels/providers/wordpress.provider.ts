import { createHash } from 'node:crypto';
import type { OutboundMedia, OutboundPost, PostMetricsReading, PublishOutcome, ReconcileOutcome } from '../channel-gateway.port';
import { ChannelProviderBase, type HttpAnswer } from './channel-provider.base';
import { type ChannelContext, type ConnectedAccount, type ConnectInput, type PostStatus, ProviderError } from './channel-provider';
import { MediaBudget } from './media-budget';

interface WpPost {
  id: number;
  link: string;
  slug: string;
  date_gmt?: string;
}

/** An attachment of the site's media library, as the REST API answers it. */
interface WpMedia {
  id: number;
  slug?: string;
  source_url?: string;
}

/** A medium in the site's library, ready to show in the post. */
interface Placed {
  id: number;
  url: string;
  kind: 'image' | 'video';
  alt: string;
}

/** The extension WordPress expects for each type it allows (it checks the name against the bytes). */
const EXTENSIONS: Record<string, string> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/gif': 'gif',
  'image/webp': 'webp',
  'image/avif': 'avif',
  'video/mp4': 'mp4',
  'video/quicktime': 'mov',
  'video/webm': 'webm',
};

/** WordPress refusing a file, whatever status it answers (a disallowed type comes back as a 500). */
const REFUSED_UPLOAD_CODES = new Set([
  'rest_upload_sideload_error',
  'rest_upload_file_too_big',
  'rest_upload_limited_space',
  'rest_upload_user_quota_exceeded',
]);

/**
 * WordPress REST API with an application password (Users → Profile → Application Passwords),
 * Basic auth. Each post gets a slug derived from its idempotency key, so reconcile asks for
 * exactly that slug (GET /wp/v2/posts?slug=…&status=…) instead of guessing by text. Media go into
 * the site's media library first (ADR 167): the first image becomes the featured image, the other
 * media follow the text as image and video blocks.
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

  async publish(ctx: ChannelContext, post: OutboundPost): Promise<PublishOutcome> {
    const budget = new MediaBudget(this.settings.mediaBudgetMs);
    const placed: Placed[] = [];
    for (const [i, m] of (post.media ?? []).entries()) {
      try {
        placed.push(await this.place(ctx, m, `${slugOf(post.idempotencyKey)}-m${i + 1}`));
      } catch (err) {
        return this.uploadFailure(err, `WordPress refused ${m.fileName}`);
      }
    }
    const late = placed.length > 0 ? budget.spent(this.label()) : null;
    if (late) return late;
    const featured = placed.find((p) => p.kind === 'image');
    const blocks = placed.filter((p) => p !== featured).map(block);
    return this.publishWith(
      {
        method: 'POST',
        url: `${ctx.config.siteUrl}/wp-json/wp/v2/posts`,
        headers: this.auth(ctx),
        json: {
          title: this.title(post),
          content: [toHtml(this.text(post)), ...blocks].join('\n'),
          status: 'publish',
          slug: slugOf(post.idempotencyKey),
          ...(featured ? { featured_media: featured.id } : {}),
        },
      },
      (a) => {
        const p = a.json as WpPost;
        if (!p?.id) throw new Error('no post id');
        return { kind: 'published', externalId: String(p.id), url: p.link ?? null, publishedAt: gmt(p.date_gmt) };
      },
    );
  }

  /**
   * One medium in the site's library, under a slug named after the post's idempotency key and
   * its position: an attempt that failed after uploading (the post refused for a while, a later
   * file failing) left it there, so a retry finds it by that slug and uploads nothing twice.
   * Otherwise POST /wp/v2/media with the bytes as the body and Content-Disposition naming the file
   * (with the extension of its real type, which WordPress checks), then the alt text and the slug
   * by an update of the attachment.
   */
  private async place(ctx: ChannelContext, m: OutboundMedia, slug: string): Promise<Placed> {
    const media = `${ctx.config.siteUrl}/wp-json/wp/v2/media`;
    const q = new URLSearchParams({ slug, context: 'edit' });
    const earlier = ((await this.requestWithRetry({ method: 'GET', url: `${media}?${q}`, headers: this.auth(ctx) })).json as WpMedia[] | null)?.[0];
    let id = earlier?.id;
    if (!id) {
      const a = await this.requestWithRetry({
        method: 'POST',
        url: media,
        headers: { ...this.auth(ctx), 'content-type': m.mimeType, 'content-disposition': `attachment; filename="${fileNameOf(m)}"` },
        body: m.bytes,
      });
      id = (a.json as WpMedia | null)?.id;
      if (!id) throw new ProviderError('permanent', 'BAD_RESPONSE', 'WordPress answered an upload without an attachment id');
    }
    const u = await this.requestWithRetry({
      method: 'POST',
      url: `${media}/${id}`,
      headers: this.auth(ctx),
      json: { slug, alt_text: m.altText ?? '' },
    });
    const url = (u.json as WpMedia | null)?.source_url;
    if (!url) throw new ProviderError('permanent', 'BAD_RESPONSE', 'WordPress answered an attachment without its source_url');
    return { id, url, kind: m.kind, alt: m.altText ?? '' };
  }

  /** A refused upload is permanent whatever its status: WordPress answers a disallowed file type with a 500. */
  protected override errorOf(a: HttpAnswer): ProviderError {
    const code = (a.json as { code?: unknown } | null)?.code;
    if (typeof code === 'string' && REFUSED_UPLOAD_CODES.has(code))
      return new ProviderError('permanent', `PLATFORM_${a.status}`, `${this.label()} answered ${a.status}: ${this.platformMessage(a)}`, { status: a.status });
    return super.errorOf(a);
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

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** A medium as the block editor writes it: an image block with its alt text, or a video block. */
function block(p: Placed): string {
  return p.kind === 'image'
    ? `<figure class="wp-block-image"><img src="${esc(p.url)}" alt="${esc(p.alt)}" class="wp-image-${p.id}"/></figure>`
    : `<figure class="wp-block-video"><video controls src="${esc(p.url)}"></video></figure>`;
}

/** The file's name for Content-Disposition: plain ASCII, with the extension of the type its bytes are. */
function fileNameOf(m: OutboundMedia): string {
  const base =
    m.fileName
      .replace(/\.[^.]*$/, '')
      .replace(/[^A-Za-z0-9._-]+/g, '-')
      .replace(/^[-.]+|-+$/g, '')
      .slice(0, 80) || 'media';
  return `${base}.${EXTENSIONS[m.mimeType] ?? 'bin'}`;
}

/** Plain text as paragraphs, HTML-escaped. */
function toHtml(text: string): string {
  return text
    .split(/\n{2,}/)
    .map((p) => `<p>${esc(p).replace(/\n/g, '<br />')}</p>`)
    .join('\n');
}
