import { renderPost } from '@mt/ai';
import type { OutboundPost, PostMetricsReading, PublishOutcome, ReconcileOutcome } from '../channel-gateway.port';
import { ChannelProviderBase, type HttpAnswer, type HttpRequest, TransportFailure } from './channel-provider.base';
import {
  type ChannelContext,
  type ConnectedAccount,
  type OAuthAuthorizeRequest,
  type OAuthChannelProvider,
  type OAuthCodeExchange,
  type PostStatus,
  ProviderError,
  type RefreshedCredentials,
} from './channel-provider';
import {
  businessUseCaseWaitMs,
  GRAPH_RATE_LIMIT_CODES,
  graphError,
  type GraphErrorPolicy,
  graphMessage,
  graphProviderError,
  graphPublishFailure,
  graphTimeToIso,
} from './graph-errors';
import { sameText } from './oauth-token';

interface ThreadsMedia {
  id: string;
  text?: string;
  permalink?: string;
  timestamp?: string;
  media_type?: string;
}

/** Graph's rate limits (graph-errors.ts); a Graph error no rule names is classified by its HTTP status. */
const THREADS_GRAPH_ERRORS: GraphErrorPolicy = { rateLimitCodes: new Set(GRAPH_RATE_LIMIT_CODES), otherOnPublish: 'by-status' };

/**
 * Threads (Meta's Threads API on graph.threads.net), ADR 151.
 * - OAuth: threads.net/oauth/authorize → code; POST /oauth/access_token (app id and secret) →
 *   a short-lived token (1 hour) and the user id; GET /access_token?grant_type=th_exchange_token →
 *   a long-lived token (60 days); GET /refresh_access_token?grant_type=th_refresh_token renews an
 *   unexpired long-lived token (there is no refresh token: the access token refreshes itself).
 * - Publish in two steps: POST /{user-id}/threads (media_type=TEXT, text, link_attachment) → a
 *   container id; its status must be FINISHED; POST /{user-id}/threads_publish (creation_id) → the
 *   media id; GET /{media-id}?fields=permalink.
 * - Errors in the Graph shape `{error:{message,type,code,error_subcode,fbtrace_id}}`, usually with
 *   HTTP 400: code 190 is an invalid token, 4/17/32/613 a rate limit, 1/2 temporary.
 * - No idempotency key: reconcile reads the account's recent threads and matches the text.
 */
export class ThreadsProvider extends ChannelProviderBase implements OAuthChannelProvider {
  readonly platform = 'threads' as const;
  readonly authKind = 'oauth' as const;
  readonly credentialFields: readonly string[] = [];
  readonly configFields: readonly string[] = [];

  override configured(): boolean {
    return !!(this.settings.threads.appId && this.settings.threads.appSecret);
  }

  async connect(): Promise<ConnectedAccount> {
    throw new ProviderError('invalid', 'VALIDATION_FAILED', `${this.label()} connects through OAuth: GET /connections/${this.platform}/oauth/start`);
  }

  /** Threads' authorization window takes no PKCE parameters; the state binds the callback (ADR 104). */
  authorizeUrl(req: OAuthAuthorizeRequest): string {
    const u = new URL(this.settings.threads.authorizeUrl);
    u.search = new URLSearchParams({
      client_id: this.settings.threads.appId ?? '',
      redirect_uri: req.redirectUri,
      scope: this.settings.threads.scopes,
      response_type: 'code',
      state: req.state,
    }).toString();
    return u.toString();
  }

