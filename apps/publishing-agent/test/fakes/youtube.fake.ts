import { createHash, randomBytes } from 'node:crypto';
import { type FakeFailure, FakePlatform, type FakeReply, type FakeRequest, type FakeRoute, sniffMime } from './fake-platform';

export interface FakeVideo {
  id: string;
  channelId: string;
  title: string;
  description: string;
  tags: string[];
  privacyStatus: string;
  mimeType: string;
  bytes: number;
  publishedAt: string;
}

interface UploadSession {
  id: string;
  token: string;
  total: number;
  declaredType: string;
  resource: { snippet: { title: string; description: string; tags?: string[] }; status: { privacyStatus: string } };
  received: Buffer;
  video?: FakeVideo;
}

/** Google's error body (developers.google.com/youtube/v3/docs/errors). */
const googleError = (status: number, reason: string, message: string, domain = 'youtube.video'): FakeReply => ({
  status,
  body: { error: { code: status, message, errors: [{ message, domain, reason }] } },
});

/**
 * Google's OAuth 2.0 server and the YouTube Data API v3 on 127.0.0.1 (ADR 180):
 * /o/oauth2/v2/auth (redirects back with a code, as after consent), /token (authorization_code
 * with PKCE S256 checked, refresh_token; invalid_grant for a spent code or a revoked token; a
 * refresh keeps the refresh token), /youtube/v3/channels?mine=true, the resumable upload
 * (POST /upload/youtube/v3/videos?uploadType=resumable → 200 with Location; PUT bytes → 201 with
 * the video; PUT `Content-Range: bytes * /N` → 308 with `Range: bytes=0-K`, or 201 once complete),
 * /youtube/v3/playlistItems (the uploads playlist, newest first), /youtube/v3/videos (status,
 * statistics). Errors in Google's shape: 401 authError, 403 quotaExceeded, 400 invalidTitle,
 * invalidDescription; a file whose bytes are not a video: 400 invalidVideoFormat once it is complete.
 */
export class YouTubeFake extends FakePlatform {
  readonly clientId = 'fake-google-client.apps.googleusercontent.com';
  readonly clientSecret = 'fake-google-secret';
  readonly channel = { id: 'UCacmeCoffee0000000000aa', title: 'Acme Coffee', uploads: 'UUacmeCoffee0000000000aa' };
  readonly videos: FakeVideo[] = [];
  readonly sessions = new Map<string, UploadSession>();
  /**
   * The next upload PUT keeps only this many bytes (with `fail('timeout-after-accepting')` the
   * answer never comes: an upload interrupted part-way).
   */
  dropUploadAfterBytes: number | null = null;
  /** The account has no channel: channels.list?mine=true answers no items. */
  noChannel = false;
  /** The next request of the API (not the token endpoint) answers 403 quotaExceeded. */
  quotaExceeded = false;
  private readonly codes = new Map<string, { challenge: string; redirectUri: string }>();
  private readonly access = new Set<string>();
  private readonly refresh = new Set<string>();
  private seq = 1;

  get authorizeUrl(): string {
    return `${this.url}/o/oauth2/v2/auth`;
  }

  get tokenUrl(): string {
    return `${this.url}/token`;
  }

  /** Access tokens stop working (they expired); refresh tokens still do. */
  expireAccessTokens(): void {
    this.access.clear();
  }

  /** The user removed the app's access: every token is dead. */
  revokeAll(): void {
    this.access.clear();
    this.refresh.clear();
  }

  protected routeOf(req: FakeRequest): FakeRoute | null {
    if (req.path === '/token') return req.body && (req.body as Record<string, string>).grant_type === 'refresh_token' ? 'refresh' : null;
    if (req.method === 'POST' && req.path === '/upload/youtube/v3/videos') return 'upload';
    if (req.method === 'PUT' && req.path.startsWith('/upload/session/')) return 'publish';
    if (req.method === 'GET' && req.path.startsWith('/youtube/v3/')) return 'lookup';
    return null;
  }

  protected failureReply(kind: Exclude<FakeFailure, 'timeout-after-accepting'>, route: FakeRoute): FakeReply {
    if (kind === 'rate-limit')
      return googleError(
        403,
        'quotaExceeded',
        'The request cannot be completed because you have exceeded your <a href="/youtube/v3/getting-started#quota">quota</a>.',
        'youtube.quota',
      );
    if (kind === 'revoked')
      return route === 'refresh'
        ? { status: 400, body: { error: 'invalid_grant', error_description: 'Token has been expired or revoked.' } }
        : googleError(401, 'authError', 'Request had invalid authentication credentials.', 'global');
    if (kind === 'unavailable') return googleError(503, 'backendError', 'Backend Error', 'global');
    return googleError(500, 'internalError', 'Internal Error', 'global');
  }

