import { type FakeFailure, FakePlatform, type FakeReply, type FakeRequest, type FakeRoute, sniffMime } from './fake-platform';

export interface FakeWpPost {
  id: number;
  slug: string;
  status: string;
  title: string;
  content: string;
  link: string;
  date_gmt: string;
  featured_media: number;
}

/** An attachment of the site's media library. */
export interface FakeWpMedia {
  id: number;
  slug: string;
  fileName: string;
  mimeType: string;
  bytes: Buffer;
  alt_text: string;
  source_url: string;
}

/** The extensions WordPress allows by default (get_allowed_mime_types), by the type it finds in the bytes. */
const ALLOWED: Record<string, string[]> = {
  'image/jpeg': ['jpg', 'jpeg', 'jpe'],
  'image/png': ['png'],
  'image/gif': ['gif'],
  'image/webp': ['webp'],
  'image/avif': ['avif'],
  'video/mp4': ['mp4', 'm4v'],
  'video/quicktime': ['mov', 'qt'],
  'video/webm': ['webm'],
};

/**
 * A WordPress site's REST API with application passwords (Basic auth): users/me, posts (create,
 * list with slug and status filters, one), comments with X-WP-Total. Errors as
 * {code, message, data: {status}}.
 */
export class WordPressFake extends FakePlatform {
  readonly username = 'editor';
  applicationPassword = 'abcd EFGH 1234 ijkl MNOP 5678';
  readonly posts: FakeWpPost[] = [];
  readonly media: FakeWpMedia[] = [];
  /** The web server's request size limit (PHP upload_max_filesize / nginx client_max_body_size): past it, 413. */
  maxUploadBytes = 64 * 1024 * 1024;
  private seq = 100;

  get siteUrl(): string {
    return `${this.url}/blog`;
  }

  protected routeOf(req: FakeRequest): FakeRoute | null {
    if (req.method === 'POST' && req.path.endsWith('/wp-json/wp/v2/posts')) return 'publish';
    if (req.method === 'POST' && req.path.includes('/wp-json/wp/v2/media')) return 'upload';
    if (req.method === 'GET') return 'lookup';
    return null;
  }

  protected answer(req: FakeRequest): FakeReply {
    const path = req.path.replace(/^\/blog/, '');
    // The web server refuses an oversized body before WordPress sees it, in HTML.
    if (req.rawBytes.length > this.maxUploadBytes)
      return {
        status: 413,
        body: '<html><head><title>413 Request Entity Too Large</title></head><body>nginx</body></html>',
        headers: { 'content-type': 'text/html' },
      };
    const expected = `Basic ${Buffer.from(`${this.username}:${this.applicationPassword}`).toString('base64')}`;
    if (req.headers.authorization !== expected) return wpError(401, 'incorrect_password', 'The provided password is an invalid application password.');
    if (path === '/wp-json/wp/v2/users/me') return { status: 200, body: { id: 7, name: 'Eddie Editor', slug: 'editor', roles: ['editor'] } };
    if (path === '/wp-json/wp/v2/posts' && req.method === 'POST') {
      const b = req.body as { title?: string; content?: string; status?: string; slug?: string; featured_media?: number };
      if (!b.title && !b.content) return wpError(400, 'empty_content', 'Content, title, and excerpt are empty.');
      if (b.featured_media && !this.media.some((m) => m.id === b.featured_media))
        return wpError(400, 'rest_invalid_featured_media', 'Invalid featured media ID.');
      const id = this.seq++;
      // WordPress makes a taken slug unique by appending -2.
      const slug = this.posts.some((p) => p.slug === b.slug) ? `${b.slug}-2` : (b.slug ?? `post-${id}`);
      const p = {
        id,
        slug,
        status: b.status ?? 'draft',
        title: b.title ?? '',
        content: b.content ?? '',
        link: `${this.siteUrl}/${slug}/`,
        date_gmt: new Date().toISOString().slice(0, 19),
        featured_media: b.featured_media ?? 0,
      };
      this.posts.push(p);
      return { status: 201, body: { ...p, title: { raw: p.title, rendered: p.title }, content: { raw: p.content, rendered: p.content } } };
    }
    if (path === '/wp-json/wp/v2/posts' && req.method === 'GET') {
      const statuses = (req.query.get('status') ?? 'publish').split(',');
      const slug = req.query.get('slug');
      const hits = this.posts.filter((p) => statuses.includes(p.status) && (!slug || p.slug === slug));
      return { status: 200, body: hits, headers: { 'x-wp-total': String(hits.length), 'x-wp-totalpages': '1' } };
    }
    if (path === '/wp-json/wp/v2/media' && req.method === 'POST') return this.upload(req);
    if (path === '/wp-json/wp/v2/media' && req.method === 'GET') {
      const slug = req.query.get('slug');
      const hits = this.media.filter((m) => !slug || m.slug === slug);
      return { status: 200, body: hits.map((m) => this.mediaView(m)), headers: { 'x-wp-total': String(hits.length), 'x-wp-totalpages': '1' } };
    }
    const medium = /^\/wp-json\/wp\/v2\/media\/(\d+)$/.exec(path);
    if (medium) {
      const m = this.media.find((x) => x.id === Number(medium[1]));
      if (!m) return wpError(404, 'rest_post_invalid_id', 'Invalid post ID.');
      if (req.method === 'POST') {
        const b = (req.body ?? {}) as { alt_text?: string; slug?: string };
        if (typeof b.alt_text === 'string') m.alt_text = b.alt_text;
        if (typeof b.slug === 'string') m.slug = this.uniqueSlug(b.slug, m.id);
      }
      return { status: 200, body: this.mediaView(m) };
    }
    const one = /^\/wp-json\/wp\/v2\/posts\/(\d+)$/.exec(path);
    if (one) {
      const p = this.posts.find((x) => x.id === Number(one[1]));
      return p ? { status: 200, body: p } : wpError(404, 'rest_post_invalid_id', 'Invalid post ID.');
    }
    if (path === '/wp-json/wp/v2/comments')
      return { status: 200, body: [], headers: { 'x-wp-total': this.posts.some((p) => String(p.id) === req.query.get('post')) ? '4' : '0' } };
    return wpError(404, 'rest_no_route', 'No route was found matching the URL and request method.');
  }

