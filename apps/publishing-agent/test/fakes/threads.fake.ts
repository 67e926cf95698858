import { randomBytes } from 'node:crypto';
import { type FakeFailure, FakePlatform, type FakeReply, type FakeRequest, type FakeRoute } from './fake-platform';

export interface FakeThread {
  id: string;
  text: string;
  link_attachment?: string;
  timestamp: string;
  owner: string;
}

interface Container {
  id: string;
  owner: string;
  text: string;
  link?: string;
  status: 'IN_PROGRESS' | 'FINISHED' | 'PUBLISHED' | 'ERROR' | 'EXPIRED';
  /** Status checks left before an IN_PROGRESS container becomes FINISHED. */
  checksLeft: number;
}

const V = '/v1.0';

/**
 * Meta's Threads API on 127.0.0.1: /oauth/authorize (redirects back with a code), POST
 * /oauth/access_token (code → short-lived token + user_id), GET /access_token
 * (th_exchange_token → long-lived, 60 days), GET /refresh_access_token (th_refresh_token), and
 * under /v1.0: /me, POST /{user}/threads (container), GET /{container}?fields=status,
 * POST /{user}/threads_publish, GET /{user}/threads, GET /{media}, /{media}/insights,
 * /{user}/threads_publishing_limit. Tokens go in the `access_token` parameter. Errors in the Graph
 * shape; text over 500 characters (emoji count as their UTF-8 bytes) is refused; a rate limit is
 * code 4 with X-Business-Use-Case-Usage; an expired token is code 190 (subcode 463).
 */
export class ThreadsFake extends FakePlatform {
  readonly appId = '1234567890123456';
  readonly appSecret = 'fake-threads-secret';
  readonly user = { id: '17841400000000001', username: 'acmecoffee', name: 'Acme Coffee' };
  readonly threads: FakeThread[] = [];
  readonly containers = new Map<string, Container>();
  /** Seconds a long-lived token lives (documented: 60 days). */
  longTtlSec = 5_183_944;
  /** Status checks a new container stays IN_PROGRESS for (text containers are usually ready at once). */
  containerChecks = 0;
  /** Posts published in the last 24 hours (threads_publishing_limit's quota_usage) and the quota. */
  quotaTotal = 250;
  private readonly codes = new Map<string, string>();
  private readonly shortTokens = new Set<string>();
  private readonly longTokens = new Set<string>();
  private readonly expired = new Set<string>();
  private seq = 1;

  get authorizeUrl(): string {
    return `${this.url}/oauth/authorize`;
  }

  /** Every token issued so far expires: Threads answers code 190 to them, refresh included. */
  expireTokens(): void {
    for (const t of [...this.shortTokens, ...this.longTokens]) this.expired.add(t);
    this.shortTokens.clear();
    this.longTokens.clear();
  }

  protected routeOf(req: FakeRequest): FakeRoute | null {
    if (req.method === 'POST' && req.path.endsWith('/threads_publish')) return 'publish';
    if (req.path === '/refresh_access_token') return 'refresh';
    if (req.method === 'GET' && req.path.startsWith(`${V}/`)) return 'lookup';
    return null;
  }

