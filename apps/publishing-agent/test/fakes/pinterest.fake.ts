import { randomBytes } from 'node:crypto';
import { epochIn, type FakeFailure, FakePlatform, type FakeReply, type FakeRequest, type FakeRoute, formOf, sniffMime } from './fake-platform';

export interface FakePin {
  id: string;
  board_id: string;
  title: string;
  description: string;
  link: string | null;
  alt_text: string | null;
  created_at: string;
  /** The images' types as sniffed from their bytes, in order. */
  images: string[];
  /** The uploaded video the Pin shows (media_source video_id). */
  mediaId?: string;
}

/** A registered media upload: its file arrives at the upload URL, then it is processed. */
export interface FakeMediaUpload {
  media_id: string;
  key: string;
  status: 'registered' | 'processing' | 'succeeded' | 'failed';
  mimeType: string | null;
  bytes: number;
  /** GET /v5/media/{id} answers `processing` this many times after the upload. */
  pollsLeft: number;
}

export interface FakeBoard {
  id: string;
  name: string;
  description?: string;
  privacy: 'PUBLIC' | 'PROTECTED' | 'SECRET';
}

/** The account's boards, in the order GET /v5/boards lists them: a secret one first, so connect must skip it. */
export const PINTEREST_BOARDS: readonly FakeBoard[] = [
  { id: '549755885001', name: 'Secret plans', description: 'Launches before they launch', privacy: 'SECRET' },
  { id: '549755885002', name: 'Coffee at home', description: 'Brewing guides', privacy: 'PUBLIC' },
  { id: '549755885003', name: 'Latte art', description: 'Hearts, tulips and rosettas', privacy: 'PUBLIC' },
  { id: '549755885004', name: 'Wholesale partners', description: 'Cafés that pour our beans', privacy: 'PROTECTED' },
];

const MB = 1024 * 1024;
/** Pinterest's error body: `{code, message}` (developers.pinterest.com, API v5 Error schema). */
const error = (status: number, code: number, message: string, headers?: Record<string, string>): FakeReply => ({ status, body: { code, message }, headers });

/**
 * Pinterest API v5 and its OAuth 2.0 server on 127.0.0.1 (ADR 179): /oauth/ (redirects back with
 * a code, as after consent), POST /v5/oauth/token (Basic client credentials; authorization_code
 * and refresh_token grants; continuous refresh answers a new refresh token each time), GET
 * /v5/user_account, GET /v5/boards, POST /v5/media (register a video; the file goes to the answered
 * upload_url as S3's multipart POST; GET /v5/media/{id} reads processing → succeeded or failed),
 * POST /v5/pins (image_base64, multiple_image_base64 of 2 to 5, video_id,
 * the documented field limits: title 100, description 800, link 2048, alt_text 500), GET
 * /v5/boards/{id}/pins (newest first), GET /v5/pins/{id}, GET /v5/pins/{id}/analytics. Errors as
 * `{code, message}`; 429 with the x-ratelimit-* headers; 401 for a dead token.
 */
export class PinterestFake extends FakePlatform {
  readonly clientId = '1487654';
  readonly clientSecret = 'fake-pinterest-secret';
  readonly user = { id: '549755885175', username: 'acmecoffee' };
  boards: FakeBoard[] = PINTEREST_BOARDS.map((b) => ({ ...b }));
  readonly pins: FakePin[] = [];
  readonly uploads = new Map<string, FakeMediaUpload>();
  /** The largest image Pinterest takes (20 MB, product specs). */
  maxImageBytes = 20 * MB;
  private readonly codes = new Map<string, string>();
  private readonly access = new Set<string>();
  private readonly refresh = new Set<string>();
  private seq = 1;

  get authorizeUrl(): string {
    return `${this.url}/oauth`;
  }

  expireAccessTokens(): void {
    this.access.clear();
  }

  revokeAll(): void {
    this.access.clear();
    this.refresh.clear();
  }

  protected routeOf(req: FakeRequest): FakeRoute | null {
    if (req.path === '/v5/oauth/token') return (req.body as Record<string, string> | null)?.grant_type === 'refresh_token' ? 'refresh' : null;
    if (req.method === 'POST' && req.path === '/v5/pins') return 'publish';
    if (req.path === '/media-upload' || req.path === '/v5/media') return 'upload';
    if (req.method === 'GET' && req.path.startsWith('/v5/')) return 'lookup';
    return null;
  }

