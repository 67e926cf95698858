import { createHash, randomBytes } from 'node:crypto';
import { epochIn, type FakeFailure, FakePlatform, type FakeReply, type FakeRequest, type FakeRoute } from './fake-platform';

export interface FakeTweet {
  id: string;
  text: string;
  created_at: string;
  author_id: string;
}

/**
 * X API v2 and its OAuth 2.0 authorization server: /i/oauth2/authorize (redirects back with a
 * code, as after the user's consent), /2/oauth2/token (confidential client: Basic auth; PKCE S256
 * checked; refresh tokens rotate), /2/users/me, POST /2/tweets, GET /2/users/:id/tweets,
 * GET /2/tweets/:id. Errors in X's problem shape; 429 with x-rate-limit-* headers.
 */
export class XFake extends FakePlatform {
  readonly clientId = 'fake-x-client';
  readonly clientSecret = 'fake-x-secret';
  readonly user = { id: '1460000000000000001', username: 'acmecoffee', name: 'Acme Coffee' };
  readonly tweets: FakeTweet[] = [];
  /** Seconds an access token lives. */
  accessTtlSec = 7200;
  private readonly codes = new Map<string, { challenge: string; redirectUri: string }>();
  private readonly access = new Set<string>();
  private readonly refresh = new Set<string>();
  private seq = 1;

  get authorizeUrl(): string {
    return `${this.url}/i/oauth2/authorize`;
  }

  /** The user revokes the app: every token stops working. */
  revokeAll(): void {
    this.access.clear();
    this.refresh.clear();
  }

  /** Access tokens stop working (they expired), refresh tokens still do. */
  expireAccessTokens(): void {
    this.access.clear();
  }

  protected routeOf(req: FakeRequest): FakeRoute | null {
    if (req.method === 'POST' && req.path === '/2/tweets') return 'publish';
    if (req.path === '/2/oauth2/token' && (req.body as Record<string, string>)?.grant_type === 'refresh_token') return 'refresh';
    if (req.method === 'GET' && req.path.startsWith('/2/')) return 'lookup';
    return null;
  }

  protected answer(req: FakeRequest): FakeReply {
    if (req.path === '/i/oauth2/authorize') return this.authorize(req);
    if (req.path === '/2/oauth2/token') return this.token(req);
    if (!this.access.has((req.headers.authorization ?? '').replace(/^Bearer /, ''))) {
      return { status: 401, body: { title: 'Unauthorized', type: 'about:blank', status: 401, detail: 'Unauthorized' } };
    }
    if (req.method === 'GET' && req.path === '/2/users/me') return { status: 200, body: { data: this.user } };
    if (req.method === 'POST' && req.path === '/2/tweets') {
      const text = (req.body as { text?: string })?.text ?? '';
      if (!text || [...text].length > 280)
        return {
          status: 400,
          body: {
            title: 'Invalid Request',
            detail: 'One or more parameters to your request was invalid.',
            type: 'https://api.twitter.com/2/problems/invalid-request',
            status: 400,
          },
        };
      if (this.tweets.some((t) => t.text === text)) {
        return {
          status: 403,
          body: { title: 'Forbidden', type: 'about:blank', status: 403, detail: 'You are not allowed to create a Tweet with duplicate content.' },
        };
      }
      const tweet = { id: String(1860000000000000000n + BigInt(this.seq++)), text, created_at: new Date().toISOString(), author_id: this.user.id };
      this.tweets.push(tweet);
      return { status: 201, body: { data: { id: tweet.id, text: tweet.text, edit_history_tweet_ids: [tweet.id] } }, headers: this.limits() };
    }
    const mine = /^\/2\/users\/(\d+)\/tweets$/.exec(req.path);
    if (req.method === 'GET' && mine) {
      const data = this.tweets
        .filter((t) => t.author_id === mine[1])
        .reverse()
        .slice(0, Number(req.query.get('max_results') ?? 10));
      return { status: 200, body: data.length ? { data, meta: { result_count: data.length } } : { meta: { result_count: 0 } } };
    }
    const one = /^\/2\/tweets\/(\d+)$/.exec(req.path);
    if (req.method === 'GET' && one) {
      const t = this.tweets.find((x) => x.id === one[1]);
      if (!t)
        return {
          status: 200,
          body: {
            errors: [
              {
                value: one[1],
                detail: `Could not find tweet with id: [${one[1]}].`,
                title: 'Not Found Error',
                resource_type: 'tweet',
                type: 'https://api.twitter.com/2/problems/resource-not-found',
              },
            ],
          },
        };
      return {
        status: 200,
        body: {
          data: {
            ...t,
            public_metrics: { retweet_count: 2, reply_count: 1, like_count: 7, quote_count: 0, impression_count: 150 },
            non_public_metrics: { url_link_clicks: 4, user_profile_clicks: 1 },
          },
        },
      };
    }
    return { status: 404, body: { title: 'Not Found', status: 404, detail: `no route ${req.method} ${req.path}` } };
  }