  protected answer(req: FakeRequest): FakeReply {
    if (req.path === '/oauth/authorize') return this.authorize(req);
    if (req.path === '/oauth/access_token') return this.codeExchange(req);
    const params = this.params(req);
    const token = params.get('access_token') ?? '';
    if (req.path === '/access_token') {
      if (params.get('grant_type') !== 'th_exchange_token' || params.get('client_secret') !== this.appSecret)
        return graph(400, 'Invalid client_secret or grant_type', 'OAuthException', 101);
      if (!this.shortTokens.has(token)) return this.badToken(token);
      return this.issueLong();
    }
    if (req.path === '/refresh_access_token') {
      if (params.get('grant_type') !== 'th_refresh_token') return graph(400, 'Unsupported grant_type', 'OAuthException', 100);
      if (!this.longTokens.has(token)) return this.badToken(token);
      return this.issueLong();
    }
    if (!req.path.startsWith(`${V}/`)) return graph(404, `Unknown path ${req.path}`, 'GraphMethodException', 100);
    if (!this.longTokens.has(token) && !this.shortTokens.has(token)) return this.badToken(token);
    const parts = req.path.slice(V.length + 1).split('/');

    if (req.method === 'GET' && parts[0] === 'me') return { status: 200, body: this.user };
    if (req.method === 'POST' && parts[1] === 'threads' && parts[0] === this.user.id) return this.createContainer(params);
    if (req.method === 'POST' && parts[1] === 'threads_publish' && parts[0] === this.user.id) return this.publishContainer(params);
    if (req.method === 'GET' && parts[1] === 'threads' && parts[0] === this.user.id) {
      const limit = Number(params.get('limit') ?? 25);
      const data = [...this.threads]
        .reverse()
        .slice(0, limit)
        .map((t) => this.mediaOf(t));
      return { status: 200, body: { data, paging: { cursors: { before: 'b', after: 'a' } } } };
    }
    if (req.method === 'GET' && parts[1] === 'threads_publishing_limit') {
      return { status: 200, body: { data: [{ quota_usage: this.threads.length, config: { quota_total: this.quotaTotal, quota_duration: 86400 } }] } };
    }
    if (req.method === 'GET' && parts.length === 2 && parts[1] === 'insights') {
      const t = this.threads.find((x) => x.id === parts[0]);
      if (!t) return this.notFound(parts[0]);
      const metric = (name: string, value: number) => ({ name, period: 'lifetime', values: [{ value }], title: name, id: `${t.id}/insights/${name}/lifetime` });
      return { status: 200, body: { data: [metric('views', 320), metric('likes', 12), metric('replies', 3), metric('reposts', 2), metric('quotes', 1)] } };
    }
    if (req.method === 'GET' && parts.length === 1) {
      const c = this.containers.get(parts[0]);
      if (c) {
        if (c.status === 'IN_PROGRESS' && c.checksLeft-- <= 0) c.status = 'FINISHED';
        return { status: 200, body: { id: c.id, status: c.status, ...(c.status === 'ERROR' ? { error_message: 'UNKNOWN' } : {}) } };
      }
      const t = this.threads.find((x) => x.id === parts[0]);
      if (!t) return this.notFound(parts[0]);
      return { status: 200, body: this.mediaOf(t) };
    }
    return graph(400, `Unsupported ${req.method} request.`, 'GraphMethodException', 100);
  }

  protected failureReply(kind: Exclude<FakeFailure, 'timeout-after-accepting'>): FakeReply {
    switch (kind) {
      case 'rate-limit':
        return {
          ...graph(400, 'Application request limit reached', 'OAuthException', 4, { is_transient: true }),
          headers: {
            'x-business-use-case-usage': JSON.stringify({
              [this.user.id]: [{ type: 'threads', call_count: 100, total_cputime: 20, total_time: 30, estimated_time_to_regain_access: 2 }],
            }),
          },
        };
      case 'revoked':
        return graph(400, 'Error validating access token: The user has not authorized application 1234567890123456.', 'OAuthException', 190, {
          error_subcode: 458,
        });
      case 'server-error':
        return graph(500, 'An unknown error has occurred.', 'OAuthException', 1, { is_transient: true });
      case 'unavailable':
        return graph(503, 'Service temporarily unavailable', 'OAuthException', 2, { is_transient: true });
    }
  }

