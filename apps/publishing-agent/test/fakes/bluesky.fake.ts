import { randomBytes } from 'node:crypto';
import { epochIn, type FakeFailure, FakePlatform, type FakeReply, type FakeRequest, type FakeRoute } from './fake-platform';

export interface FakeRecord {
  uri: string;
  cid: string;
  value: { $type: string; text: string; createdAt: string; facets?: FakeFacet[]; embed?: FakeEmbed };
}

export interface FakeFacet {
  index: { byteStart: number; byteEnd: number };
  features: (
    | { $type: 'app.bsky.richtext.facet#link'; uri: string }
    | { $type: 'app.bsky.richtext.facet#mention'; did: string }
    | { $type: 'app.bsky.richtext.facet#tag'; tag: string }
  )[];
}

export interface FakeEmbed {
  $type: string;
  external?: { uri: string; title: string; description: string; thumb?: { $type: 'blob'; ref: { $link: string }; mimeType: string; size: number } };
}

/**
 * A Bluesky PDS: createSession (handle + app password), refreshSession (with the refresh JWT),
 * createRecord / listRecords / getRecord of app.bsky.feed.post, app.bsky.feed.getPosts,
 * com.atproto.identity.resolveHandle (400 HandleNotFound for a handle it does not know),
 * com.atproto.repo.uploadBlob (a link card's thumbnail, a post's images; the bytes are kept in `blobBytes`).
 * XRPC errors as {error, message}; RateLimit-* headers with the reset in epoch seconds. A post
 * record is validated as the PDS validates it against the lexicons: text, facets (byte slices
 * inside the text's UTF-8 length, features of the richtext.facet union with their formats) and
 * an app.bsky.embed.external embed, whose thumb must be a blob uploaded before (image/*, at most
 * 1,000,000 bytes).
 */
export class BlueskyFake extends FakePlatform {
  readonly handle = 'acme.bsky.social';
  readonly did = 'did:plc:fakeacme0000000000000000';
  appPassword = 'abcd-efgh-ijkl-mnop';
  readonly records: FakeRecord[] = [];
  /** The handles resolveHandle knows, and their DIDs (the account's own is added on construction). */
  readonly handles = new Map<string, string>();
  /** Uploaded blobs by CID: their MIME type and size. */
  readonly blobs = new Map<string, { mimeType: string; size: number }>();
  readonly blobBytes = new Map<string, Buffer>();
  /** Seconds an access JWT lives. */
  accessTtlSec = 7200;
  private readonly access = new Set<string>();
  private readonly refresh = new Set<string>();
  private seq = 1;

