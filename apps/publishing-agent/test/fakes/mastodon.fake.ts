import { type FakeFailure, FakePlatform, type FakeReply, type FakeRequest, type FakeRoute } from './fake-platform';

export interface FakeStatus {
  id: string;
  content: string;
  text: string;
  url: string;
  created_at: string;
  idempotencyKey: string | null;
}

/**
 * A Mastodon instance: verify_credentials, POST /api/v1/statuses (the Idempotency-Key header
 * answers the first status again for an hour, as Mastodon does), account statuses, one status.
 * X-RateLimit-* headers (reset as an ISO time); errors as {error}.
 */
export class MastodonFake extends FakePlatform {
  readonly token = 'mastodon-token-0123456789';
  readonly account = { id: '109000000000000001', username: 'acme', acct: 'acme' };
  readonly statuses: FakeStatus[] = [];
  revoked = false;
  private seq = 1;

  protected routeOf(req: FakeRequest): FakeRoute | null {
    if (req.method === 'POST' && req.path === '/api/v1/statuses') return 'publish';
    if (req.method === 'GET') return 'lookup';
    return null;
  }

  protected answer(req: FakeRequest): FakeReply {
    if (this.revoked || req.headers.authorization !== `Bearer ${this.token}`) return { status: 401, body: { error: 'The access token is invalid' } };
    const limits = { 'x-ratelimit-limit': '300', 'x-ratelimit-remaining': '299', 'x-ratelimit-reset': new Date(Date.now() + 300_000).toISOString() };
    if (req.path === '/api/v1/accounts/verify_credentials')
      return { status: 200, body: { ...this.account, display_name: 'Acme', url: `${this.url}/@acme` }, headers: limits };
    if (req.method === 'POST' && req.path === '/api/v1/statuses') {
      const key = (req.headers['idempotency-key'] as string | undefined) ?? null;
      const again = key ? this.statuses.find((s) => s.idempotencyKey === key) : undefined;
      if (again) return { status: 200, body: this.view(again), headers: limits };
      const text = (req.body as { status?: string })?.status ?? '';
      if (!text.trim()) return { status: 422, body: { error: "Validation failed: Text can't be blank" } };
      if ([...text].length > 500) return { status: 422, body: { error: 'Validation failed: Text character limit of 500 exceeded' } };
      const id = String(110000000000000000n + BigInt(this.seq++));
      const s = { id, text, content: toHtml(text), url: `${this.url}/@acme/${id}`, created_at: new Date().toISOString(), idempotencyKey: key };
      this.statuses.push(s);
      return { status: 200, body: this.view(s), headers: limits };
    }
    const mine = /^\/api\/v1\/accounts\/(\d+)\/statuses$/.exec(req.path);
    if (mine)
      return {
        status: 200,
        body:
          mine[1] === this.account.id
            ? [...this.statuses]
                .reverse()
                .slice(0, Number(req.query.get('limit') ?? 20))
                .map((s) => this.view(s))
            : [],
        headers: limits,
      };
    const one = /^\/api\/v1\/statuses\/(\d+)$/.exec(req.path);
    if (one) {
      const s = this.statuses.find((x) => x.id === one[1]);
      return s
        ? { status: 200, body: { ...this.view(s), favourites_count: 5, reblogs_count: 2, replies_count: 1 } }
        : { status: 404, body: { error: 'Record not found' } };
    }
    return { status: 404, body: { error: 'Record not found' } };
  }

  protected failureReply(kind: Exclude<FakeFailure, 'timeout-after-accepting'>): FakeReply {
    switch (kind) {
      case 'rate-limit':
        return {
          status: 429,
          body: { error: 'Too many requests' },
          headers: { 'x-ratelimit-limit': '300', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': new Date(Date.now() + 1000).toISOString() },
        };
      case 'revoked':
        return { status: 401, body: { error: 'The access token was revoked' } };
      case 'server-error':
        return { status: 500, body: { error: 'We are sorry, but something went wrong on our end.' } };
      case 'unavailable':
        return { status: 503, body: { error: 'Service Unavailable' } };
    }
  }

  private view(s: FakeStatus) {
    return { id: s.id, content: s.content, url: s.url, uri: s.url, created_at: s.created_at, visibility: 'public', account: this.account };
  }
}

function toHtml(text: string): string {
  const esc = (t: string) => t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
  return text
    .split(/\n\n/)
    .map((p) => `<p>${esc(p).replace(/\n/g, '<br />')}</p>`)
    .join('');
}