  private createContainer(p: URLSearchParams): FakeReply {
    if (p.get('media_type') !== 'TEXT') return graph(400, 'Param media_type must be one of {TEXT, IMAGE, VIDEO, CAROUSEL}', 'OAuthException', 100);
    const text = p.get('text') ?? '';
    if (!text) return graph(400, 'Param text is required for media_type TEXT', 'OAuthException', 100);
    if (threadsLength(text) > 500) return graph(400, 'Param text must be at most 500 characters long.', 'OAuthException', 100);
    const link = p.get('link_attachment') ?? undefined;
    if (link !== undefined && !/^https?:\/\//.test(link)) return graph(400, 'Param link_attachment must be a valid URL', 'OAuthException', 100);
    const id = String(18000000000000000n + BigInt(this.seq++));
    this.containers.set(id, {
      id,
      owner: this.user.id,
      text,
      link,
      status: this.containerChecks > 0 ? 'IN_PROGRESS' : 'FINISHED',
      checksLeft: this.containerChecks,
    });
    return { status: 200, body: { id } };
  }

  private publishContainer(p: URLSearchParams): FakeReply {
    const c = this.containers.get(p.get('creation_id') ?? '');
    if (!c) return graph(400, 'Param creation_id is not a valid container', 'OAuthException', 100);
    if (c.status === 'IN_PROGRESS')
      return graph(400, 'Media ID is not available', 'OAuthException', 9007, {
        error_subcode: 2207027,
        error_user_msg: 'The media is not ready for publishing, please wait for a moment',
      });
    if (c.status !== 'FINISHED') return graph(400, `The container is ${c.status}`, 'OAuthException', 100);
    if (this.threads.length >= this.quotaTotal) return graph(400, 'Application request limit reached', 'OAuthException', 4, { is_transient: true });
    c.status = 'PUBLISHED';
    const t: FakeThread = {
      id: String(18100000000000000n + BigInt(this.seq++)),
      text: c.text,
      link_attachment: c.link,
      timestamp: threadsTime(new Date()),
      owner: c.owner,
    };
    this.threads.push(t);
    return { status: 200, body: { id: t.id } };
  }

  private mediaOf(t: FakeThread) {
    return {
      id: t.id,
      media_product_type: 'THREADS',
      media_type: 'TEXT_POST',
      text: t.text,
      permalink: `https://www.threads.net/@${this.user.username}/post/${Buffer.from(t.id).toString('base64url').slice(0, 11)}`,
      timestamp: t.timestamp,
      username: this.user.username,
      ...(t.link_attachment ? { link_attachment_url: t.link_attachment } : {}),
    };
  }

  private authorize(req: FakeRequest): FakeReply {
    const q = req.query;
    const redirect = q.get('redirect_uri');
    if (q.get('client_id') !== this.appId || q.get('response_type') !== 'code' || !redirect) return { status: 400, body: 'Invalid request' };
    if (!(q.get('scope') ?? '').split(',').includes('threads_content_publish')) return { status: 400, body: 'threads_content_publish is required to publish' };
    const code = `${randomBytes(12).toString('base64url')}#_`;
    this.codes.set(code, redirect);
    const back = new URL(redirect);
    back.searchParams.set('code', code);
    back.searchParams.set('state', q.get('state') ?? '');
    return { status: 302, headers: { location: back.toString() } };
  }

  private codeExchange(req: FakeRequest): FakeReply {
    const f = (req.body ?? {}) as Record<string, string>;
    if (req.method !== 'POST') return graph(400, 'Unsupported request method', 'OAuthException', 100);
    if (f.client_id !== this.appId || f.client_secret !== this.appSecret) return graph(400, 'Error validating client secret.', 'OAuthException', 101);
    const redirect = this.codes.get(f.code);
    this.codes.delete(f.code);
    if (f.grant_type !== 'authorization_code' || !redirect) return graph(400, 'Invalid verification code format.', 'OAuthException', 100);
    if (redirect !== f.redirect_uri)
      return graph(
        400,
        'Error validating verification code. Please make sure your redirect_uri is identical to the one you used in the OAuth dialog request',
        'OAuthException',
        100,
      );
    const token = `THAAshort${randomBytes(9).toString('base64url')}`;
    this.shortTokens.add(token);
    return { status: 200, body: { access_token: token, user_id: Number(this.user.id) } };
  }

  private issueLong(): FakeReply {
    const token = `THAAlong${randomBytes(12).toString('base64url')}`;
    this.longTokens.add(token);
    return { status: 200, body: { access_token: token, token_type: 'bearer', expires_in: this.longTtlSec } };
  }

  private badToken(token: string): FakeReply {
    if (this.expired.has(token))
      return graph(400, 'Error validating access token: Session has expired on Thursday, 03-Dec-26 09:00:00 PST.', 'OAuthException', 190, {
        error_subcode: 463,
      });
    return graph(400, 'Invalid OAuth access token - Cannot parse access token', 'OAuthException', 190);
  }

  private notFound(id: string): FakeReply {
    return graph(
      400,
      `Unsupported get request. Object with ID '${id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation.`,
      'GraphMethodException',
      100,
      { error_subcode: 33 },
    );
  }

  /** Query parameters, and for a POST the form body too (the Graph API reads both). */
  private params(req: FakeRequest): URLSearchParams {
    const p = new URLSearchParams(req.query);
    if (req.body && typeof req.body === 'object') for (const [k, v] of Object.entries(req.body as Record<string, string>)) p.set(k, v);
    return p;
  }
}

function graph(status: number, message: string, type: string, code: number, extra: Record<string, unknown> = {}): FakeReply {
  return { status, body: { error: { message, type, code, ...extra, fbtrace_id: `A${randomBytes(8).toString('base64url')}` } } };
}

/** Threads' count: characters, except that an emoji counts as its UTF-8 bytes. */
export function threadsLength(text: string): number {
  let n = 0;
  for (const ch of text) n += /\p{Extended_Pictographic}/u.test(ch) ? Buffer.byteLength(ch, 'utf8') : 1;
  return n;
}

/** Threads' timestamp format: 2026-12-03T09:00:00+0000. */
const threadsTime = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, '+0000');