  protected failureReply(kind: Exclude<FakeFailure, 'timeout-after-accepting'>): FakeReply {
    if (kind === 'rate-limit')
      return error(429, 29, 'You have exceeded your rate limit. Try again later.', {
        'x-ratelimit-limit': '100, 100;w=1, 1000;w=60',
        'x-ratelimit-remaining': '0',
        'x-ratelimit-reset': '42',
      });
    if (kind === 'revoked') return error(401, 2, 'Authentication failed.');
    if (kind === 'unavailable') return error(503, 5, 'Service unavailable. Try again later.');
    return error(500, 1, 'Something went wrong on our end. Sorry about that.');
  }

  protected answer(req: FakeRequest): FakeReply | Promise<FakeReply> {
    if (req.method === 'GET' && req.path === '/oauth/') return this.consent(req);
    if (req.method === 'POST' && req.path === '/media-upload') return this.storeUpload(req);
    if (req.method === 'POST' && req.path === '/v5/oauth/token') return this.token(req);
    const bearer = /^Bearer (.+)$/.exec(String(req.headers.authorization ?? ''))?.[1];
    if (!bearer || !this.access.has(bearer)) return error(401, 2, 'Authentication failed.');
    if (req.method === 'GET' && req.path === '/v5/user_account')
      return { status: 200, body: { account_type: 'BUSINESS', id: this.user.id, username: this.user.username, website_url: 'https://acme.example' } };
    if (req.method === 'GET' && req.path === '/v5/boards') return this.listBoards(req);
    if (req.method === 'POST' && req.path === '/v5/pins') return this.createPin(req);
    if (req.method === 'POST' && req.path === '/v5/media') {
      if ((req.body as { media_type?: string } | null)?.media_type !== 'video') return error(400, 1, 'Invalid parameters: media_type must be video.');
      const id = `${Date.now()}${this.seq++}`;
      const key = `uploads/${randomBytes(6).toString('hex')}/${id}.mp4`;
      this.uploads.set(id, { media_id: id, key, status: 'registered', mimeType: null, bytes: 0, pollsLeft: 1 });
      return {
        status: 201,
        body: {
          media_id: id,
          media_type: 'video',
          upload_url: `${this.url}/media-upload`,
          upload_parameters: {
            key,
            'x-amz-algorithm': 'AWS4-HMAC-SHA256',
            'x-amz-credential': 'AKIAFAKE/20261204/us-east-1/s3/aws4_request',
            policy: 'e30=',
            'x-amz-signature': 'fake',
            'Content-Type': 'multipart/form-data',
          },
        },
      };
    }
    const mediaOne = /^\/v5\/media\/([^/]+)$/.exec(req.path);
    if (req.method === 'GET' && mediaOne) {
      const u = this.uploads.get(mediaOne[1]);
      if (!u) return error(404, 404, 'Media not found.');
      if (u.status === 'processing' && u.pollsLeft-- <= 0) u.status = u.mimeType?.startsWith('video/') ? 'succeeded' : 'failed';
      return { status: 200, body: { media_id: u.media_id, media_type: 'video', status: u.status } };
    }
    const boardPins = /^\/v5\/boards\/([^/]+)\/pins$/.exec(req.path);
    if (req.method === 'GET' && boardPins) {
      if (!this.boards.some((b) => b.id === boardPins[1])) return error(404, 40, 'Board not found.');
      const size = Math.min(250, Number(req.query.get('page_size') ?? 25));
      const items = this.pins
        .filter((p) => p.board_id === boardPins[1])
        .reverse()
        .slice(0, size)
        .map((p) => this.view(p));
      return { status: 200, body: { items, bookmark: null } };
    }
    const analytics = /^\/v5\/pins\/([^/]+)\/analytics$/.exec(req.path);
    if (req.method === 'GET' && analytics) {
      if (!this.pins.some((p) => p.id === analytics[1])) return error(404, 50, 'Pin not found.');
      if (!req.query.get('start_date') || !req.query.get('end_date') || !req.query.get('metric_types')) return error(400, 1, 'Invalid parameters.');
      return {
        status: 200,
        body: { all: { daily_metrics: [], summary_metrics: { IMPRESSION: 812, SAVE: 23, PIN_CLICK: 31, OUTBOUND_CLICK: 19 } } },
      };
    }
    const one = /^\/v5\/pins\/([^/]+)$/.exec(req.path);
    if (req.method === 'GET' && one) {
      const p = this.pins.find((x) => x.id === one[1]);
      return p ? { status: 200, body: this.view(p) } : error(404, 50, 'Pin not found.');
    }
    return error(404, 404, 'Not found.');
  }

