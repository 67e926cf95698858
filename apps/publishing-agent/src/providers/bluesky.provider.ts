import type { OutboundPost, PostMetricsReading, PublishOutcome, ReconcileOutcome } from '../services/channel-gateway';
import { ChannelProviderBase, type HttpAnswer } from './channel-provider.base';
import { type ChannelContext, type ConnectedAccount, type ConnectInput, type PostStatus, ProviderError, type RefreshedCredentials } from './channel-provider';
import { sameText } from './oauth-token';

interface Session {
  accessJwt: string;
  refreshJwt: string;
  did: string;
  handle: string;
}

const COLLECTION = 'app.bsky.feed.post';

/**
 * Bluesky (AT Protocol): a handle and an app password open a session
 * (com.atproto.server.createSession); the short-lived access JWT is renewed with refreshSession,
 * and when the refresh JWT itself has expired, a new session is opened with the app password —
 * only a refused app password means a reconnect. Posts are app.bsky.feed.post records
 * (com.atproto.repo.createRecord) with hashtag facets; RateLimit-Reset is in epoch seconds.
 */
export class BlueskyProvider extends ChannelProviderBase {
  readonly platform = 'bluesky' as const;
  readonly authKind = 'token' as const;
  readonly credentialFields = ['appPassword'] as const;
  readonly configFields = ['handle', 'serviceUrl'] as const;

  async connect(input: ConnectInput): Promise<ConnectedAccount> {
    const handle = this.field(input.config, 'handle', 'config').replace(/^@/, '');
    const appPassword = this.field(input.credentials, 'appPassword', 'credentials');
    const serviceUrl = input.config.serviceUrl ? await this.checkUrl(input.config.serviceUrl, 'serviceUrl') : this.settings.bluesky.serviceUrl;
    const s = await this.createSession(serviceUrl, handle, appPassword, true);
    return {
      accountId: s.did,
      displayName: input.displayName ?? `@${s.handle}`,
      credentials: { appPassword, accessJwt: s.accessJwt, refreshJwt: s.refreshJwt },
      config: { handle: s.handle, serviceUrl },
      expiresAt: jwtExpiry(s.accessJwt),
    };
  }

  override async refresh(ctx: ChannelContext): Promise<RefreshedCredentials> {
    const service = this.service(ctx);
    let s: Session;
    try {
      const a = await this.requestWithRetry({ method: 'POST', url: `${service}/xrpc/com.atproto.server.refreshSession`, headers: bearer(ctx.credentials.refreshJwt) });
      s = a.json as Session;
    } catch (err) {
      // An expired or revoked refresh JWT: the app password can still open a new session.
      if (!(err instanceof ProviderError) || (err.kind !== 'revoked' && !(err.extra.status === 400))) throw err;
      s = await this.createSession(service, ctx.config.handle, ctx.credentials.appPassword);
    }
    return { credentials: { appPassword: ctx.credentials.appPassword, accessJwt: s.accessJwt, refreshJwt: s.refreshJwt }, expiresAt: jwtExpiry(s.accessJwt) };
  }

  publish(ctx: ChannelContext, post: OutboundPost): Promise<PublishOutcome> {
    const text = this.text(post);
    return this.publishWith(
      {
        method: 'POST',
        url: `${this.service(ctx)}/xrpc/com.atproto.repo.createRecord`,
        headers: bearer(ctx.credentials.accessJwt),
        json: { repo: ctx.accountId, collection: COLLECTION, record: { $type: COLLECTION, text, createdAt: new Date().toISOString(), facets: tagFacets(text) } },
      },
      (a) => {
        const uri = (a.json as { uri?: string }).uri;
        if (!uri) throw new Error('no uri');
        return { kind: 'published', externalId: uri, url: this.webUrl(ctx, uri), publishedAt: new Date().toISOString() };
      },
    );
  }

