import { randomBytes } from 'node:crypto';
import { type FakeFailure, FakePlatform, type FakeReply, type FakeRequest, type FakeRoute, formOf, sniffMime } from './fake-platform';

export interface FakePagePost {
  id: string;
  message: string;
  link?: string;
  /** Ids of the photos attached (attached_media), or the video that made the post. */
  photos: string[];
  video?: string;
  created_time: string;
}

interface FakePhoto {
  id: string;
  bytes: number;
  mimeType: string;
  altText?: string;
  published: boolean;
}

const V = '/v23.0';
/** Graph's photo size ceiling in this fake (the docs recommend under 4 MB; bigger uploads are refused here). */
const PHOTO_MAX = 4 * 1024 * 1024;

/**
 * Meta's Graph API (graph.facebook.com) for Facebook Pages on 127.0.0.1, ADR 175:
 * /v23.0/dialog/oauth (Facebook Login, redirects back with a code), GET /v23.0/oauth/access_token
 * (code → short-lived user token; grant_type=fb_exchange_token → 60-day user token), GET
 * /me/accounts (the user's Pages with Page access tokens and tasks), GET /{page-id}?fields=access_token,
 * POST /{page-id}/photos (multipart source, published=false), POST /{page-id}/feed (message, link,
 * attached_media[n]), POST /{page-id}/videos (multipart source, description), GET /{page-id}/posts,
 * GET /{id}, GET /{id}/insights. Tokens go in the `access_token` parameter (query, form or
 * multipart field). Errors in the Graph shape with HTTP 400: 190 (subcode 463 expired) for a bad
 * token, 4 with X-Business-Use-Case-Usage for a rate limit, 1/2 temporary, 100 a bad parameter,
 * 324 a missing or unreadable image.
 */
export class MetaGraphFake extends FakePlatform {
  readonly appId = '2345678901234567';
  readonly appSecret = 'fake-meta-secret';
  readonly user = { id: '10220000000000001', name: 'Ada Roaster' };
  readonly page = { id: '102030405060708', name: 'Acme Coffee' };
  readonly posts: FakePagePost[] = [];
  readonly photos = new Map<string, FakePhoto>();
  /** The Page's tasks for this user: without CREATE_CONTENT there is nothing to post on. */
  pageTasks = ['ANALYZE', 'ADVERTISE', 'MODERATE', 'CREATE_CONTENT', 'MANAGE'];
  /** The Instagram professional account linked to the Page (InstagramGraphFake sets it); none: null. */
  instagramAccount: { id: string; username: string } | null = null;
  private readonly codes = new Map<string, string>();
  private readonly shortTokens = new Set<string>();
  private readonly userTokens = new Set<string>();
  protected readonly pageTokens = new Set<string>();
  private readonly expired = new Set<string>();
  private seq = 1;

  get authorizeUrl(): string {
    return `${this.url}${V}/dialog/oauth`;
  }

  /** Every token issued so far is dead (the user changed their password or removed the app): 190 everywhere. */
  expireTokens(): void {
    for (const t of [...this.shortTokens, ...this.userTokens, ...this.pageTokens]) this.expired.add(t);
    this.shortTokens.clear();
    this.userTokens.clear();
    this.pageTokens.clear();
  }

  /** Only the Page tokens are invalidated; the user token still gives new ones. */
  expirePageTokens(): void {
    for (const t of this.pageTokens) this.expired.add(t);
    this.pageTokens.clear();
  }

  protected routeOf(req: FakeRequest): FakeRoute | null {
    if (req.method === 'POST' && /\/(feed|videos)$/.test(req.path)) return 'publish';
    if (req.method === 'POST' && req.path.endsWith('/photos')) return 'upload';
    if (req.method === 'GET' && req.path === `${V}/${this.page.id}` && req.query.get('fields') === 'access_token') return 'refresh';
    if (req.method === 'GET' && req.path.startsWith(`${V}/`) && !req.path.includes('oauth')) return 'lookup';
    return null;
  }