  /**
   * GET /v5/boards: the Board objects as documented (id, name, description, owner, privacy, counts,
   * times), `page_size` 1 to 250 (default 25) and a `bookmark` for the next page.
   */
  private listBoards(req: FakeRequest): FakeReply {
    const size = Number(req.query.get('page_size') ?? 25);
    if (!Number.isInteger(size) || size < 1 || size > 250) return error(400, 1, 'Invalid parameters: page_size must be between 1 and 250.');
    const from = Number(req.query.get('bookmark') ?? 0) || 0;
    const page = this.boards.slice(from, from + size);
    const next = from + size < this.boards.length ? String(from + size) : null;
    const items = page.map((b) => ({
      id: b.id,
      name: b.name,
      description: b.description ?? '',
      owner: { username: this.user.username },
      privacy: b.privacy,
      created_at: '2026-01-05T10:00:00',
      board_pins_modified_at: '2026-11-30T08:12:40',
      pin_count: this.pins.filter((p) => p.board_id === b.id).length,
      follower_count: 12,
      collaborator_count: 0,
    }));
    return { status: 200, body: { items, bookmark: next } };
  }

  private consent(req: FakeRequest): FakeReply {
    if (req.query.get('client_id') !== this.clientId || req.query.get('response_type') !== 'code') return error(400, 1, 'Invalid parameters.');
    const code = randomBytes(20).toString('hex');
    const redirect = req.query.get('redirect_uri') ?? '';
    this.codes.set(code, redirect);
    const back = new URL(redirect);
    back.searchParams.set('code', code);
    back.searchParams.set('state', req.query.get('state') ?? '');
    return { status: 302, headers: { location: back.toString() } };
  }

  private token(req: FakeRequest): FakeReply {
    const basic = Buffer.from(`${this.clientId}:${this.clientSecret}`).toString('base64');
    if (req.headers.authorization !== `Basic ${basic}`) return error(401, 2, 'Authentication failed.');
    const f = req.body as Record<string, string>;
    if (f.grant_type === 'authorization_code') {
      const redirect = this.codes.get(f.code);
      this.codes.delete(f.code);
      if (redirect === undefined || redirect !== f.redirect_uri) return error(400, 1, 'Invalid authorization code.');
      return { status: 200, body: this.issue() };
    }
    if (f.grant_type === 'refresh_token') {
      if (!this.refresh.delete(f.refresh_token)) return error(400, 1, 'Invalid refresh token.');
      return { status: 200, body: this.issue() };
    }
    return error(400, 1, `Unsupported grant_type: ${f.grant_type}`);
  }

  /** Continuous refresh: every grant answers a new refresh token (60 days) and spends the old one. */
  private issue(): Record<string, unknown> {
    const access = `pina_${randomBytes(16).toString('hex')}`;
    const refresh = `pinr_${randomBytes(16).toString('hex')}`;
    this.access.add(access);
    this.refresh.add(refresh);
    return {
      access_token: access,
      refresh_token: refresh,
      response_type: 'authorization_code',
      token_type: 'bearer',
      expires_in: 2_592_000,
      refresh_token_expires_in: 5_184_000,
      refresh_token_expires_at: Number(epochIn(5_184_000)),
      scope: 'boards:read,pins:read,pins:write,user_accounts:read',
    };
  }