  async reconcile(ctx: ChannelContext, post: OutboundPost): Promise<ReconcileOutcome> {
    const q = new URLSearchParams({ repo: ctx.accountId ?? '', collection: COLLECTION, limit: '50' });
    const a = await this.requestWithRetry({ method: 'GET', url: `${this.service(ctx)}/xrpc/com.atproto.repo.listRecords?${q}`, headers: bearer(ctx.credentials.accessJwt) });
    const text = this.text(post);
    const hit = ((a.json as { records?: { uri: string; value: { text?: string; createdAt?: string } }[] }).records ?? []).find((r) => sameText(r.value.text ?? '', text));
    return hit ? { found: true, externalId: hit.uri, url: this.webUrl(ctx, hit.uri), publishedAt: hit.value.createdAt ?? new Date().toISOString() } : { found: false };
  }

  async fetchStatus(ctx: ChannelContext, externalId: string): Promise<PostStatus> {
    const q = new URLSearchParams({ repo: ctx.accountId ?? '', collection: COLLECTION, rkey: rkeyOf(externalId) });
    try {
      await this.requestWithRetry({ method: 'GET', url: `${this.service(ctx)}/xrpc/com.atproto.repo.getRecord?${q}`, headers: bearer(ctx.credentials.accessJwt) });
      return 'live';
    } catch (err) {
      if (err instanceof ProviderError && (err.extra.status === 400 || err.extra.status === 404)) return 'missing';
      throw err;
    }
  }

  async metrics(ctx: ChannelContext, externalId: string): Promise<PostMetricsReading> {
    const a = await this.requestWithRetry({
      method: 'GET',
      url: `${this.service(ctx)}/xrpc/app.bsky.feed.getPosts?uris=${encodeURIComponent(externalId)}`,
      headers: bearer(ctx.credentials.accessJwt),
    });
    const p = (a.json as { posts?: { likeCount?: number; repostCount?: number; replyCount?: number; quoteCount?: number }[] }).posts?.[0];
    return { impressions: 0, engagements: (p?.likeCount ?? 0) + (p?.repostCount ?? 0) + (p?.replyCount ?? 0) + (p?.quoteCount ?? 0), clicks: 0 };
  }

  protected override platformMessage(a: HttpAnswer): string {
    const j = a.json as { error?: string; message?: string } | null;
    return j?.error ? `${j.error}${j.message ? `: ${j.message}` : ''}` : super.platformMessage(a);
  }

  /** `userWaiting`: on connect, one attempt within CHANNEL_CONNECT_TIMEOUT_MS; in a refresh, retried. */
  private async createSession(service: string, identifier: string, password: string, userWaiting = false): Promise<Session> {
    const req = { method: 'POST', url: `${service}/xrpc/com.atproto.server.createSession`, json: { identifier, password } } as const;
    const a = userWaiting ? await this.verify(req) : await this.requestWithRetry(req);
    const s = a.json as Session;
    if (!s?.accessJwt || !s.did) throw new ProviderError('permanent', 'BAD_RESPONSE', 'Bluesky answered a session without tokens');
    return s;
  }

  private service(ctx: ChannelContext): string {
    return ctx.config.serviceUrl || this.settings.bluesky.serviceUrl;
  }

  private webUrl(ctx: ChannelContext, uri: string): string {
    return `https://bsky.app/profile/${ctx.config.handle || ctx.accountId}/post/${rkeyOf(uri)}`;
  }
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const rkeyOf = (uri: string) => uri.split('/').pop() ?? uri;

/** The access JWT's own expiry (its `exp` claim), else two hours, Bluesky's usual lifetime. */
function jwtExpiry(jwt: string): Date {
  try {
    const claims = JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString('utf8')) as { exp?: number };
    if (typeof claims.exp === 'number') return new Date(claims.exp * 1000);
  } catch {
    // not a JWT we can read: use the default
  }
  return new Date(Date.now() + 2 * 3600_000);
}

/** Hashtag facets: byte offsets in UTF-8, as the AT Protocol's rich text counts them. */
export function tagFacets(text: string): { index: { byteStart: number; byteEnd: number }; features: { $type: string; tag: string }[] }[] {
  const facets = [];
  for (const m of text.matchAll(/(^|\s)#([^\s#.,!?;:]+)/gu)) {
    const start = Buffer.byteLength(text.slice(0, (m.index ?? 0) + m[1].length));
    const end = start + Buffer.byteLength(`#${m[2]}`);
    facets.push({ index: { byteStart: start, byteEnd: end }, features: [{ $type: 'app.bsky.richtext.facet#tag', tag: m[2] }] });
  }
  return facets;
}