  protected answer(req: FakeRequest): FakeReply {
    if (req.method === 'GET' && req.path === '/o/oauth2/v2/auth') return this.consent(req);
    if (req.method === 'POST' && req.path === '/token') return this.token(req);
    if (req.method === 'PUT' && req.path.startsWith('/upload/session/')) return this.put(req);
    const bearer = /^Bearer (.+)$/.exec(String(req.headers.authorization ?? ''))?.[1];
    if (!bearer || !this.access.has(bearer)) return googleError(401, 'authError', 'Request had invalid authentication credentials.', 'global');
    if (this.quotaExceeded) {
      this.quotaExceeded = false;
      return this.failureReply('rate-limit', 'any');
    }
    if (req.method === 'GET' && req.path === '/youtube/v3/channels') {
      if (req.query.get('mine') !== 'true') return googleError(400, 'missingRequiredParameter', 'No filter selected.');
      if (this.noChannel) return { status: 200, body: { kind: 'youtube#channelListResponse', items: [] } };
      return {
        status: 200,
        body: {
          kind: 'youtube#channelListResponse',
          items: [
            {
              kind: 'youtube#channel',
              id: this.channel.id,
              snippet: { title: this.channel.title },
              contentDetails: { relatedPlaylists: { uploads: this.channel.uploads } },
            },
          ],
        },
      };
    }
    if (req.method === 'POST' && req.path === '/upload/youtube/v3/videos') return this.startUpload(req, bearer);
    if (req.method === 'GET' && req.path === '/youtube/v3/playlistItems') {
      if (req.query.get('playlistId') !== this.channel.uploads)
        return googleError(404, 'playlistNotFound', "The playlist identified with the request's <code>playlistId</code> parameter cannot be found.");
      const max = Math.min(50, Number(req.query.get('maxResults') ?? 5));
      const items = [...this.videos]
        .reverse()
        .slice(0, max)
        .map((v) => ({
          kind: 'youtube#playlistItem',
          snippet: { publishedAt: v.publishedAt, title: v.title, description: v.description, resourceId: { kind: 'youtube#video', videoId: v.id } },
        }));
      return { status: 200, body: { kind: 'youtube#playlistItemListResponse', items } };
    }
    if (req.method === 'GET' && req.path === '/youtube/v3/videos') {
      const ids = (req.query.get('id') ?? '').split(',');
      const items = this.videos
        .filter((v) => ids.includes(v.id))
        .map((v) => ({
          kind: 'youtube#video',
          id: v.id,
          status: { uploadStatus: 'processed', privacyStatus: v.privacyStatus },
          statistics: { viewCount: '1234', likeCount: '56', commentCount: '7' },
        }));
      return { status: 200, body: { kind: 'youtube#videoListResponse', items } };
    }
    return googleError(404, 'notFound', 'Not Found', 'global');
  }

  private consent(req: FakeRequest): FakeReply {
    const redirect = req.query.get('redirect_uri') ?? '';
    if (req.query.get('client_id') !== this.clientId) return { status: 400, body: 'Error 401: invalid_client' };
    if (req.query.get('access_type') !== 'offline') return { status: 400, body: 'access_type=offline is needed for a refresh token' };
    const code = `4/0A${randomBytes(12).toString('hex')}`;
    this.codes.set(code, { challenge: req.query.get('code_challenge') ?? '', redirectUri: redirect });
    const back = new URL(redirect);
    back.searchParams.set('code', code);
    back.searchParams.set('state', req.query.get('state') ?? '');
    back.searchParams.set('scope', req.query.get('scope') ?? '');
    return { status: 302, headers: { location: back.toString() } };
  }

  private token(req: FakeRequest): FakeReply {
    const f = req.body as Record<string, string>;
    if (f.client_id !== this.clientId || f.client_secret !== this.clientSecret)
      return { status: 401, body: { error: 'invalid_client', error_description: 'The OAuth client was not found.' } };
    if (f.grant_type === 'authorization_code') {
      const c = this.codes.get(f.code);
      this.codes.delete(f.code);
      if (!c || c.redirectUri !== f.redirect_uri) return { status: 400, body: { error: 'invalid_grant', error_description: 'Bad Request' } };
      if (
        createHash('sha256')
          .update(f.code_verifier ?? '')
          .digest('base64url') !== c.challenge
      )
        return { status: 400, body: { error: 'invalid_grant', error_description: 'Invalid code verifier.' } };
      const refresh = `1//0g${randomBytes(16).toString('hex')}`;
      this.refresh.add(refresh);
      return { status: 200, body: { ...this.issue(), refresh_token: refresh } };
    }
    if (f.grant_type === 'refresh_token') {
      if (!this.refresh.has(f.refresh_token)) return { status: 400, body: { error: 'invalid_grant', error_description: 'Token has been expired or revoked.' } };
      // Google keeps the refresh token: the answer holds no new one.
      return { status: 200, body: this.issue() };
    }
    return { status: 400, body: { error: 'unsupported_grant_type', error_description: `Invalid grant_type: ${f.grant_type}` } };
  }