  protected async answer(req: FakeRequest): Promise<FakeReply> {
    if (req.path === `${V}/dialog/oauth`) return this.authorize(req);
    const params = await this.params(req);
    if (req.path === `${V}/oauth/access_token`) return this.tokenEndpoint(params);
    if (!req.path.startsWith(`${V}/`)) return graph(404, `Unknown path ${req.path}`, 'GraphMethodException', 100);
    const token = params.get('access_token') ?? '';
    const parts = req.path.slice(V.length + 1).split('/');

    if (req.method === 'GET' && parts[0] === 'me' && parts[1] === 'accounts') {
      if (!this.userTokens.has(token) && !this.shortTokens.has(token)) return this.badToken(token);
      const fields = params.get('fields') ?? '';
      return { status: 200, body: { data: this.pageTasks.length ? [this.pageEntry(fields)] : [], paging: { cursors: { before: 'b', after: 'a' } } } };
    }
    if (req.method === 'GET' && parts.length === 1 && parts[0] === this.page.id && params.get('fields') === 'access_token') {
      if (!this.userTokens.has(token)) return this.badToken(token);
      return { status: 200, body: { access_token: this.issuePageToken(), id: this.page.id } };
    }
    if (!this.pageTokens.has(token)) return this.badToken(token);
    const onPage = parts[0] === this.page.id;

    if (req.method === 'POST' && onPage && parts[1] === 'photos') return this.uploadPhoto(params);
    if (req.method === 'POST' && onPage && parts[1] === 'feed') return this.feedPost(params);
    if (req.method === 'POST' && onPage && parts[1] === 'videos') return this.videoPost(params);
    if (req.method === 'GET' && onPage && parts[1] === 'posts') {
      const limit = Number(params.get('limit') ?? 25);
      return {
        status: 200,
        body: {
          data: [...this.posts]
            .reverse()
            .slice(0, limit)
            .map((p) => this.postOf(p)),
          paging: { cursors: { before: 'b', after: 'a' } },
        },
      };
    }
    if (req.method === 'GET' && parts.length === 2 && parts[1] === 'insights') {
      const p = this.findPost(parts[0]);
      if (!p) return this.notFound(parts[0]);
      const metric = (name: string, value: number) => ({ name, period: 'lifetime', values: [{ value }], title: name, id: `${p.id}/insights/${name}/lifetime` });
      return { status: 200, body: { data: [metric('post_impressions', 540), metric('post_clicks', 17)] } };
    }
    if (req.method === 'GET' && parts.length === 1) {
      const p = this.findPost(parts[0]);
      if (!p) return this.notFound(parts[0]);
      const fields = (params.get('fields') ?? '').split(',');
      const body: Record<string, unknown> = { ...this.postOf(p), id: parts[0] };
      if (p.video === parts[0]) body.permalink_url = `/${this.page.id}/videos/${p.video}/`;
      if (fields.includes('shares')) {
        body.shares = { count: 2 };
        body.reactions = { data: [], summary: { total_count: 9 } };
        body.comments = { data: [], summary: { total_count: 4 } };
      }
      return { status: 200, body };
    }
    return graph(400, `Unsupported ${req.method} request.`, 'GraphMethodException', 100);
  }

  protected failureReply(kind: Exclude<FakeFailure, 'timeout-after-accepting'>): FakeReply {
    switch (kind) {
      case 'rate-limit':
        return {
          ...graph(400, '(#32) Page request limit reached', 'OAuthException', 32, { is_transient: true }),
          headers: {
            'x-business-use-case-usage': JSON.stringify({
              [this.page.id]: [{ type: 'pages', call_count: 100, total_cputime: 25, total_time: 30, estimated_time_to_regain_access: 3 }],
            }),
          },
        };
      case 'revoked':
        return graph(400, 'Error validating access token: The user has not authorized application 2345678901234567.', 'OAuthException', 190, {
          error_subcode: 458,
        });
      case 'server-error':
        return graph(500, 'An unknown error has occurred.', 'OAuthException', 1, { is_transient: true });
      case 'unavailable':
        return graph(503, 'Service temporarily unavailable', 'OAuthException', 2, { is_transient: true });
    }
  }

