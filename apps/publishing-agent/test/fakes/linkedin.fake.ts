import { createHash, randomBytes } from 'node:crypto';
import { type FakeFailure, FakePlatform, type FakeReply, type FakeRequest, type FakeRoute, sniffMime } from './fake-platform';

export interface FakeLinkedInPost {
  id: string;
  author: string;
  commentary: string;
  createdAt: number;
  version: string;
  /** The post's `content` as sent (media: one image or video; multiImage: 2 to 20 images). */
  content?: { media?: { id: string; altText?: string; title?: string }; multiImage?: { images: { id: string; altText?: string }[] } };
}

/** An image or video asset of the Images / Videos API. */
export interface FakeLinkedInAsset {
  urn: string;
  kind: 'image' | 'video';
  owner: string;
  status: 'WAITING_UPLOAD' | 'PROCESSING' | 'AVAILABLE' | 'PROCESSING_FAILED';
  /** Video: the declared size, its parts (by upload URL index) and the upload token. */
  fileSizeBytes: number;
  parts: Map<number, Buffer>;
  uploadToken: string;
  bytes: Buffer;
  /** Status reads left in PROCESSING once the bytes are in. */
  pollsLeft: number;
  failureReason?: string;
}

const MB = 1024 * 1024;

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
  readonly assets: FakeLinkedInAsset[] = [];
  /** Videos API limits: 75 KB to 500 MB; parts of 4 MB. Images: JPG, GIF, PNG. */
  maxVideoBytes = 500 * MB;
  minVideoBytes = 75 * 1024;
  partBytes = 4 * MB;
  /** Status reads an image / a video stays PROCESSING after its bytes are in. */
  imageProcessingPolls = 0;
  videoProcessingPolls = 1;
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
    if (req.path.startsWith('/dms-uploads/') || (req.method === 'POST' && /^\/rest\/(images|videos)$/.test(req.path))) return 'upload';
    if (req.path === '/oauth/v2/accessToken' && (req.body as Record<string, string>)?.grant_type === 'refresh_token') return 'refresh';
    if (req.method === 'GET' && req.path.startsWith('/rest/')) return 'lookup';
    return null;
  }

  protected answer(req: FakeRequest): FakeReply {
    if (req.path === '/oauth/v2/authorization') return this.authorize(req);
    if (req.path === '/oauth/v2/accessToken') return this.token(req);
    if (req.path.startsWith('/dms-uploads/')) return this.put(req);
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
      const content = (req.body as { content?: FakeLinkedInPost['content'] }).content;
      const problem = content ? this.contentProblem(content, b.author) : null;
      if (problem) return problem;
      const id = `urn:li:share:${7300000000000000000n + BigInt(this.seq++)}`;
      this.posts.push({ id, author: b.author, commentary: b.commentary, createdAt: Date.now(), version: String(req.headers['linkedin-version']), content });
      return { status: 201, headers: { 'x-restli-id': id } };
    }
    if (req.method === 'GET' && req.path === '/rest/posts' && req.query.get('q') === 'author') {
      const elements = this.posts
        .filter((p) => p.author === req.query.get('author'))
        .reverse()
        .slice(0, Number(req.query.get('count') ?? 10));
      return { status: 200, body: { elements, paging: { start: 0, count: elements.length } } };
    }
    if (req.method === 'POST' && (req.path === '/rest/images' || req.path === '/rest/videos')) return this.action(req);
    const asset = /^\/rest\/(images|videos)\/(.+)$/.exec(req.path);
    if (req.method === 'GET' && asset) {
      const a = this.assets.find((x) => x.urn === decodeURIComponent(asset[2]) && x.kind === (asset[1] === 'images' ? 'image' : 'video'));
      if (!a) return err(404, 'NOT_FOUND', 'Not Found');
      if (a.status === 'PROCESSING' && a.pollsLeft-- <= 0) this.process(a);
      const body: Record<string, unknown> = { id: a.urn, owner: a.owner, status: a.status };
      if (a.status === 'AVAILABLE') body.downloadUrl = `${this.url}/media/${encodeURIComponent(a.urn)}`;
      if (a.failureReason) body.processingFailureReason = a.failureReason;
      return { status: 200, body };
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

  /** The media of a post, in order. */
  mediaOf(post: FakeLinkedInPost | undefined): FakeLinkedInAsset[] {
    const c = post?.content;
    const ids = c?.media ? [c.media.id] : (c?.multiImage?.images.map((i) => i.id) ?? []);
    return ids.map((id) => this.assets.find((a) => a.urn === id) as FakeLinkedInAsset);
  }

  /**
   * POST /rest/images?action=initializeUpload {initializeUploadRequest: {owner}} → {value: {uploadUrl, image}};
   * POST /rest/videos?action=initializeUpload {initializeUploadRequest: {owner, fileSizeBytes}} →
   * {value: {video, uploadInstructions: [{uploadUrl, firstByte, lastByte}], uploadToken}};
   * POST /rest/videos?action=finalizeUpload {finalizeUploadRequest: {video, uploadToken, uploadedPartIds}}.
   */
  private action(req: FakeRequest): FakeReply {
    const kind = req.path === '/rest/images' ? 'image' : 'video';
    const action = req.query.get('action');
    if (action === 'initializeUpload') {
      const r = (req.body as { initializeUploadRequest?: { owner?: string; fileSizeBytes?: number } }).initializeUploadRequest;
      if (r?.owner !== `urn:li:person:${this.member.sub}`) return err(403, 'ACCESS_DENIED', `Not enough permissions to access: ${kind}s.CREATE`);
      const urn = `urn:li:${kind}:C4E${(this.seq++).toString().padStart(8, '0')}`;
      if (kind === 'image') {
        this.assets.push(this.asset(urn, kind, r.owner, 0));
        return {
          status: 200,
          body: { value: { uploadUrlExpiresAt: Date.now() + 3600_000, uploadUrl: `${this.url}/dms-uploads/${encodeURIComponent(urn)}/0`, image: urn } },
        };
      }
      const size = r.fileSizeBytes;
      if (!Number.isInteger(size) || (size as number) < 1) return err(400, 'BAD_REQUEST', '/initializeUploadRequest/fileSizeBytes :: field is required');
      if ((size as number) > this.maxVideoBytes || (size as number) < this.minVideoBytes)
        return err(400, 'BAD_REQUEST', `Video file size ${size} is outside the allowed range of ${this.minVideoBytes} to ${this.maxVideoBytes} bytes`);
      const a = this.asset(urn, kind, r.owner, size as number);
      this.assets.push(a);
      const uploadInstructions = [];
      for (let first = 0, i = 0; first < (size as number); first += this.partBytes, i++) {
        const last = Math.min(first + this.partBytes, size as number) - 1;
        uploadInstructions.push({ uploadUrl: `${this.url}/dms-uploads/${encodeURIComponent(urn)}/${i}`, firstByte: first, lastByte: last });
      }
      return { status: 200, body: { value: { uploadUrlsExpireAt: Date.now() + 3600_000, video: urn, uploadInstructions, uploadToken: a.uploadToken } } };
    }
    if (kind === 'video' && action === 'finalizeUpload') {
      const r = (req.body as { finalizeUploadRequest?: { video?: string; uploadToken?: string; uploadedPartIds?: string[] } }).finalizeUploadRequest;
      const a = this.assets.find((x) => x.urn === r?.video && x.kind === 'video');
      if (!a) return err(404, 'NOT_FOUND', 'Not Found');
      if (r?.uploadToken !== a.uploadToken) return err(400, 'BAD_REQUEST', 'Invalid upload token');
      const parts = [...a.parts.keys()].sort((x, y) => x - y);
      const etags = parts.map((i) => etagOf(a.parts.get(i) as Buffer));
      if (JSON.stringify(etags) !== JSON.stringify(r?.uploadedPartIds ?? []))
        return err(400, 'BAD_REQUEST', 'Uploaded part ids do not match the uploaded parts');
      a.bytes = Buffer.concat(parts.map((i) => a.parts.get(i) as Buffer));
      if (a.bytes.length !== a.fileSizeBytes) return err(400, 'BAD_REQUEST', 'The uploaded parts do not add up to fileSizeBytes');
      a.status = 'PROCESSING';
      a.pollsLeft = this.videoProcessingPolls;
      return { status: 200 };
    }
    return err(400, 'ILLEGAL_ARGUMENT', `Unknown action ${action}`);
  }

  /** PUT to an upload URL: the bytes (an image at once; a video part by part, each answered with its ETag). */
  private put(req: FakeRequest): FakeReply {
    if (!this.access.has((req.headers.authorization ?? '').replace(/^Bearer /, ''))) return err(401, 'INVALID_ACCESS_TOKEN', 'Invalid access token', 65600);
    const m = /^\/dms-uploads\/([^/]+)\/(\d+)$/.exec(req.path);
    const a = m ? this.assets.find((x) => x.urn === decodeURIComponent(m[1])) : undefined;
    if (!a || req.method !== 'PUT') return err(404, 'NOT_FOUND', 'Not Found');
    if (a.kind === 'image') {
      a.bytes = req.rawBytes;
      a.status = 'PROCESSING';
      a.pollsLeft = this.imageProcessingPolls;
      return { status: 201 };
    }
    a.parts.set(Number(m?.[2]), req.rawBytes);
    return { status: 200, headers: { etag: etagOf(req.rawBytes) } };
  }

  /** LinkedIn processes the bytes after the upload: what it cannot read fails processing. */
  private process(a: FakeLinkedInAsset): void {
    const type = sniffMime(a.bytes);
    const ok = a.kind === 'image' ? type === 'image/jpeg' || type === 'image/png' || type === 'image/gif' : type === 'video/mp4';
    a.status = ok ? 'AVAILABLE' : 'PROCESSING_FAILED';
    if (!ok) a.failureReason = a.kind === 'image' ? 'Unsupported image format; use JPG, GIF or PNG' : 'Unsupported video format; use MP4';
  }

  private asset(urn: string, kind: 'image' | 'video', owner: string, fileSizeBytes: number): FakeLinkedInAsset {
    return {
      urn,
      kind,
      owner,
      status: 'WAITING_UPLOAD',
      fileSizeBytes,
      parts: new Map(),
      uploadToken: kind === 'video' ? randomBytes(6).toString('hex') : '',
      bytes: Buffer.alloc(0),
      pollsLeft: 0,
    };
  }

  /** What the Posts API refuses in `content`: an unknown or unprocessed asset, a multiImage of fewer than 2 or more than 20. */
  private contentProblem(content: NonNullable<FakeLinkedInPost['content']>, author: string): FakeReply | null {
    const ids = content.media ? [content.media.id] : (content.multiImage?.images ?? []).map((i) => i.id);
    if (content.multiImage && (ids.length < 2 || ids.length > 20))
      return err(422, 'UNPROCESSABLE_ENTITY', 'ERROR :: /content/multiImage/images :: array must have between 2 and 20 items');
    for (const id of ids) {
      const a = this.assets.find((x) => x.urn === id);
      if (!a || a.owner !== author) return err(422, 'UNPROCESSABLE_ENTITY', `ERROR :: /content :: ${id} does not exist or is not owned by the author`);
      if (a.status !== 'AVAILABLE') return err(422, 'UNPROCESSABLE_ENTITY', `ERROR :: /content :: media ${id} is in status ${a.status}, not AVAILABLE`);
      if (content.multiImage && a.kind !== 'image') return err(422, 'UNPROCESSABLE_ENTITY', 'ERROR :: /content/multiImage :: only images are allowed');
    }
    return null;
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

const etagOf = (b: Buffer) => `"${createHash('md5').update(b).digest('hex')}"`;