  /**
   * Code → short-lived token (and the user id) → long-lived token → who it is. Each step once, and
   * the three share one CHANNEL_CONNECT_TIMEOUT_MS: the user is waiting behind the gateway's RPC timeout.
   */
  async exchangeCode(req: OAuthCodeExchange): Promise<ConnectedAccount> {
    const deadline = Date.now() + this.settings.connectTimeoutMs;
    const left = () => Math.max(1, deadline - Date.now());
    const short = await this.tokenCall({
      method: 'POST',
      url: `${this.settings.threads.apiUrl}/oauth/access_token`,
      form: {
        client_id: this.settings.threads.appId ?? '',
        client_secret: this.settings.threads.appSecret ?? '',
        grant_type: 'authorization_code',
        redirect_uri: req.redirectUri,
        code: req.code,
      },
      timeoutMs: left(),
    });
    const long = await this.tokenCall({
      method: 'GET',
      url: `${this.settings.threads.apiUrl}/access_token?${new URLSearchParams({ grant_type: 'th_exchange_token', client_secret: this.settings.threads.appSecret ?? '', access_token: short.access_token })}`,
      timeoutMs: left(),
    });
    const me = await this.request({ method: 'GET', url: this.api('me', long.access_token, { fields: 'id,username,name' }), timeoutMs: left() });
    const user = me.json as { id?: string; username?: string; name?: string } | null;
    if (!user?.id) throw new ProviderError('permanent', 'BAD_RESPONSE', 'Threads did not say who the token belongs to');
    return {
      accountId: user.id,
      displayName: user.username ? `@${user.username}` : (user.name ?? 'Threads profile'),
      config: { username: user.username ?? '' },
      credentials: { accessToken: long.access_token },
      expiresAt: expiry(long.expires_in),
    };
  }

  /**
   * th_refresh_token renews the long-lived token itself (it must be unexpired and at least 24 hours
   * old). An expired or revoked token answers code 190: the user must authorise again.
   */
  override async refresh(ctx: ChannelContext): Promise<RefreshedCredentials> {
    const token = await this.withRetry(() =>
      this.tokenCall({
        method: 'GET',
        url: `${this.settings.threads.apiUrl}/refresh_access_token?${new URLSearchParams({ grant_type: 'th_refresh_token', access_token: ctx.credentials.accessToken ?? '' })}`,
      }),
    );
    return { credentials: { accessToken: token.access_token }, expiresAt: expiry(token.expires_in) };
  }

  async publish(ctx: ChannelContext, post: OutboundPost): Promise<PublishOutcome> {
    const userId = ctx.accountId;
    if (!userId) return { kind: 'permanent', code: 'NO_ACCOUNT', message: 'the Threads connection has no user id' };
    const text = threadsText(post);
    const link = firstLink(text);
    // Step 1: the container. No post exists until step 2, so every failure here may be retried.
    const created = await this.publishWith(
      {
        method: 'POST',
        url: `${this.settings.threads.apiUrl}/${this.settings.threads.apiVersion}/${encodeURIComponent(userId)}/threads`,
        form: { media_type: 'TEXT', text, ...(link ? { link_attachment: link } : {}), access_token: ctx.credentials.accessToken },
      },
      (a) => {
        const id = (a.json as { id?: string } | null)?.id;
        if (!id) throw new Error('no container id');
        return { kind: 'published', externalId: id, url: null, publishedAt: '' };
      },
    );
    if (created.kind === 'unknown')
      return {
        kind: 'retryable',
        code: 'PLATFORM_UNAVAILABLE',
        message: `Threads did not confirm the post's container (${created.reason}); nothing was published`,
      };
    if (created.kind !== 'published') return created;
    const containerId = created.externalId;

    const ready = await this.containerReady(ctx, containerId);
    if (ready) return ready;

    // Step 2: publishing the container makes the post. From here an unanswered call is `unknown`.
    const published = await this.publishWith(
      {
        method: 'POST',
        url: `${this.settings.threads.apiUrl}/${this.settings.threads.apiVersion}/${encodeURIComponent(userId)}/threads_publish`,
        form: { creation_id: containerId, access_token: ctx.credentials.accessToken },
      },
      (a) => {
        const id = (a.json as { id?: string } | null)?.id;
        if (!id) throw new Error('no media id');
        return { kind: 'published', externalId: id, url: null, publishedAt: new Date().toISOString() };
      },
    );
    if (published.kind !== 'published') return published;
    // The post is made: a failed permalink lookup leaves the URL empty, never the outcome in doubt.
    const media = await this.media(ctx, published.externalId, 'permalink,timestamp').catch(() => null);
    return { ...published, url: media?.permalink ?? null, publishedAt: media?.timestamp ? graphTimeToIso(media.timestamp) : published.publishedAt };
  }