  private uploadPhoto(p: FormLike): FakeReply {
    const file = p.file('source');
    if (!file) return graph(400, '(#324) Requires upload file', 'OAuthException', 324);
    const type = sniffMime(file);
    if (!type || !['image/jpeg', 'image/png', 'image/gif'].includes(type)) return graph(400, '(#324) Missing or invalid image file', 'OAuthException', 324);
    if (file.length > PHOTO_MAX) return graph(400, '(#100) The image is too large (maximum 4 MB)', 'OAuthException', 100);
    const id = String(500000000000000n + BigInt(this.seq++));
    this.photos.set(id, { id, bytes: file.length, mimeType: type, altText: p.get('alt_text_custom') ?? undefined, published: p.get('published') !== 'false' });
    return { status: 200, body: { id } };
  }

  private feedPost(p: FormLike): FakeReply {
    const message = p.get('message') ?? '';
    const link = p.get('link') ?? undefined;
    const photos: string[] = [];
    for (let i = 0; p.get(`attached_media[${i}]`) !== null; i++) {
      let fbid: string | undefined;
      try {
        fbid = (JSON.parse(p.get(`attached_media[${i}]`) as string) as { media_fbid?: string }).media_fbid;
      } catch {
        fbid = undefined;
      }
      const photo = fbid ? this.photos.get(fbid) : undefined;
      if (!photo || photo.published) return graph(400, `(#100) param attached_media[${i}] must be an unpublished photo of this Page`, 'OAuthException', 100);
      photos.push(photo.id);
    }
    if (!message && !link && photos.length === 0) return graph(400, '(#100) Missing message or attachment', 'OAuthException', 100);
    if ([...message].length > 63_206) return graph(400, '(#100) The message is too long', 'OAuthException', 100);
    if (link && photos.length > 0) return graph(400, '(#100) link and attached_media cannot be used together', 'OAuthException', 100);
    for (const id of photos) (this.photos.get(id) as FakePhoto).published = true;
    const post: FakePagePost = {
      id: `${this.page.id}_${String(900000000000000n + BigInt(this.seq++))}`,
      message,
      link,
      photos,
      created_time: graphTime(new Date()),
    };
    this.posts.push(post);
    return { status: 200, body: { id: post.id } };
  }

  private videoPost(p: FormLike): FakeReply {
    const file = p.file('source');
    if (!file) return graph(400, '(#100) No file was uploaded', 'OAuthException', 100);
    const type = sniffMime(file);
    if (type !== 'video/mp4' && type !== 'video/quicktime')
      return graph(400, '(#352) Sorry, the video file you selected is in a format that we don’t support.', 'OAuthException', 352);
    const video = String(700000000000000n + BigInt(this.seq++));
    this.posts.push({
      id: `${this.page.id}_${String(900000000000000n + BigInt(this.seq++))}`,
      message: p.get('description') ?? '',
      photos: [],
      video,
      created_time: graphTime(new Date()),
    });
    return { status: 200, body: { id: video } };
  }

  private findPost(id: string): FakePagePost | undefined {
    return this.posts.find((p) => p.id === id || p.video === id);
  }

  private postOf(p: FakePagePost) {
    return {
      id: p.id,
      message: p.message,
      created_time: p.created_time,
      permalink_url: `https://www.facebook.com/${this.page.id}/posts/${p.id.split('_')[1]}`,
    };
  }

  /** The Page's entry of /me/accounts; instagram_business_account only when asked for and linked. */
  private pageEntry(fields: string) {
    const ig = this.instagramAccount && fields.includes('instagram_business_account') ? { instagram_business_account: { ...this.instagramAccount } } : {};
    return {
      ...ig,
      access_token: this.issuePageToken(),
      category: 'Coffee Shop',
      category_list: [{ id: '128673187201735', name: 'Coffee Shop' }],
      name: this.page.name,
      id: this.page.id,
      tasks: this.pageTasks,
    };
  }

