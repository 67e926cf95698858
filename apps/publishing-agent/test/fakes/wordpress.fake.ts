import { type FakeFailure, FakePlatform, type FakeReply, type FakeRequest, type FakeRoute } from './fake-platform';

export interface FakeWpPost {
  id: number;
  slug: string;
  status: string;
  title: string;
  content: string;
  link: string;
  date_gmt: string;
}

/**
 * A WordPress site's REST API with application passwords (Basic auth): users/me, posts (create,
 * list with slug and status filters, one), comments with X-WP-Total. Errors as
 * {code, message, data: {status}}.
 */
export class WordPressFake extends FakePlatform {
  readonly username = 'editor';
  applicationPassword = 'abcd EFGH 1234 ijkl MNOP 5678';
  readonly posts: FakeWpPost[] = [];
  private seq = 100;

  get siteUrl(): string {
    return `${this.url}/blog`;
  }

  protected routeOf(req: FakeRequest): FakeRoute | null {
    if (req.method === 'POST' && req.path.endsWith('/wp-json/wp/v2/posts')) return 'publish';
    if (req.method === 'GET') return 'lookup';
    return null;
  }

  protected answer(req: FakeRequest): FakeReply {
    const path = req.path.replace(/^\/blog/, '');
    const expected = `Basic ${Buffer.from(`${this.username}:${this.applicationPassword}`).toString('base64')}`;
    if (req.headers.authorization !== expected) return wpError(401, 'incorrect_password', 'The provided password is an invalid application password.');
    if (path === '/wp-json/wp/v2/users/me') return { status: 200, body: { id: 7, name: 'Eddie Editor', slug: 'editor', roles: ['editor'] } };
    if (path === '/wp-json/wp/v2/posts' && req.method === 'POST') {
      const b = req.body as { title?: string; content?: string; status?: string; slug?: string };
      if (!b.title && !b.content) return wpError(400, 'empty_content', 'Content, title, and excerpt are empty.');
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
    const one = /^\/wp-json\/wp\/v2\/posts\/(\d+)$/.exec(path);
    if (one) {
      const p = this.posts.find((x) => x.id === Number(one[1]));
      return p ? { status: 200, body: p } : wpError(404, 'rest_post_invalid_id', 'Invalid post ID.');
    }
    if (path === '/wp-json/wp/v2/comments')
      return { status: 200, body: [], headers: { 'x-wp-total': this.posts.some((p) => String(p.id) === req.query.get('post')) ? '4' : '0' } };
    return wpError(404, 'rest_no_route', 'No route was found matching the URL and request method.');
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
