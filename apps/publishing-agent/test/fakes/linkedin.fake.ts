import { createHash, randomBytes } from 'node:crypto';
import { type FakeFailure, FakePlatform, type FakeReply, type FakeRequest, type FakeRoute } from './fake-platform';

export interface FakeLinkedInPost {
  id: string;
  author: string;
  commentary: string;
  createdAt: number;
  version: string;
}

/**
 * LinkedIn: the OAuth server (/oauth/v2/authorization, /oauth/v2/accessToken with client_secret
 * in the form), OpenID /v2/userinfo, and the versioned Posts API (/rest/posts requires
 * LinkedIn-Version and answers 201 with x-restli-id), the author finder, socialActions.
 * Errors as {status, serviceErrorCode, code, message}.
 */
export class LinkedInFake extends FakePlatform {
  readonly clientId = 'fake-li-client';
  readonly clientSecret = 'fake-li-secret';
  readonly member = { sub: 'aBcD3fG', name: 'Ada Barista' };
  readonly posts: FakeLinkedInPost[] = [];
  private readonly codes = new Map<string, { challenge: string; redirectUri: string }>();
  private readonly access = new Set<string>();
  private readonly refresh = new Set<string>();
  private seq = 1;

  get authUrl(): string {
    return `${this.url}/oauth/v2`;
  }

  revokeAll(): void {
    this.access.clear();
    this.refresh.clear();
  }

  protected routeOf(req: FakeRequest): FakeRoute | null {
    if (req.method === 'POST' && req.path === '/rest/posts') return 'publish';
    if (req.path === '/oauth/v2/accessToken' && (req.body as Record<string, string>)?.grant_type === 'refresh_token') return 'refresh';
    if (req.method === 'GET' && req.path.startsWith('/rest/')) return 'lookup';
    return null;
  }

  protected answer(req: FakeRequest): FakeReply {
    if (req.path === '/oauth/v2/authorization') return this.authorize(req);
    if (req.path === '/oauth/v2/accessToken') return this.token(req);
    if (!this.access.has((req.headers.authorization ?? '').replace(/^Bearer /, ''))) return err(401, 'INVALID_ACCESS_TOKEN', 'Invalid access token', 65600);
    if (req.path === '/v2/userinfo') return { status: 200, body: { sub: this.member.sub, name: this.member.name, email_verified: true } };
    if (!req.path.startsWith('/rest/')) return err(404, 'NOT_FOUND', 'Not found');
    if (!/^\d{6}$/.test(String(req.headers['linkedin-version'] ?? '')))
      return err(426, 'VERSION_MISSING', 'A version must be present. Please specify a version by adding the LinkedIn-Version header.');
    if (req.method === 'POST' && req.path === '/rest/posts') {
      const b = req.body as { author?: string; commentary?: string; lifecycleState?: string; visibility?: string };
      if (b.author !== `urn:li:person:${this.member.sub}`)
        return err(403, 'ACCESS_DENIED', 'Not enough permissions to access: partnerApiPostsExternal.CREATE.20250501');
      if (!b.commentary || b.lifecycleState !== 'PUBLISHED' || !b.visibility)
        return err(422, 'UNPROCESSABLE_ENTITY', 'ERROR :: /commentary :: field is required but not found and has no default value');
      if (b.commentary.length > 3000) return err(422, 'UNPROCESSABLE_ENTITY', 'ERROR :: /commentary :: length of 3001 exceeds maximum of 3000');
      const id = `urn:li:share:${7300000000000000000n + BigInt(this.seq++)}`;
      this.posts.push({ id, author: b.author, commentary: b.commentary, createdAt: Date.now(), version: String(req.headers['linkedin-version']) });
      return { status: 201, headers: { 'x-restli-id': id } };
    }
    if (req.method === 'GET' && req.path === '/rest/posts' && req.query.get('q') === 'author') {
      const elements = this.posts
        .filter((p) => p.author === req.query.get('author'))
        .reverse()
        .slice(0, Number(req.query.get('count') ?? 10));
      return { status: 200, body: { elements, paging: { start: 0, count: elements.length } } };
    }
    const one = /^\/rest\/(posts|socialActions)\/(.+)$/.exec(req.path);
    if (req.method === 'GET' && one) {
      const p = this.posts.find((x) => x.id === decodeURIComponent(one[2]));
      if (!p) return err(404, 'NOT_FOUND', 'Not Found');
      return one[1] === 'posts'
        ? { status: 200, body: p }
        : { status: 200, body: { likesSummary: { totalLikes: 12 }, commentsSummary: { aggregatedTotalComments: 3 } } };
    }
    return err(404, 'NOT_FOUND', `No route ${req.method} ${req.path}`);
  }