  /** The attachments a post shows: its featured image, then those its content names (wp-image-ID, or the file's URL). */
  mediaOf(post: FakeWpPost | undefined): FakeWpMedia[] {
    if (!post) return [];
    const inline = this.media.filter((m) => post.content.includes(`wp-image-${m.id}"`) || post.content.includes(`src="${m.source_url}"`));
    const featured = this.media.find((m) => m.id === post.featured_media);
    return featured ? [featured, ...inline.filter((m) => m !== featured)] : inline;
  }

  /**
   * POST /wp/v2/media with the file as the body: Content-Disposition names the file (its extension
   * must be allowed and match what the bytes are); 201 with the attachment. WordPress's own
   * errors: rest_upload_no_data, rest_upload_no_content_disposition (400), and
   * rest_upload_sideload_error (500) for a type the site does not allow.
   */
  private upload(req: FakeRequest): FakeReply {
    if (req.rawBytes.length === 0) return wpError(400, 'rest_upload_no_data', 'No data supplied.');
    const disposition = String(req.headers['content-disposition'] ?? '');
    const fileName = /filename="?([^";]+)"?/i.exec(disposition)?.[1];
    if (!fileName) return wpError(400, 'rest_upload_no_content_disposition', 'No Content-Disposition supplied.');
    const type = sniffMime(req.rawBytes);
    const ext = fileName.split('.').pop()?.toLowerCase() ?? '';
    if (!type || !ALLOWED[type]?.includes(ext)) return wpError(500, 'rest_upload_sideload_error', 'Sorry, you are not allowed to upload this file type.');
    const id = this.seq++;
    const base = fileName.replace(/\.[^.]+$/, '').toLowerCase();
    const m: FakeWpMedia = {
      ...{ id, slug: this.uniqueSlug(base, id), fileName, mimeType: type, bytes: req.rawBytes, alt_text: '' },
      source_url: `${this.siteUrl}/wp-content/uploads/2026/12/${id}-${fileName}`,
    };
    this.media.push(m);
    return { status: 201, body: this.mediaView(m) };
  }

  /** WordPress keeps slugs unique across posts and attachments, appending -2. */
  private uniqueSlug(slug: string, self: number): string {
    const taken = (s: string) => this.media.some((m) => m.slug === s && m.id !== self) || this.posts.some((p) => p.slug === s);
    return taken(slug) ? `${slug}-2` : slug;
  }

  private mediaView(m: FakeWpMedia) {
    return {
      id: m.id,
      slug: m.slug,
      status: 'inherit',
      type: 'attachment',
      media_type: m.mimeType.startsWith('image/') ? 'image' : 'file',
      mime_type: m.mimeType,
      alt_text: m.alt_text,
      source_url: m.source_url,
      media_details: { filesize: m.bytes.length },
    };
  }

  protected failureReply(kind: Exclude<FakeFailure, 'timeout-after-accepting'>): FakeReply {
    switch (kind) {
      case 'rate-limit':
        return { ...wpError(429, 'too_many_requests', 'Too many requests.'), headers: { 'retry-after': '1' } };
      case 'revoked':
        return wpError(401, 'incorrect_password', 'The provided password is an invalid application password.');
      case 'server-error':
        return wpError(500, 'internal_server_error', 'There has been a critical error on this website.');
      case 'unavailable':
        return {
          status: 503,
          body: 'Briefly unavailable for scheduled maintenance. Check back in a minute.',
          headers: { 'retry-after': '1', 'content-type': 'text/html' },
        };
    }
  }
}

function wpError(status: number, code: string, message: string): FakeReply {
  return { status, body: { code, message, data: { status } } };
}