  async reconcile(ctx: ChannelContext, post: OutboundPost): Promise<ReconcileOutcome> {
    if (!ctx.accountId) throw new ProviderError('permanent', 'NO_ACCOUNT', 'the Threads connection has no user id');
    const a = await this.requestWithRetry({
      method: 'GET',
      url: this.api(`${encodeURIComponent(ctx.accountId)}/threads`, ctx.credentials.accessToken, {
        fields: 'id,text,permalink,timestamp,media_type',
        limit: '25',
      }),
    });
    const text = threadsText(post);
    const hit = ((a.json as { data?: ThreadsMedia[] } | null)?.data ?? []).find((m) => sameText(m.text ?? '', text));
    return hit
      ? { found: true, externalId: hit.id, url: hit.permalink ?? null, publishedAt: hit.timestamp ? graphTimeToIso(hit.timestamp) : new Date().toISOString() }
      : { found: false };
  }

  async fetchStatus(ctx: ChannelContext, externalId: string): Promise<PostStatus> {
    return (await this.media(ctx, externalId, 'id')) ? 'live' : 'missing';
  }

  /** Threads' media insights: views, and likes + replies + reposts + quotes as engagements. */
  async metrics(ctx: ChannelContext, externalId: string): Promise<PostMetricsReading> {
    const a = await this.requestWithRetry({
      method: 'GET',
      url: this.api(`${encodeURIComponent(externalId)}/insights`, ctx.credentials.accessToken, { metric: 'views,likes,replies,reposts,quotes' }),
    });
    const values = new Map<string, number>();
    for (const m of (a.json as { data?: { name: string; values?: { value: number }[] }[] } | null)?.data ?? []) values.set(m.name, m.values?.[0]?.value ?? 0);
    const v = (n: string) => values.get(n) ?? 0;
    return { impressions: v('views'), engagements: v('likes') + v('replies') + v('reposts') + v('quotes'), clicks: 0 };
  }

  // ---- Graph errors (graph-errors.ts) ----

  protected override platformMessage(a: HttpAnswer): string {
    const e = graphError(a);
    return e ? graphMessage(e) : super.platformMessage(a);
  }

  protected override errorOf(a: HttpAnswer): ProviderError {
    const message = `${this.label()} answered ${a.status}: ${this.platformMessage(a)}`;
    return graphProviderError(a, message, THREADS_GRAPH_ERRORS, () => this.retryAfterMs(a.headers)) ?? super.errorOf(a);
  }

  protected override publishFailure(a: HttpAnswer): PublishOutcome {
    // 190 → AUTH_REVOKED: the gateway tries one refresh, which for an expired token answers 190 again → needs_reconnect.
    // Code 1/2 on threads_publish may come after the post was made: reconcile before retrying.
    const message = `${this.label()} answered ${a.status}: ${this.platformMessage(a)}`;
    return graphPublishFailure(a, message, THREADS_GRAPH_ERRORS, () => this.retryAfterMs(a.headers)) ?? super.publishFailure(a);
  }

  /**
   * Retry-After when sent; else Graph's X-Business-Use-Case-Usage, whose
   * estimated_time_to_regain_access is in minutes.
   */
  protected override retryAfterMs(h: Headers, now = Date.now()): number | undefined {
    return super.retryAfterMs(h, now) ?? businessUseCaseWaitMs(h);
  }

  // ---- helpers ----