  private issue(): Record<string, unknown> {
    const access = `ya29.${randomBytes(16).toString('hex')}`;
    this.access.add(access);
    return {
      access_token: access,
      expires_in: 3599,
      scope: 'https://www.googleapis.com/auth/youtube.upload https://www.googleapis.com/auth/youtube.readonly',
      token_type: 'Bearer',
    };
  }

  private startUpload(req: FakeRequest, token: string): FakeReply {
    if (req.query.get('uploadType') !== 'resumable') return googleError(400, 'badRequest', 'uploadType must be resumable here');
    const body = req.body as UploadSession['resource'] | null;
    const title = body?.snippet?.title ?? '';
    const description = body?.snippet?.description ?? '';
    if (!title.trim()) return googleError(400, 'invalidTitle', 'The request metadata specifies an invalid or empty video title.');
    if ([...title].length > 100 || /[<>]/.test(title)) return googleError(400, 'invalidTitle', 'The request metadata specifies an invalid video title.');
    if (Buffer.byteLength(description) > 5000 || /[<>]/.test(description))
      return googleError(400, 'invalidDescription', 'The request metadata specifies an invalid video description.');
    const total = Number(req.headers['x-upload-content-length']);
    if (!Number.isInteger(total) || total <= 0) return googleError(400, 'badRequest', 'X-Upload-Content-Length is required.');
    const id = randomBytes(9).toString('base64url');
    this.sessions.set(id, {
      id,
      token,
      total,
      declaredType: String(req.headers['x-upload-content-type'] ?? ''),
      resource: body as UploadSession['resource'],
      received: Buffer.alloc(0),
    });
    return { status: 200, headers: { location: `${this.url}/upload/session/${id}?upload_id=${id}` } };
  }

  private put(req: FakeRequest): FakeReply {
    const s = this.sessions.get(req.path.split('/').pop() ?? '');
    if (!s) return googleError(404, 'notFound', 'The upload session was not found or has expired.', 'global');
    const range = String(req.headers['content-range'] ?? '');
    if (/^bytes \*\/\d+$/.test(range)) {
      // Step 4.1: the upload's status.
      if (s.video) return { status: 201, body: this.resource(s.video) };
      return { status: 308, headers: s.received.length > 0 ? { range: `bytes=0-${s.received.length - 1}` } : {} };
    }
    if (s.video) return { status: 201, body: this.resource(s.video) };
    const from = range ? Number(/^bytes (\d+)-\d+\/\d+$/.exec(range)?.[1] ?? NaN) : 0;
    if (from !== s.received.length)
      return googleError(400, 'badRequest', `Content-Range starts at ${from}; ${s.received.length} bytes were received.`, 'global');
    let chunk = req.rawBytes;
    if (this.dropUploadAfterBytes !== null) {
      chunk = chunk.subarray(0, this.dropUploadAfterBytes);
      this.dropUploadAfterBytes = null;
      s.received = Buffer.concat([s.received, chunk]);
      return { status: 308, headers: { range: `bytes=0-${s.received.length - 1}` } };
    }
    s.received = Buffer.concat([s.received, chunk]);
    if (s.received.length < s.total) return { status: 308, headers: { range: `bytes=0-${s.received.length - 1}` } };
    const type = sniffMime(s.received);
    if (!type?.startsWith('video/')) return googleError(400, 'invalidVideoFormat', 'The video file is not in a format YouTube can process.', 'youtube.video');
    const video: FakeVideo = {
      id: `v${String(this.seq++).padStart(10, '0')}`,
      channelId: this.channel.id,
      title: s.resource.snippet.title,
      description: s.resource.snippet.description,
      tags: s.resource.snippet.tags ?? [],
      privacyStatus: s.resource.status.privacyStatus,
      mimeType: type,
      bytes: s.received.length,
      publishedAt: new Date().toISOString(),
    };
    s.video = video;
    this.videos.push(video);
    return { status: 201, body: this.resource(video) };
  }

  private resource(v: FakeVideo): Record<string, unknown> {
    return {
      kind: 'youtube#video',
      id: v.id,
      snippet: { publishedAt: v.publishedAt, channelId: v.channelId, title: v.title, description: v.description, tags: v.tags },
      status: { uploadStatus: 'uploaded', privacyStatus: v.privacyStatus },
    };
  }
}