  protected failureReply(kind: Exclude<FakeFailure, 'timeout-after-accepting'>, route: FakeRoute): FakeReply {
    switch (kind) {
      case 'rate-limit':
        return {
          ...err(429, 'TOO_MANY_REQUESTS', 'Resource level throttle APPLICATION DAY limit for calls to this resource is reached.'),
          headers: { 'retry-after': '1' },
        };
      case 'revoked':
        return route === 'refresh'
          ? {
              status: 400,
              body: { error: 'invalid_grant', error_description: 'The provided authorization grant or refresh token is invalid, expired or revoked.' },
            }
          : err(401, 'REVOKED_ACCESS_TOKEN', 'The token used in the request has been revoked by the user', 65601);
      case 'server-error':
        return err(500, 'INTERNAL_SERVER_ERROR', 'Internal Server Error');
      case 'unavailable':
        return err(503, 'SERVICE_UNAVAILABLE', 'Service Unavailable');
    }
  }

  private authorize(req: FakeRequest): FakeReply {
    const q = req.query;
    const redirect = q.get('redirect_uri');
    if (q.get('client_id') !== this.clientId || q.get('response_type') !== 'code' || !redirect || !q.get('state'))
      return { status: 400, body: 'invalid request' };
    const code = randomBytes(12).toString('base64url');
    this.codes.set(code, { challenge: q.get('code_challenge') ?? '', redirectUri: redirect });
    const back = new URL(redirect);
    back.searchParams.set('code', code);
    back.searchParams.set('state', q.get('state') as string);
    return { status: 302, headers: { location: back.toString() } };
  }

  private token(req: FakeRequest): FakeReply {
    const f = (req.body ?? {}) as Record<string, string>;
    if (f.client_id !== this.clientId || f.client_secret !== this.clientSecret)
      return { status: 401, body: { error: 'invalid_client', error_description: 'Client authentication failed' } };
    if (f.grant_type === 'authorization_code') {
      const c = this.codes.get(f.code);
      this.codes.delete(f.code);
      const pkceOk =
        !c?.challenge ||
        createHash('sha256')
          .update(f.code_verifier ?? '')
          .digest('base64url') === c.challenge;
      if (!c || c.redirectUri !== f.redirect_uri || !pkceOk)
        return {
          status: 400,
          body: {
            error: 'invalid_grant',
            error_description: 'Unable to retrieve access token: appid/redirect uri/code verifier does not match authorization code.',
          },
        };
      return this.issue();
    }
    if (f.grant_type === 'refresh_token') {
      if (!this.refresh.has(f.refresh_token))
        return {
          status: 400,
          body: { error: 'invalid_grant', error_description: 'The provided authorization grant or refresh token is invalid, expired or revoked.' },
        };
      return this.issue(f.refresh_token);
    }
    return { status: 400, body: { error: 'unsupported_grant_type' } };
  }

  /** LinkedIn keeps the refresh token (it does not rotate); the access token lives 60 days. */
  private issue(keep?: string): FakeReply {
    const access = `lat-${randomBytes(9).toString('base64url')}`;
    const refresh = keep ?? `lrt-${randomBytes(9).toString('base64url')}`;
    this.access.add(access);
    this.refresh.add(refresh);
    return {
      status: 200,
      body: { access_token: access, expires_in: 5184000, refresh_token: refresh, refresh_token_expires_in: 31536000, scope: 'openid,profile,w_member_social' },
    };
  }
}

function err(status: number, code: string, message: string, serviceErrorCode?: number): FakeReply {
  return { status, body: { status, code, message, ...(serviceErrorCode ? { serviceErrorCode } : {}) } };
}
