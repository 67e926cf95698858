import type { OutboundMedia, OutboundPost, PostMetricsReading, PublishOutcome, ReconcileOutcome } from '../channel-gateway.port';
import { ChannelProviderBase, type HttpAnswer } from './channel-provider.base';
import { type ChannelContext, type ConnectedAccount, type ConnectInput, type PostStatus, ProviderError, type RefreshedCredentials } from './channel-provider';
import { type ExternalCard, type LinkCardOptions, readCardImage, readLinkCard } from './bluesky-link-card';
import { firstLink, richTextFacets } from './bluesky-rich-text';
import { sameText } from './oauth-token';
import { type FittedImage, fitImage } from './image-fit';

interface Session {
  accessJwt: string;
  refreshJwt: string;
  did: string;
  handle: string;
}

const COLLECTION = 'app.bsky.feed.post';

/** An uploaded blob, as uploadBlob answers it and a record refers to it. */
interface BlobRef {
  $type: 'blob';
  ref: { $link: string };
  mimeType: string;
  size: number;
}

/**
 * Bluesky (AT Protocol): a handle and an app password open a session
 * (com.atproto.server.createSession); the short-lived access JWT is renewed with refreshSession,
 * and when the refresh JWT itself has expired, a new session is opened with the app password —
 * only a refused app password means a reconnect. Posts are app.bsky.feed.post records
 * (com.atproto.repo.createRecord) with rich text: link, mention and hashtag facets at UTF-8 byte
 * offsets, mentions resolved to DIDs through the PDS, and a link card for the first link (ADR 146).
 * RateLimit-Reset is in epoch seconds.
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
      const a = await this.requestWithRetry({
        method: 'POST',
        url: `${service}/xrpc/com.atproto.server.refreshSession`,
        headers: bearer(ctx.credentials.refreshJwt),
      });
      s = a.json as Session;
    } catch (err) {
      // An expired or revoked refresh JWT: the app password can still open a new session.
      if (!(err instanceof ProviderError) || (err.kind !== 'revoked' && !(err.extra.status === 400))) throw err;
      s = await this.createSession(service, ctx.config.handle, ctx.credentials.appPassword);
    }
    return { credentials: { appPassword: ctx.credentials.appPassword, accessJwt: s.accessJwt, refreshJwt: s.refreshJwt }, expiresAt: jwtExpiry(s.accessJwt) };
  }

  async publish(ctx: ChannelContext, post: OutboundPost): Promise<PublishOutcome> {
    const text = this.text(post);
    const images = (post.media ?? []).filter((m) => m.kind === 'image');
    const embedded: { image: BlobRef; alt: string; aspectRatio?: { width: number; height: number } }[] = [];
    for (const m of images) {
      try {
        embedded.push(await this.uploadImage(ctx, m));
      } catch (err) {
        return this.uploadFailure(err, `Bluesky refused ${m.fileName}`);
      }
    }
    // A post with images has no link card (one embed a post); neither read can fail the post.
    const link = embedded.length === 0 ? firstLink(text) : null;
    const [facets, card] = await Promise.all([richTextFacets(text, (handle) => this.resolveHandle(ctx, handle)), link ? this.linkCard(ctx, link) : null]);
    const record: Record<string, unknown> = { $type: COLLECTION, text, createdAt: new Date().toISOString() };
    if (facets.length > 0) record.facets = facets;
    if (embedded.length > 0) record.embed = { $type: 'app.bsky.embed.images', images: embedded };
    else if (card) record.embed = { $type: 'app.bsky.embed.external', external: card };
    return this.publishWith(
      {
        method: 'POST',
        url: `${this.service(ctx)}/xrpc/com.atproto.repo.createRecord`,
        headers: bearer(ctx.credentials.accessJwt),
        json: { repo: ctx.accountId, collection: COLLECTION, record },
      },
      (a) => {
        const uri = (a.json as { uri?: string }).uri;
        if (!uri) throw new Error('no uri');
        return { kind: 'published', externalId: uri, url: this.webUrl(ctx, uri), publishedAt: new Date().toISOString() };
      },
    );
  }

  /**
   * One image of app.bsky.embed.images: the bytes as a blob (com.atproto.repo.uploadBlob, at most
   * 1,000,000 bytes by the lexicon: a larger image is re-encoded to fit), its alt text, and its
   * aspect ratio so clients lay it out before loading it.
   */
  private async uploadImage(ctx: ChannelContext, m: OutboundMedia): Promise<{ image: BlobRef; alt: string; aspectRatio?: { width: number; height: number } }> {
    const max = this.limits().media.image?.maxBytes ?? 1_000_000;
    let fitted: FittedImage;
    try {
      fitted = await fitImage(m.bytes, m.mimeType, max);
    } catch (err) {
      throw new ProviderError('permanent', 'MEDIA_TOO_LARGE', (err as Error).message);
    }
    const a = await this.requestWithRetry({
      method: 'POST',
      url: `${this.service(ctx)}/xrpc/com.atproto.repo.uploadBlob`,
      headers: { ...bearer(ctx.credentials.accessJwt), 'content-type': fitted.mimeType },
      body: fitted.bytes,
    });
    const blob = (a.json as { blob?: Partial<BlobRef> } | null)?.blob;
    if (blob?.$type !== 'blob' || typeof blob.ref?.$link !== 'string')
      throw new ProviderError('permanent', 'BAD_RESPONSE', 'Bluesky answered an upload without a blob');
    const image: { image: BlobRef; alt: string; aspectRatio?: { width: number; height: number } } = { image: blob as BlobRef, alt: m.altText ?? '' };
    if (fitted.width > 0 && fitted.height > 0) image.aspectRatio = { width: fitted.width, height: fitted.height };
    return image;
  }

  /**
   * The link card of the post's first link (ADR 146): the page read through the outbound guard,
   * and its image, when it has one, uploaded as the card's thumbnail blob. No card when the page
   * cannot be read; no thumbnail when the image cannot be read or uploaded.
   */
  private async linkCard(ctx: ChannelContext, link: string): Promise<(ExternalCard & { thumb?: BlobRef }) | null> {
    const opts: LinkCardOptions = {
      policy: { allowPrivate: this.settings.allowPrivateUrls, resolve: this.settings.resolve },
      timeoutMs: this.settings.bluesky.linkCardTimeoutMs,
    };
    const page = await readLinkCard(link, opts);
    if (!page) return null;
    const card: ExternalCard & { thumb?: BlobRef } = { uri: page.uri, title: page.title, description: page.description };
    const image = page.image ? await readCardImage(page.image, opts) : null;
    if (image) {
      try {
        const a = await this.request({
          method: 'POST',
          url: `${this.service(ctx)}/xrpc/com.atproto.repo.uploadBlob`,
          headers: { ...bearer(ctx.credentials.accessJwt), 'content-type': image.mimeType },
          body: image.bytes,
        });
        const blob = (a.json as { blob?: Partial<BlobRef> } | null)?.blob;
        if (blob?.$type === 'blob' && typeof blob.ref?.$link === 'string') card.thumb = blob as BlobRef;
      } catch {
        // A card without a thumbnail is still a card.
      }
    }
    return card;
  }

  /**
   * A handle's DID, asked of the PDS as the official client does (com.atproto.identity.resolveHandle).
   * Null when the handle does not resolve (HandleNotFound) or the PDS cannot tell after the usual
   * retries: the mention then stays plain text and the post still goes out.
   */
  private async resolveHandle(ctx: ChannelContext, handle: string): Promise<string | null> {
    try {
      const a = await this.requestWithRetry({
        method: 'GET',
        url: `${this.service(ctx)}/xrpc/com.atproto.identity.resolveHandle?${new URLSearchParams({ handle })}`,
        headers: bearer(ctx.credentials.accessJwt),
      });
      const did = (a.json as { did?: unknown } | null)?.did;
      return typeof did === 'string' && /^did:[a-z]+:[a-zA-Z0-9._:%-]+$/.test(did) ? did : null;
    } catch {
      return null;
    }
  }

  async reconcile(ctx: ChannelContext, post: OutboundPost): Promise<ReconcileOutcome> {
    const q = new URLSearchParams({ repo: ctx.accountId ?? '', collection: COLLECTION, limit: '50' });
    const a = await this.requestWithRetry({
      method: 'GET',
      url: `${this.service(ctx)}/xrpc/com.atproto.repo.listRecords?${q}`,
      headers: bearer(ctx.credentials.accessJwt),
    });
    const text = this.text(post);
    const hit = ((a.json as { records?: { uri: string; value: { text?: string; createdAt?: string } }[] }).records ?? []).find((r) =>
      sameText(r.value.text ?? '', text),
    );
    return hit
      ? { found: true, externalId: hit.uri, url: this.webUrl(ctx, hit.uri), publishedAt: hit.value.createdAt ?? new Date().toISOString() }
      : { found: false };
  }

  async fetchStatus(ctx: ChannelContext, externalId: string): Promise<PostStatus> {
    const q = new URLSearchParams({ repo: ctx.accountId ?? '', collection: COLLECTION, rkey: rkeyOf(externalId) });
    try {
      await this.requestWithRetry({
        method: 'GET',
        url: `${this.service(ctx)}/xrpc/com.atproto.repo.getRecord?${q}`,
        headers: bearer(ctx.credentials.accessJwt),
      });
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