  private createPin(req: FakeRequest): FakeReply {
    const b = (req.body ?? {}) as Record<string, unknown>;
    const board = this.boards.find((x) => x.id === b.board_id);
    if (!board) return error(404, 40, 'Board not found.');
    const str = (v: unknown) => (typeof v === 'string' ? v : null);
    const title = str(b.title) ?? '';
    const description = str(b.description) ?? '';
    if ([...title].length > 100) return error(400, 1, 'Invalid parameters: title must be at most 100 characters.');
    if ([...description].length > 800) return error(400, 1, 'Invalid parameters: description must be at most 800 characters.');
    if ((str(b.link) ?? '').length > 2048) return error(400, 1, 'Invalid parameters: link must be at most 2048 characters.');
    if ([...(str(b.alt_text) ?? '')].length > 500) return error(400, 1, 'Invalid parameters: alt_text must be at most 500 characters.');
    const source = (b.media_source ?? {}) as {
      source_type?: string;
      content_type?: string;
      data?: string;
      media_id?: string;
      items?: { content_type?: string; data?: string }[];
    };
    if (source.source_type === 'video_id') {
      const u = this.uploads.get(source.media_id ?? '');
      if (!u || u.status !== 'succeeded') return error(400, 1, 'Invalid parameters: the media is not uploaded and processed.');
      const pin: FakePin = { ...this.pinFields(board.id, b), images: [], mediaId: u.media_id };
      this.pins.push(pin);
      return { status: 201, body: this.view(pin) };
    }
    const given =
      source.source_type === 'image_base64'
        ? [{ content_type: source.content_type, data: source.data }]
        : source.source_type === 'multiple_image_base64'
          ? (source.items ?? [])
          : null;
    if (!given) return error(400, 1, `Invalid parameters: media_source.source_type ${String(source.source_type)} is not supported here.`);
    if (source.source_type === 'multiple_image_base64' && (given.length < 2 || given.length > 5))
      return error(400, 1, 'Invalid parameters: a carousel takes 2 to 5 images.');
    const images: string[] = [];
    for (const g of given) {
      const bytes = Buffer.from(g.data ?? '', 'base64');
      const type = sniffMime(bytes);
      if (g.content_type !== 'image/jpeg' && g.content_type !== 'image/png')
        return error(400, 1, `Invalid parameters: content_type ${String(g.content_type)}.`);
      if (type !== 'image/jpeg' && type !== 'image/png') return error(400, 2990, 'Invalid image: the file is not a JPEG or PNG image.');
      if (bytes.length > this.maxImageBytes) return error(400, 2991, 'Invalid image: the image is larger than 20 MB.');
      images.push(type);
    }
    const pin: FakePin = { ...this.pinFields(board.id, b), images };
    this.pins.push(pin);
    return { status: 201, body: this.view(pin) };
  }

  private pinFields(boardId: string, b: Record<string, unknown>): Omit<FakePin, 'images'> {
    const str = (v: unknown) => (typeof v === 'string' ? v : null);
    return {
      id: `1137${String(this.seq++).padStart(14, '0')}`,
      board_id: boardId,
      title: str(b.title) ?? '',
      description: str(b.description) ?? '',
      link: str(b.link),
      alt_text: str(b.alt_text),
      created_at: new Date().toISOString().replace(/\.\d{3}Z$/, ''),
    };
  }

  /** The storage behind upload_url: every upload parameter, then the file (204, as S3 answers). */
  private async storeUpload(req: FakeRequest): Promise<FakeReply> {
    const form = await formOf(req);
    const key = form?.get('key');
    const u = [...this.uploads.values()].find((x) => x.key === key);
    if (!form || !u || form.get('x-amz-signature') !== 'fake' || form.get('policy') !== 'e30=')
      return { status: 403, body: '<Error><Code>AccessDenied</Code><Message>Invalid according to Policy</Message></Error>' };
    const file = form.get('file');
    if (!(file instanceof Blob))
      return { status: 400, body: '<Error><Code>InvalidArgument</Code><Message>POST requires exactly one file upload per request.</Message></Error>' };
    const bytes = Buffer.from(await file.arrayBuffer());
    u.mimeType = sniffMime(bytes);
    u.bytes = bytes.length;
    u.status = 'processing';
    return { status: 204 };
  }

  private view(p: FakePin): Record<string, unknown> {
    return {
      id: p.id,
      created_at: p.created_at,
      link: p.link,
      title: p.title,
      description: p.description,
      alt_text: p.alt_text,
      board_id: p.board_id,
      board_owner: { username: this.user.username },
      media: { media_type: p.mediaId ? 'video' : p.images.length > 1 ? 'multiple_images' : 'image' },
    };
  }
}