  /**
   * Waits until the container is FINISHED (text containers usually are at once). Null when it is;
   * otherwise the outcome to answer: ERROR/EXPIRED are permanent, still IN_PROGRESS is retryable
   * (nothing was published; a retry makes a fresh container).
   */
  private async containerReady(ctx: ChannelContext, containerId: string): Promise<PublishOutcome | null> {
    for (let attempt = 0; ; attempt++) {
      let c: { status?: string; error_message?: string } | null;
      try {
        const a = await this.request({
          method: 'GET',
          url: this.api(encodeURIComponent(containerId), ctx.credentials.accessToken, { fields: 'status,error_message' }),
        });
        c = a.json as { status?: string; error_message?: string } | null;
      } catch (err) {
        if (err instanceof ProviderError && err.kind === 'revoked') return { kind: 'permanent', code: 'AUTH_REVOKED', message: err.message };
        if (err instanceof ProviderError && err.kind === 'transient')
          return { kind: 'retryable', code: err.code, message: err.message, retryAfterMs: err.extra.retryAfterMs };
        if (err instanceof ProviderError) return { kind: 'permanent', code: 'REJECTED', message: err.message };
        throw err;
      }
      const status = c?.status ?? 'FINISHED';
      if (status === 'FINISHED') return null;
      if (status === 'ERROR' || status === 'EXPIRED')
        return { kind: 'permanent', code: 'REJECTED', message: `Threads container ${status}${c?.error_message ? `: ${c.error_message}` : ''}` };
      if (status === 'PUBLISHED') return null;
      if (attempt >= this.settings.retries)
        return { kind: 'retryable', code: 'CONTAINER_NOT_READY', message: `Threads container still ${status}`, retryAfterMs: 30_000 };
      await new Promise((r) => setTimeout(r, this.settings.retryBaseMs * 2 ** attempt));
    }
  }

  /** A media object, or null when Threads says it does not exist. */
  private async media(ctx: ChannelContext, id: string, fields: string): Promise<ThreadsMedia | null> {
    try {
      const a = await this.requestWithRetry({ method: 'GET', url: this.api(encodeURIComponent(id), ctx.credentials.accessToken, { fields }) });
      return a.json as ThreadsMedia;
    } catch (err) {
      if (err instanceof ProviderError && err.extra.status === 404) return null;
      throw err;
    }
  }

  /** A token endpoint call: a Graph error is classified (190 revoked, rate limit and 1/2 transient). */
  private async tokenCall(req: HttpRequest): Promise<{ access_token: string; expires_in?: number }> {
    let a: HttpAnswer;
    try {
      a = await this.send(req);
    } catch (err) {
      if (err instanceof TransportFailure) throw new ProviderError('transient', 'PLATFORM_TIMEOUT', err.message);
      throw err;
    }
    if (a.status < 200 || a.status >= 300) {
      const e = this.errorOf(a);
      // A refused code (wrong redirect URI, used code) or token: the grant is not usable.
      if (e.kind === 'permanent' && graphError(a)?.type === 'OAuthException') throw new ProviderError('revoked', 'INVALID_GRANT', e.message, e.extra);
      throw e;
    }
    const t = a.json as { access_token?: unknown; expires_in?: unknown } | null;
    if (!t || typeof t.access_token !== 'string')
      throw new ProviderError('transient', 'BAD_TOKEN_RESPONSE', 'Threads answered a token response without access_token');
    return { access_token: t.access_token, expires_in: typeof t.expires_in === 'number' ? t.expires_in : undefined };
  }

  /** A versioned Graph URL with the token as the documented `access_token` parameter. */
  private api(path: string, accessToken: string | undefined, params: Record<string, string>): string {
    return `${this.settings.threads.apiUrl}/${this.settings.threads.apiVersion}/${path}?${new URLSearchParams({ ...params, access_token: accessToken ?? '' })}`;
  }
}

/** The post as Threads shows it: one topic tag at most (the first hashtag), ADR 151. */
export function threadsText(post: Pick<OutboundPost, 'body' | 'hashtags'>): string {
  return renderPost(post.body, post.hashtags.slice(0, 1));
}

/** The first http(s) link in the text: sent as link_attachment so Threads shows its preview card. */
export function firstLink(text: string): string | null {
  const m = /https?:\/\/[^\s<>"]+/.exec(text);
  return m ? m[0].replace(/[.,;:!?)\]]+$/, '') : null;
}

const expiry = (secs: number | undefined): Date | null => (typeof secs === 'number' ? new Date(Date.now() + secs * 1000) : null);
