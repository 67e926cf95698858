import { randomBytes } from 'node:crypto';
import { epochIn, type FakeFailure, FakePlatform, type FakeReply, type FakeRequest, type FakeRoute } from './fake-platform';

export interface FakeRecord {
  uri: string;
  cid: string;
  value: { $type: string; text: string; createdAt: string; facets?: unknown[] };
}

/**
 * A Bluesky PDS: createSession (handle + app password), refreshSession (with the refresh JWT),
 * createRecord / listRecords / getRecord of app.bsky.feed.post, app.bsky.feed.getPosts.
 * XRPC errors as {error, message}; RateLimit-* headers with the reset in epoch seconds.
 */
export class BlueskyFake extends FakePlatform {
  readonly handle = 'acme.bsky.social';
  readonly did = 'did:plc:fakeacme0000000000000000';
  appPassword = 'abcd-efgh-ijkl-mnop';
  readonly records: FakeRecord[] = [];
  /** Seconds an access JWT lives. */
  accessTtlSec = 7200;
  private readonly access = new Set<string>();
  private readonly refresh = new Set<string>();
  private seq = 1;

  /** Refresh JWTs stop working (expired); the app password still opens a session. */
  expireRefreshTokens(): void {
    this.refresh.clear();
    this.access.clear();
  }

  protected routeOf(req: FakeRequest): FakeRoute | null {
    if (req.path.endsWith('com.atproto.repo.createRecord')) return 'publish';
    if (req.path.endsWith('com.atproto.server.refreshSession') || req.path.endsWith('com.atproto.server.createSession')) return 'refresh';
    if (req.method === 'GET') return 'lookup';
    return null;
  }

  protected answer(req: FakeRequest): FakeReply {
    const bearer = (req.headers.authorization ?? '').replace(/^Bearer /, '');
    const limits = { 'ratelimit-limit': '5000', 'ratelimit-remaining': '4999', 'ratelimit-reset': epochIn(3600), 'ratelimit-policy': '5000;w=3600' };
    switch (req.path) {
      case '/xrpc/com.atproto.server.createSession': {
        const b = req.body as { identifier?: string; password?: string };
        if (b.identifier !== this.handle || b.password !== this.appPassword) return { status: 401, body: { error: 'AuthenticationRequired', message: 'Invalid identifier or password' } };
        return { status: 200, body: this.session(), headers: limits };
      }
      case '/xrpc/com.atproto.server.refreshSession':
        if (!this.refresh.delete(bearer)) return { status: 400, body: { error: 'ExpiredToken', message: 'Token has expired' } };
        return { status: 200, body: this.session(), headers: limits };
    }
    if (!this.access.has(bearer)) return { status: 400, body: { error: 'ExpiredToken', message: 'Token has expired' } };
    if (req.path === '/xrpc/com.atproto.repo.createRecord') {
      const b = req.body as { repo?: string; collection?: string; record?: FakeRecord['value'] };
      if (b.repo !== this.did || b.collection !== 'app.bsky.feed.post' || !b.record?.text) return { status: 400, body: { error: 'InvalidRequest', message: 'Input/record must be an app.bsky.feed.post' } };
      if ([...new Intl.Segmenter('en', { granularity: 'grapheme' }).segment(b.record.text)].length > 300) return { status: 400, body: { error: 'InvalidRequest', message: 'Invalid app.bsky.feed.post record: Record/text must not be longer than 300 graphemes' } };
      const rkey = `3l${(this.seq++).toString(36).padStart(11, '0')}`;
      const rec = { uri: `at://${this.did}/app.bsky.feed.post/${rkey}`, cid: `bafyrei${randomBytes(10).toString('hex')}`, value: b.record };
      this.records.push(rec);
      return { status: 200, body: { uri: rec.uri, cid: rec.cid, validationStatus: 'valid' }, headers: limits };
    }
    if (req.path === '/xrpc/com.atproto.repo.listRecords') {
      const records = req.query.get('repo') === this.did ? [...this.records].reverse().slice(0, Number(req.query.get('limit') ?? 50)) : [];
      return { status: 200, body: { records }, headers: limits };
    }
    if (req.path === '/xrpc/com.atproto.repo.getRecord') {
      const r = this.records.find((x) => x.uri.endsWith(`/${req.query.get('rkey')}`));
      return r ? { status: 200, body: r } : { status: 400, body: { error: 'RecordNotFound', message: 'Could not locate record' } };
    }
    if (req.path === '/xrpc/app.bsky.feed.getPosts') {
      const uris = req.query.getAll('uris');
      return { status: 200, body: { posts: this.records.filter((r) => uris.includes(r.uri)).map((r) => ({ uri: r.uri, cid: r.cid, likeCount: 9, repostCount: 3, replyCount: 2, quoteCount: 1 })) } };
    }
    return { status: 501, body: { error: 'MethodNotImplemented', message: `Method Not Implemented: ${req.path}` } };
  }

  protected failureReply(kind: Exclude<FakeFailure, 'timeout-after-accepting'>, route: FakeRoute): FakeReply {
    switch (kind) {
      case 'rate-limit':
        return { status: 429, body: { error: 'RateLimitExceeded', message: 'Rate Limit Exceeded' }, headers: { 'ratelimit-limit': '5000', 'ratelimit-remaining': '0', 'ratelimit-reset': epochIn(1) } };
      case 'revoked':
        return route === 'refresh' ? { status: 401, body: { error: 'AuthenticationRequired', message: 'Invalid identifier or password' } } : { status: 401, body: { error: 'AuthenticationRequired', message: 'Token could not be verified' } };
      case 'server-error':
        return { status: 500, body: { error: 'InternalServerError', message: 'Internal Server Error' } };
      case 'unavailable':
        return { status: 503, body: { error: 'UpstreamFailure', message: 'Upstream Failure' } };
    }
  }

  private session() {
    const exp = Math.floor(Date.now() / 1000) + this.accessTtlSec;
    const jwt = (kind: string) => `${b64({ alg: 'ES256K', typ: kind })}.${b64({ sub: this.did, exp, jti: randomBytes(6).toString('hex') })}.sig`;
    const accessJwt = jwt('at+jwt');
    const refreshJwt = jwt('refresh+jwt');
    this.access.add(accessJwt);
    this.refresh.add(refreshJwt);
    return { accessJwt, refreshJwt, handle: this.handle, did: this.did, active: true };
  }
}

const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