  protected failureReply(kind: Exclude<FakeFailure, 'timeout-after-accepting'>, route: FakeRoute): FakeReply {
    switch (kind) {
      case 'rate-limit':
        return {
          status: 429,
          headers: { 'x-rate-limit-limit': '100', 'x-rate-limit-remaining': '0', 'x-rate-limit-reset': epochIn(1) },
          body: { title: 'Too Many Requests', detail: 'Too Many Requests', type: 'about:blank', status: 429 },
        };
      case 'revoked':
        return route === 'refresh'
          ? { status: 400, body: { error: 'invalid_request', error_description: 'Value passed for the token was invalid.' } }
          : { status: 401, body: { title: 'Unauthorized', type: 'about:blank', status: 401, detail: 'Unauthorized' } };
      case 'server-error':
        return { status: 500, body: { title: 'Internal Server Error', status: 500, detail: 'Internal Server Error' } };
      case 'unavailable':
        return { status: 503, body: { title: 'Service Unavailable', status: 503, detail: 'Service Unavailable' } };
    }
  }

  private authorize(req: FakeRequest): FakeReply {
    const q = req.query;
    const redirect = q.get('redirect_uri');
    if (q.get('client_id') !== this.clientId || q.get('response_type') !== 'code' || !redirect) return { status: 400, body: 'invalid authorization request' };
    if (q.get('code_challenge_method') !== 'S256' || !q.get('code_challenge')) return { status: 400, body: 'PKCE S256 required' };
    const code = randomBytes(12).toString('base64url');
    this.codes.set(code, { challenge: q.get('code_challenge') as string, redirectUri: redirect });
    const back = new URL(redirect);
    back.searchParams.set('state', q.get('state') ?? '');
    back.searchParams.set('code', code);
    return { status: 302, headers: { location: back.toString() } };
  }

  private token(req: FakeRequest): FakeReply {
    const f = (req.body ?? {}) as Record<string, string>;
    const expected = `Basic ${Buffer.from(`${this.clientId}:${this.clientSecret}`).toString('base64')}`;
    if (req.headers.authorization !== expected)
      return { status: 401, body: { error: 'unauthorized_client', error_description: 'Missing valid authorization header' } };
    if (f.grant_type === 'authorization_code') {
      const c = this.codes.get(f.code);
      this.codes.delete(f.code);
      const challenge = createHash('sha256')
        .update(f.code_verifier ?? '')
        .digest('base64url');
      if (!c || c.redirectUri !== f.redirect_uri || c.challenge !== challenge)
        return { status: 400, body: { error: 'invalid_request', error_description: 'Value passed for the authorization code was invalid.' } };
      return this.issue();
    }
    if (f.grant_type === 'refresh_token') {
      if (!this.refresh.delete(f.refresh_token))
        return { status: 400, body: { error: 'invalid_request', error_description: 'Value passed for the token was invalid.' } };
      return this.issue();
    }
    return { status: 400, body: { error: 'unsupported_grant_type' } };
  }

  private issue(): FakeReply {
    const access = `xat-${randomBytes(9).toString('base64url')}`;
    const refresh = `xrt-${randomBytes(9).toString('base64url')}`;
    this.access.add(access);
    this.refresh.add(refresh);
    return {
      status: 200,
      body: {
        token_type: 'bearer',
        expires_in: this.accessTtlSec,
        access_token: access,
        scope: 'tweet.read tweet.write users.read offline.access',
        refresh_token: refresh,
      },
    };
  }

  private limits(): Record<string, string> {
    return { 'x-rate-limit-limit': '100', 'x-rate-limit-remaining': '99', 'x-rate-limit-reset': epochIn(900) };
  }
}