  constructor(opts: { latencyMs?: number } = {}) {
    super(opts);
    this.handles.set(this.handle, this.did);
  }

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
        if (b.identifier !== this.handle || b.password !== this.appPassword)
          return { status: 401, body: { error: 'AuthenticationRequired', message: 'Invalid identifier or password' } };
        return { status: 200, body: this.session(), headers: limits };
      }
      case '/xrpc/com.atproto.server.refreshSession':
        if (!this.refresh.delete(bearer)) return { status: 400, body: { error: 'ExpiredToken', message: 'Token has expired' } };
        return { status: 200, body: this.session(), headers: limits };
    }
    if (req.path === '/xrpc/com.atproto.identity.resolveHandle') {
      // A public query: no session needed.
      const handle = (req.query.get('handle') ?? '').toLowerCase();
      if (!/^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]([a-z0-9-]{0,61}[a-z0-9])?$/.test(handle))
        return { status: 400, body: { error: 'InvalidRequest', message: 'Error: Params must have the property "handle"' } };
      const did = this.handles.get(handle);
      return did ? { status: 200, body: { did }, headers: limits } : { status: 400, body: { error: 'HandleNotFound', message: 'Unable to resolve handle' } };
    }
    if (!this.access.has(bearer)) return { status: 400, body: { error: 'ExpiredToken', message: 'Token has expired' } };
    if (req.path === '/xrpc/com.atproto.repo.uploadBlob') {
      const mimeType = String(req.headers['content-type'] ?? '*/*');
      const size = req.rawBytes.length;
      const cid = `bafkrei${randomBytes(16).toString('hex')}`;
      this.blobs.set(cid, { mimeType, size });
      this.blobBytes.set(cid, req.rawBytes);
      return { status: 200, body: { blob: { $type: 'blob', ref: { $link: cid }, mimeType, size } }, headers: limits };
    }
    if (req.path === '/xrpc/com.atproto.repo.createRecord') {
      const b = req.body as { repo?: string; collection?: string; record?: FakeRecord['value'] };
      if (b.repo !== this.did || b.collection !== 'app.bsky.feed.post' || !b.record?.text)
        return { status: 400, body: { error: 'InvalidRequest', message: 'Input/record must be an app.bsky.feed.post' } };
      if ([...new Intl.Segmenter('en', { granularity: 'grapheme' }).segment(b.record.text)].length > 300)
        return {
          status: 400,
          body: { error: 'InvalidRequest', message: 'Invalid app.bsky.feed.post record: Record/text must not be longer than 300 graphemes' },
        };
      const invalid = recordProblem(b.record, this.blobs);
      if (invalid) return { status: 400, body: { error: 'InvalidRequest', message: `Invalid app.bsky.feed.post record: ${invalid}` } };
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
      return {
        status: 200,
        body: {
          posts: this.records
            .filter((r) => uris.includes(r.uri))
            .map((r) => ({ uri: r.uri, cid: r.cid, likeCount: 9, repostCount: 3, replyCount: 2, quoteCount: 1 })),
        },
      };
    }
    return { status: 501, body: { error: 'MethodNotImplemented', message: `Method Not Implemented: ${req.path}` } };
  }

  protected failureReply(kind: Exclude<FakeFailure, 'timeout-after-accepting'>, route: FakeRoute): FakeReply {
    switch (kind) {
      case 'rate-limit':
        return {
          status: 429,
          body: { error: 'RateLimitExceeded', message: 'Rate Limit Exceeded' },
          headers: { 'ratelimit-limit': '5000', 'ratelimit-remaining': '0', 'ratelimit-reset': epochIn(1) },
        };
      case 'revoked':
        return route === 'refresh'
          ? { status: 401, body: { error: 'AuthenticationRequired', message: 'Invalid identifier or password' } }
          : { status: 401, body: { error: 'AuthenticationRequired', message: 'Token could not be verified' } };
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

const FEATURES: Record<string, (f: Record<string, unknown>) => string | null> = {
  'app.bsky.richtext.facet#link': (f) => (typeof f.uri === 'string' && isUri(f.uri) ? null : 'uri must be a valid uri'),
  'app.bsky.richtext.facet#mention': (f) =>
    typeof f.did === 'string' && /^did:[a-z]+:[a-zA-Z0-9._:%-]*[a-zA-Z0-9._-]$/.test(f.did) ? null : 'did must be a valid did',
  'app.bsky.richtext.facet#tag': (f) =>
    typeof f.tag !== 'string'
      ? 'tag must be a string'
      : Buffer.byteLength(f.tag) > 640 || graphemes(f.tag) > 64
        ? 'tag must not be longer than 64 graphemes'
        : null,
};

/** What the PDS's lexicon validation would refuse in a post record's facets and embed, or null. */
function recordProblem(record: FakeRecord['value'], blobs: ReadonlyMap<string, { mimeType: string; size: number }>): string | null {
  const bytes = Buffer.byteLength(record.text);
  if (record.facets !== undefined) {
    if (!Array.isArray(record.facets)) return 'Record/facets must be an array';
    for (const [i, facet] of record.facets.entries()) {
      const at = `Record/facets/${i}`;
      const { byteStart, byteEnd } = facet?.index ?? ({} as FakeFacet['index']);
      if (!Number.isInteger(byteStart) || byteStart < 0) return `${at}/index/byteStart must be a non-negative integer`;
      if (!Number.isInteger(byteEnd) || byteEnd < 0) return `${at}/index/byteEnd must be a non-negative integer`;
      if (byteStart >= byteEnd || byteEnd > bytes) return `${at}/index must be a byte slice of the text (0..${bytes})`;
      if (!Array.isArray(facet.features) || facet.features.length === 0) return `${at}/features must be a non-empty array`;
      for (const [j, feature] of facet.features.entries()) {
        const check = FEATURES[(feature as { $type?: string })?.$type ?? ''];
        if (!check) return `${at}/features/${j} must be an object which includes the "$type" property of a richtext facet feature`;
        const problem = check(feature as unknown as Record<string, unknown>);
        if (problem) return `${at}/features/${j}/${problem}`;
      }
    }
  }
  if (record.embed?.$type === 'app.bsky.embed.images') {
    // app.bsky.embed.images: 1–4 images, each an uploaded image blob of at most 1,000,000 bytes with its alt text.
    const images = (record.embed as { images?: unknown }).images;
    if (!Array.isArray(images) || images.length < 1 || images.length > 4) return 'Record/embed/images must be an array of 1 to 4 images';
    for (const [i, img] of (
      images as {
        image?: { $type?: string; ref?: { $link?: string }; mimeType?: string };
        alt?: unknown;
        aspectRatio?: { width?: unknown; height?: unknown };
      }[]
    ).entries()) {
      const at = `Record/embed/images/${i}`;
      if (typeof img?.alt !== 'string') return `${at} must have the property "alt"`;
      const known = blobs.get(img.image?.ref?.$link ?? '');
      if (img.image?.$type !== 'blob' || !known) return `${at}/image should be a blob ref of an uploaded blob`;
      if (!/^image\//.test(known.mimeType) || img.image.mimeType !== known.mimeType) return `${at}/image mimeType (image/*) not accepted`;
      if (known.size > 1_000_000) return `${at}/image file too large (1,000,000 bytes)`;
      const ar = img.aspectRatio;
      if (ar !== undefined && !(Number.isInteger(ar.width) && Number.isInteger(ar.height) && (ar.width as number) >= 1 && (ar.height as number) >= 1))
        return `${at}/aspectRatio must have positive integer width and height`;
    }
    return null;
  }
  if (record.embed !== undefined) {
    if (record.embed?.$type !== 'app.bsky.embed.external') return 'Record/embed $type must be a known embed';
    const e = record.embed.external;
    if (!e || typeof e.uri !== 'string' || !isUri(e.uri)) return 'Record/embed/external/uri must be a valid uri';
    if (typeof e.title !== 'string') return 'Record/embed/external must have the property "title"';
    if (typeof e.description !== 'string') return 'Record/embed/external must have the property "description"';
    if (e.thumb !== undefined) {
      const t = e.thumb as { $type?: string; ref?: { $link?: string }; mimeType?: string; size?: number };
      const known = blobs.get(t?.ref?.$link ?? '');
      if (t?.$type !== 'blob' || !known) return 'Record/embed/external/thumb should be a blob ref of an uploaded blob';
      if (!/^image\//.test(known.mimeType) || t.mimeType !== known.mimeType) return 'Record/embed/external/thumb mimeType (image/*) not accepted';
      if (known.size > 1_000_000) return 'Record/embed/external/thumb file too large (1,000,000 bytes)';
    }
  }
  return null;
}

function isUri(s: string): boolean {
  try {
    return /^[a-z][a-z0-9+.-]*:/i.test(s) && !!new URL(s);
  } catch {
    return false;
  }
}

const graphemes = (s: string) => [...new Intl.Segmenter('en', { granularity: 'grapheme' }).segment(s)].length;
const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