  private authorize(req: FakeRequest): FakeReply {
    const q = req.query;
    const redirect = q.get('redirect_uri');
    if (q.get('client_id') !== this.appId || !redirect) return { status: 400, body: 'Invalid App ID or redirect_uri' };
    const scopes = (q.get('scope') ?? '').split(',');
    if (!scopes.includes('pages_manage_posts') && !scopes.includes('instagram_content_publish'))
      return { status: 400, body: 'pages_manage_posts or instagram_content_publish is required to publish' };
    const code = `AQ${randomBytes(24).toString('base64url')}`;
    this.codes.set(code, redirect);
    const back = new URL(redirect);
    back.searchParams.set('code', code);
    back.searchParams.set('state', q.get('state') ?? '');
    return { status: 302, headers: { location: back.toString() } };
  }

  private tokenEndpoint(p: FormLike): FakeReply {
    if (p.get('client_id') !== this.appId || p.get('client_secret') !== this.appSecret)
      return graph(400, 'Error validating client secret.', 'OAuthException', 101);
    if (p.get('grant_type') === 'fb_exchange_token') {
      const short = p.get('fb_exchange_token') ?? '';
      if (!this.shortTokens.has(short) && !this.userTokens.has(short)) return this.badToken(short);
      const token = `EAAlong${randomBytes(12).toString('base64url')}`;
      this.userTokens.add(token);
      return { status: 200, body: { access_token: token, token_type: 'bearer', expires_in: 5_183_944 } };
    }
    const code = p.get('code') ?? '';
    const redirect = this.codes.get(code);
    this.codes.delete(code);
    if (!redirect) return graph(400, 'This authorization code has been used.', 'OAuthException', 100, { error_subcode: 36009 });
    if (redirect !== p.get('redirect_uri'))
      return graph(
        400,
        'Error validating verification code. Please make sure your redirect_uri is identical to the one you used in the OAuth dialog request',
        'OAuthException',
        100,
        {
          error_subcode: 36008,
        },
      );
    const token = `EAAshort${randomBytes(9).toString('base64url')}`;
    this.shortTokens.add(token);
    return { status: 200, body: { access_token: token, token_type: 'bearer', expires_in: 5_183 } };
  }

  private issuePageToken(): string {
    const token = `EAApage${randomBytes(12).toString('base64url')}`;
    this.pageTokens.add(token);
    return token;
  }

  protected badToken(token: string): FakeReply {
    if (this.expired.has(token))
      return graph(400, 'Error validating access token: Session has expired on Thursday, 03-Dec-26 09:00:00 PST.', 'OAuthException', 190, {
        error_subcode: 463,
      });
    return graph(400, 'Invalid OAuth access token - Cannot parse access token', 'OAuthException', 190);
  }

  protected notFound(id: string): FakeReply {
    return graph(
      400,
      `Unsupported get request. Object with ID '${id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation.`,
      'GraphMethodException',
      100,
      { error_subcode: 33 },
    );
  }

  /** Query, form and multipart parameters together (the Graph API reads them all). */
  protected async params(req: FakeRequest): Promise<FormLike> {
    const p = new URLSearchParams(req.query);
    const files = new Map<string, Buffer>();
    if (String(req.headers['content-type'] ?? '').startsWith('multipart/form-data')) {
      const form = await formOf(req);
      for (const [k, v] of form?.entries() ?? []) {
        // multipart/form-data sends line breaks as CRLF; the post shows them as line breaks.
        if (typeof v === 'string') p.set(k, v.replace(/\r\n/g, '\n'));
        else files.set(k, Buffer.from(await v.arrayBuffer()));
      }
    } else if (req.body && typeof req.body === 'object') for (const [k, v] of Object.entries(req.body as Record<string, string>)) p.set(k, v);
    return { get: (k) => p.get(k), file: (k) => files.get(k) ?? null };
  }
}

export interface FormLike {
  get(name: string): string | null;
  file(name: string): Buffer | null;
}

export function graph(status: number, message: string, type: string, code: number, extra: Record<string, unknown> = {}): FakeReply {
  return { status, body: { error: { message, type, code, ...extra, fbtrace_id: `A${randomBytes(8).toString('base64url')}` } } };
}

/** Graph's timestamp format: 2026-12-03T09:00:00+0000. */
export const graphTime = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, '+0000');
