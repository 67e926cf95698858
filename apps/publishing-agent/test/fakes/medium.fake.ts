import { type FakeFailure, FakePlatform, type FakeReply, type FakeRequest, type FakeRoute } from './fake-platform';

export interface FakeMediumPost {
  id: string;
  title: string;
  content: string;
  tags: string[];
  url: string;
  publishedAt: number;
}

/**
 * Medium's API: GET /v1/me and POST /v1/users/{authorId}/posts with an integration token. Medium
 * has no way to read posts back (so no lookup here either). Errors as {errors: [{message, code}]}.
 */
export class MediumFake extends FakePlatform {
  readonly token = '2a1b0c9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4e3f2a1b0';
  readonly user = { id: '5303d74c64f66366f00cb9b2a94f3251bf5', username: 'acmecoffee', name: 'Acme Coffee' };
  readonly posts: FakeMediumPost[] = [];
  private seq = 1;

  protected routeOf(req: FakeRequest): FakeRoute | null {
    return req.method === 'POST' && /\/posts$/.test(req.path) ? 'publish' : null;
  }

  protected answer(req: FakeRequest): FakeReply {
    if (req.headers.authorization !== `Bearer ${this.token}`) return { status: 401, body: { errors: [{ message: 'Token was invalid.', code: 6003 }] } };
    if (req.path === '/v1/me') return { status: 200, body: { data: { ...this.user, url: `https://medium.com/@${this.user.username}` } } };
    const m = /^\/v1\/users\/([^/]+)\/posts$/.exec(req.path);
    if (m && req.method === 'POST') {
      if (m[1] !== this.user.id) return { status: 403, body: { errors: [{ message: 'User is not allowed to publish to this user.', code: 6027 }] } };
      const b = req.body as { title?: string; content?: string; contentFormat?: string; tags?: string[] };
      if (!b.title || !b.content || !['html', 'markdown'].includes(b.contentFormat ?? ''))
        return { status: 400, body: { errors: [{ message: 'Post content, title and contentFormat are required.', code: 2004 }] } };
      const id = `e6f36a${(this.seq++).toString(16).padStart(6, '0')}`;
      const p = { id, title: b.title, content: b.content, tags: b.tags ?? [], url: `https://medium.com/@${this.user.username}/${id}`, publishedAt: Date.now() };
      this.posts.push(p);
      return { status: 201, body: { data: { ...p, authorId: this.user.id, publishStatus: 'public', canonicalUrl: '', license: '' } } };
    }
    return { status: 404, body: { errors: [{ message: 'Not found', code: 404 }] } };
  }

  protected failureReply(kind: Exclude<FakeFailure, 'timeout-after-accepting'>): FakeReply {
    switch (kind) {
      case 'rate-limit':
        return { status: 429, body: { errors: [{ message: 'Too many requests', code: 429 }] }, headers: { 'retry-after': '1' } };
      case 'revoked':
        return { status: 401, body: { errors: [{ message: 'Token was invalid.', code: 6003 }] } };
      case 'server-error':
        return { status: 500, body: { errors: [{ message: 'Internal error', code: 500 }] } };
      case 'unavailable':
        return { status: 503, body: { errors: [{ message: 'Service unavailable', code: 503 }] } };
    }
  }
}
