import { createHash, randomBytes } from 'node:crypto';
import { epochIn, type FakeFailure, FakePlatform, type FakeReply, type FakeRequest, type FakeRoute, formOf, sniffMime } from './fake-platform';

export interface FakeTweet {
  id: string;
  text: string;
  created_at: string;
  author_id: string;
  /** The tweet's media, as v2 shows them (`attachments.media_keys`). */
  attachments?: { media_keys: string[] };
}

/** One uploaded medium: simple (one request) or chunked (initialize, append…, finalize), then processed. */
export interface FakeXMedia {
  id: string;
  mediaKey: string;
  ownerId: string;
  mediaType: string;
  category: string;
  totalBytes: number;
  segments: Map<number, Buffer>;
  bytes: Buffer;
  state: 'uploading' | 'pending' | 'in_progress' | 'succeeded' | 'failed';
  /** STATUS answers left before processing ends. */
  pollsLeft: number;
  altText: string | null;
}

const MB = 1024 * 1024;
const invalid = (message: string): FakeReply => ({
  status: 400,
  body: {
    errors: [{ message }],
    title: 'Invalid Request',
    detail: 'One or more parameters to your request was invalid.',
    type: 'https://api.twitter.com/2/problems/invalid-request',
  },
});

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
  readonly media: FakeXMedia[] = [];
  /** X's documented limits: images 5 MB (simple upload), video 512 MB (chunked, 5 MB a segment). */
  maxImageBytes = 5 * MB;
  maxVideoBytes = 512 * MB;
  readonly maxSegmentBytes = 5 * MB;
  /** STATUS polls a video stays in_progress after FINALIZE (which answers `pending`). */
  videoProcessingPolls = 1;
  /** Tokens granted without the media.write scope: every media call answers 403. */
  withoutMediaWrite = false;
  /** The next finalized video fails processing (X's `failed` state with its error). */
  failVideoProcessing = false;
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
    if (req.path.startsWith('/2/media/')) return 'upload';
    if (req.path === '/2/oauth2/token' && (req.body as Record<string, string>)?.grant_type === 'refresh_token') return 'refresh';
    if (req.method === 'GET' && req.path.startsWith('/2/')) return 'lookup';
    return null;
  }

  protected async answer(req: FakeRequest): Promise<FakeReply> {
    if (req.path === '/i/oauth2/authorize') return this.authorize(req);
    if (req.path === '/2/oauth2/token') return this.token(req);
    if (!this.access.has((req.headers.authorization ?? '').replace(/^Bearer /, ''))) {
      return { status: 401, body: { title: 'Unauthorized', type: 'about:blank', status: 401, detail: 'Unauthorized' } };
    }
    if (req.method === 'GET' && req.path === '/2/users/me') return { status: 200, body: { data: this.user } };
    if (req.path.startsWith('/2/media/')) return this.mediaAnswer(req);
    if (req.method === 'POST' && req.path === '/2/tweets') {
      const text = (req.body as { text?: string })?.text ?? '';
      const mediaIds = (req.body as { media?: { media_ids?: unknown } })?.media?.media_ids;
      let keys: string[] | undefined;
      if (mediaIds !== undefined) {
        if (!Array.isArray(mediaIds) || mediaIds.length < 1 || mediaIds.length > 4) return invalid('media.media_ids must hold 1 to 4 media ids');
        const items = mediaIds.map((id) => this.media.find((m) => m.id === id));
        if (items.some((m) => !m || m.ownerId !== this.user.id || m.state !== 'succeeded')) return invalid('Your media IDs are invalid.');
        if (items.some((m) => m?.category === 'tweet_video') && items.length > 1) return invalid('A Tweet can have only one video, and not with images.');
        keys = items.map((m) => (m as FakeXMedia).mediaKey);
      }
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
      const tweet: FakeTweet = { id: String(1860000000000000000n + BigInt(this.seq++)), text, created_at: new Date().toISOString(), author_id: this.user.id };
      if (keys) tweet.attachments = { media_keys: keys };
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

  /** The media of a tweet, in order. */
  mediaOf(tweet: FakeTweet | undefined): FakeXMedia[] {
    return (tweet?.attachments?.media_keys ?? []).map((k) => this.media.find((m) => m.mediaKey === k) as FakeXMedia);
  }

  /**
   * X API v2 media upload: POST /2/media/upload (simple, multipart `media` + `media_category`),
   * POST /2/media/upload/initialize → /{id}/append (multipart `media` + `segment_index`) →
   * /{id}/finalize (chunked, for video), GET /2/media/upload?command=STATUS&media_id=…, and
   * POST /2/media/metadata for alt text (≤ 1,000 characters).
   */
  private async mediaAnswer(req: FakeRequest): Promise<FakeReply> {
    if (this.withoutMediaWrite)
      return { status: 403, body: { title: 'Forbidden', type: 'about:blank', status: 403, detail: 'You are not permitted to perform this action.' } };
    if (req.method === 'POST' && req.path === '/2/media/upload') {
      const form = await formOf(req);
      const file = form?.get('media');
      if (!(file instanceof Blob)) return invalid('media is required');
      const bytes = Buffer.from(await file.arrayBuffer());
      const category = String(form?.get('media_category') ?? 'tweet_image');
      const type = sniffMime(bytes);
      if (!type || !/^image\/(jpeg|png|webp|gif)$/.test(type))
        return invalid(`media type ${type ?? 'unrecognized'}: the simple upload takes JPEG, PNG, WEBP and GIF images`);
      if (bytes.length > this.maxImageBytes) return tooLarge(this.maxImageBytes);
      const m = this.newMedia(type, category, bytes.length);
      m.bytes = bytes;
      m.state = 'succeeded';
      return { status: 200, body: { data: this.mediaView(m) }, headers: this.limits() };
    }
    if (req.method === 'POST' && req.path === '/2/media/upload/initialize') {
      const b = (req.body ?? {}) as { media_type?: string; total_bytes?: number; media_category?: string };
      if (!b.media_type || !Number.isInteger(b.total_bytes) || (b.total_bytes as number) < 1) return invalid('media_type and total_bytes are required');
      if (!/^(video\/(mp4|quicktime)|image\/(jpeg|png|webp|gif))$/.test(b.media_type)) return invalid(`media type ${b.media_type} is not supported`);
      const video = b.media_type.startsWith('video/');
      const max = video ? this.maxVideoBytes : this.maxImageBytes;
      if ((b.total_bytes as number) > max) return tooLarge(max);
      const m = this.newMedia(b.media_type, b.media_category ?? (video ? 'tweet_video' : 'tweet_image'), b.total_bytes as number);
      return { status: 200, body: { data: { id: m.id, media_key: m.mediaKey, expires_after_secs: 86400 } }, headers: this.limits() };
    }
    const step = /^\/2\/media\/upload\/(\d+)\/(append|finalize)$/.exec(req.path);
    if (req.method === 'POST' && step) {
      const m = this.media.find((x) => x.id === step[1] && x.ownerId === this.user.id);
      if (!m || m.state !== 'uploading') return invalid('Invalid or expired media_id');
      if (step[2] === 'append') {
        const form = await formOf(req);
        const chunk = form?.get('media');
        const index = Number(form?.get('segment_index'));
        if (!(chunk instanceof Blob) || !Number.isInteger(index) || index < 0 || index > 999) return invalid('media and segment_index (0-999) are required');
        if (chunk.size > this.maxSegmentBytes) return tooLarge(this.maxSegmentBytes);
        m.segments.set(index, Buffer.from(await chunk.arrayBuffer()));
        return { status: 200, body: { data: { expires_at: Math.floor(Date.now() / 1000) + 86400 } } };
      }
      const bytes = Buffer.concat([...m.segments.entries()].sort(([a], [b]) => a - b).map(([, c]) => c));
      if (bytes.length !== m.totalBytes) return invalid('Segments do not add up to provided total file size.');
      m.bytes = bytes;
      if (m.category !== 'tweet_video') {
        m.state = 'succeeded';
        return { status: 200, body: { data: this.mediaView(m) } };
      }
      m.state = 'pending';
      m.pollsLeft = this.videoProcessingPolls;
      return { status: 200, body: { data: this.mediaView(m) } };
    }
    if (req.method === 'GET' && req.path === '/2/media/upload' && req.query.get('command') === 'STATUS') {
      const m = this.media.find((x) => x.id === req.query.get('media_id') && x.ownerId === this.user.id);
      if (!m) return invalid('Invalid or expired media_id');
      if (m.state === 'pending' || m.state === 'in_progress') {
        if (m.pollsLeft > 0) {
          m.pollsLeft -= 1;
          m.state = 'in_progress';
        } else if (this.failVideoProcessing || sniffMime(m.bytes) !== m.mediaType) {
          this.failVideoProcessing = false;
          m.state = 'failed';
        } else m.state = 'succeeded';
      }
      return { status: 200, body: { data: this.mediaView(m) } };
    }
    if (req.method === 'POST' && req.path === '/2/media/metadata') {
      const b = (req.body ?? {}) as { id?: string; metadata?: { alt_text?: { text?: string } } };
      const m = this.media.find((x) => x.id === b.id && x.ownerId === this.user.id);
      if (!m) return invalid('Invalid or expired media_id');
      const text = b.metadata?.alt_text?.text;
      if (typeof text !== 'string' || [...text].length > 1000) return invalid('metadata.alt_text.text must be at most 1000 characters');
      if (m.category === 'tweet_video') return invalid('Alt text is supported for images and GIFs only');
      m.altText = text;
      return { status: 200, body: { data: { id: m.id, associated_metadata: true } } };
    }
    return { status: 404, body: { title: 'Not Found', status: 404, detail: `no route ${req.method} ${req.path}` } };
  }

  private newMedia(mediaType: string, category: string, totalBytes: number): FakeXMedia {
    const id = String(1870000000000000000n + BigInt(this.seq++));
    const m: FakeXMedia = {
      ...{ id, mediaKey: `${category === 'tweet_video' ? 7 : 3}_${id}`, ownerId: this.user.id, mediaType, category, totalBytes },
      ...{ segments: new Map(), bytes: Buffer.alloc(0), state: 'uploading', pollsLeft: 0, altText: null },
    };
    this.media.push(m);
    return m;
  }

  private mediaView(m: FakeXMedia) {
    const base = { id: m.id, media_key: m.mediaKey, size: m.bytes.length, expires_after_secs: 86400 };
    if (m.category !== 'tweet_video') return base;
    const processing_info =
      m.state === 'failed'
        ? {
            state: 'failed',
            progress_percent: 100,
            error: { code: 1, name: 'InvalidMedia', message: 'Invalid or Unsupported media, Reason: UnsupportedMedia.' },
          }
        : m.state === 'succeeded'
          ? { state: 'succeeded', progress_percent: 100 }
          : { state: m.state, check_after_secs: 1, progress_percent: m.state === 'pending' ? 0 : 50 };
    return { ...base, processing_info };
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
        scope: 'tweet.read tweet.write users.read media.write offline.access',
        refresh_token: refresh,
      },
    };
  }

  private limits(): Record<string, string> {
    return { 'x-rate-limit-limit': '100', 'x-rate-limit-remaining': '99', 'x-rate-limit-reset': epochIn(900) };
  }
}

function tooLarge(max: number): FakeReply {
  return { status: 413, body: { title: 'Payload Too Large', status: 413, detail: `File size exceeds ${max} bytes.`, type: 'about:blank' } };
}
