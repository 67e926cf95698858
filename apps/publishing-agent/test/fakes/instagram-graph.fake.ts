import { randomBytes } from 'node:crypto';
import sharp from 'sharp';
import type { FakeRequest, FakeReply, FakeRoute } from './fake-platform';
import { sniffMime } from './fake-platform';
import { type FormLike, graph, graphTime, MetaGraphFake } from './meta-graph.fake';

export interface FakeIgContainer {
  id: string;
  kind: 'IMAGE' | 'REELS' | 'CAROUSEL';
  caption: string;
  /** The URL Instagram was given, and what it fetched there. */
  url?: string;
  mimeType?: string;
  altText?: string;
  carouselItem: boolean;
  children: string[];
  status: 'IN_PROGRESS' | 'FINISHED' | 'ERROR' | 'EXPIRED' | 'PUBLISHED';
  /** Text of `status` when the container is in ERROR. */
  error?: string;
  /** Status reads left before a reel is processed. */
  pollsLeft: number;
  createdAt: number;
}

export interface FakeIgMedia {
  id: string;
  caption: string;
  media_type: 'IMAGE' | 'VIDEO' | 'CAROUSEL_ALBUM';
  media_product_type: 'FEED' | 'REELS';
  permalink: string;
  timestamp: string;
  /** The containers it was made from (children for a carousel). */
  container: string;
  children: string[];
  at: number;
}

const V = '/v23.0';
const DAY_MS = 86_400_000;
const IMAGE_MAX = 8 * 1024 * 1024;

/**
 * The Instagram Platform's content publishing on the Graph API (graph.facebook.com), ADR 176, on
 * top of MetaGraphFake's Facebook Login and Pages (same host, same tokens): the Page has an
 * Instagram professional account linked (`instagram_business_account` on /me/accounts).
 * - POST /{ig-user-id}/media: `image_url` (+ `alt_text`, `is_carousel_item`), `media_type=REELS`
 *   + `video_url`, or `media_type=CAROUSEL` + `children`; `VIDEO` is refused as Instagram does
 *   since November 2023. Instagram fetches the URL itself ("the media must be hosted on a publicly
 *   accessible server"): here from 127.0.0.1. An image must be a JPEG up to 8 MB with an aspect
 *   ratio from 4:5 to 1.91:1; a URL it cannot fetch is 9004/2207052.
 * - GET /{container-id}?fields=status_code,status: IN_PROGRESS while a reel is processed
 *   (`reelPolls` reads), FINISHED, ERROR (with `status`), EXPIRED after 24 hours, PUBLISHED.
 * - POST /{ig-user-id}/media_publish (creation_id): the post; 9007/2207027 before FINISHED; at the
 *   limit of 50 posts in a moving 24 hours 9/2207042.
 * - GET /{ig-user-id}/content_publishing_limit, GET /{ig-user-id}/media, GET /{ig-media-id},
 *   GET /{ig-media-id}/insights. Bad tokens answer 190 as on the Pages API.
 */
export class InstagramGraphFake extends MetaGraphFake {
  readonly ig = { id: '17841400000000001', username: 'acmecoffee' };
  readonly containers = new Map<string, FakeIgContainer>();
  readonly media: FakeIgMedia[] = [];
  /** Every media URL Instagram was asked to fetch, and the status it got there. */
  readonly fetched: { url: string; status: number }[] = [];
  quotaTotal = 50;
  /** Posts made through the API in the window before this fake started (the limit counts them). */
  priorPublishes = 0;
  /** Status reads a reel stays IN_PROGRESS. */
  reelPolls = 1;
  /** Runs after each container is made: what happens on Instagram's side meanwhile (another app posting, a day passing). */
  afterContainer: (() => void) | null = null;
  private igSeq = 1;

  constructor(opts: { latencyMs?: number } = {}) {
    super(opts);
    this.instagramAccount = { ...this.ig };
  }

  /** Every container made so far is older than 24 hours. */
  ageContainers(): void {
    for (const c of this.containers.values()) c.createdAt -= DAY_MS + 60_000;
  }

  /** Posts published through the API within the moving 24 hours. */
  quotaUsage(now = Date.now()): number {
    return this.priorPublishes + this.media.filter((m) => now - m.at < DAY_MS).length;
  }

  protected override routeOf(req: FakeRequest): FakeRoute | null {
    if (req.method === 'POST' && req.path === `${V}/${this.ig.id}/media_publish`) return 'publish';
    if (req.method === 'POST' && req.path === `${V}/${this.ig.id}/media`) return 'upload';
    return super.routeOf(req);
  }

  protected override async answer(req: FakeRequest): Promise<FakeReply> {
    if (!req.path.startsWith(`${V}/`) || req.path.includes('oauth')) return super.answer(req);
    const parts = req.path.slice(V.length + 1).split('/');
    const ours = parts[0] === this.ig.id || this.containers.has(parts[0]) || this.media.some((m) => m.id === parts[0]);
    if (!ours) return super.answer(req);
    const reply = await this.answerInstagram(req, parts);
    if (req.method === 'POST' && parts[1] === 'media' && reply.status === 200) this.afterContainer?.();
    return reply;
  }

  private async answerInstagram(req: FakeRequest, parts: string[]): Promise<FakeReply> {
    const params = await this.params(req);
    const token = params.get('access_token') ?? '';
    if (!this.pageTokens.has(token)) return this.badToken(token);

    if (parts[0] === this.ig.id) {
      if (req.method === 'POST' && parts[1] === 'media') return this.createContainer(params);
      if (req.method === 'POST' && parts[1] === 'media_publish') return this.publish(params);
      if (req.method === 'GET' && parts[1] === 'content_publishing_limit')
        return { status: 200, body: { data: [{ quota_usage: this.quotaUsage(), config: { quota_total: this.quotaTotal, quota_duration: 86_400 } }] } };
      if (req.method === 'GET' && parts[1] === 'media') {
        const limit = Math.min(Number(params.get('limit') ?? 25), 100);
        const data = [...this.media]
          .reverse()
          .slice(0, limit)
          .map((m) => this.mediaOf(m));
        return { status: 200, body: { data, paging: { cursors: { before: 'b', after: 'a' } } } };
      }
      if (req.method === 'GET' && parts.length === 1) return { status: 200, body: { id: this.ig.id, username: this.ig.username } };
    }
    const container = this.containers.get(parts[0]);
    if (container && req.method === 'GET' && parts.length === 1) {
      const status = this.statusOf(container);
      return {
        status: 200,
        body: {
          status_code: status,
          ...(status === 'ERROR'
            ? { status: container.error }
            : { status: status === 'FINISHED' ? 'Finished: Media has been uploaded and it is ready to be published.' : status }),
          id: container.id,
        },
      };
    }
    const m = this.media.find((x) => x.id === parts[0]);
    if (m && req.method === 'GET' && parts[1] === 'insights') {
      const metric = (name: string, value: number) => ({ name, period: 'lifetime', values: [{ value }], title: name, id: `${m.id}/insights/${name}/lifetime` });
      return { status: 200, body: { data: [metric('views', 830), metric('total_interactions', 61)] } };
    }
    if (m && req.method === 'GET' && parts.length === 1) return { status: 200, body: this.mediaOf(m) };
    return graph(400, `Unsupported ${req.method} request.`, 'GraphMethodException', 100);
  }

  private statusOf(c: FakeIgContainer): FakeIgContainer['status'] {
    if (c.status === 'IN_PROGRESS' && c.pollsLeft-- <= 0) c.status = 'FINISHED';
    if ((c.status === 'FINISHED' || c.status === 'IN_PROGRESS') && Date.now() - c.createdAt > DAY_MS) c.status = 'EXPIRED';
    return c.status;
  }

  private async createContainer(p: FormLike): Promise<FakeReply> {
    const type = p.get('media_type');
    const caption = p.get('caption') ?? '';
    if ([...caption].length > 2200) return graph(400, 'The caption is too long: it can have up to 2200 characters.', 'OAuthException', 100);
    if ((caption.match(/#[\p{L}\p{N}_]+/gu) ?? []).length > 30) return graph(400, 'The caption has more than 30 hashtags.', 'OAuthException', 100);
    const base = { id: this.nextId(), caption, carouselItem: p.get('is_carousel_item') === 'true', children: [], pollsLeft: 0, createdAt: Date.now() };
    if (type === 'VIDEO')
      return graph(400, 'The VIDEO media type is no longer supported for feed videos. Use REELS instead.', 'OAuthException', 100, { error_subcode: 2207067 });
    if (type === 'CAROUSEL') {
      const children = (p.get('children') ?? '').split(',').filter(Boolean);
      if (children.length < 2 || children.length > 10)
        return graph(400, '(#100) The parameter children must hold 2 to 10 container ids', 'OAuthException', 100);
      for (const id of children) {
        const c = this.containers.get(id);
        if (!c || !c.carouselItem || this.statusOf(c) !== 'FINISHED')
          return graph(400, `(#100) Child ${id} is not a finished carousel item of this account`, 'OAuthException', 100);
      }
      const c: FakeIgContainer = { ...base, kind: 'CAROUSEL', children, status: 'FINISHED' };
      this.containers.set(c.id, c);
      return { status: 200, body: { id: c.id } };
    }
    if (type === 'REELS') {
      const url = p.get('video_url');
      if (!url) return graph(400, '(#100) The parameter video_url is required', 'OAuthException', 100);
      if (base.carouselItem) return graph(400, '(#100) Reels cannot be carousel items', 'OAuthException', 100);
      const got = await this.download(url);
      const mime = got.bytes ? sniffMime(got.bytes) : null;
      const c: FakeIgContainer = { ...base, kind: 'REELS', url, mimeType: mime ?? undefined, status: 'IN_PROGRESS', pollsLeft: this.reelPolls };
      // A reel is fetched and processed after the container is made: what fails shows as ERROR.
      if (!got.bytes) Object.assign(c, { status: 'ERROR', error: 'Error: Media download has failed. The media URI doesn’t meet our requirements.' });
      else if (mime !== 'video/mp4' && mime !== 'video/quicktime')
        Object.assign(c, {
          status: 'ERROR',
          error: 'Error: Unsupported format: The video format is not supported. Please check spec for supported video formats.',
        });
      this.containers.set(c.id, c);
      return { status: 200, body: { id: c.id } };
    }
    if (type && type !== 'IMAGE') return graph(400, `(#100) Unsupported media_type ${type}`, 'OAuthException', 100);
    const url = p.get('image_url');
    if (!url) return graph(400, '(#100) The parameter image_url is required', 'OAuthException', 100);
    const got = await this.download(url);
    if (!got.bytes)
      return graph(400, 'Media download has failed. The media URI doesn’t meet our requirements.', 'OAuthException', 9004, {
        error_subcode: 2207052,
        error_user_title: 'Media download has failed',
      });
    if (sniffMime(got.bytes) !== 'image/jpeg')
      return graph(400, 'The image format is not supported.', 'OAuthException', 36001, {
        error_subcode: 2207005,
        error_user_msg: 'The image format is not supported. Supported formats are: JPEG',
      });
    if (got.bytes.length > IMAGE_MAX)
      return graph(400, 'The image size is too large.', 'OAuthException', 36000, {
        error_subcode: 2207004,
        error_user_msg: 'The image is too large to download. It should be less than 8 MiB.',
      });
    const meta = await sharp(got.bytes).metadata();
    const ratio = (meta.width ?? 1) / (meta.height ?? 1);
    if (ratio < 0.8 || ratio > 1.91)
      return graph(
        400,
        `The submitted image with aspect ratio ('${meta.width}', '${meta.height}') cannot be published. Please submit an image with a valid aspect ratio.`,
        'OAuthException',
        36003,
        {
          error_subcode: 2207009,
        },
      );
    const c: FakeIgContainer = { ...base, kind: 'IMAGE', url, mimeType: 'image/jpeg', altText: p.get('alt_text') ?? undefined, status: 'FINISHED' };
    this.containers.set(c.id, c);
    return { status: 200, body: { id: c.id } };
  }

  private publish(p: FormLike): FakeReply {
    const c = this.containers.get(p.get('creation_id') ?? '');
    if (!c || c.carouselItem) return graph(400, '(#100) The parameter creation_id is not a container of this account', 'OAuthException', 100);
    if (this.quotaUsage() >= this.quotaTotal)
      return graph(400, 'Application request limit reached', 'OAuthException', 9, {
        error_subcode: 2207042,
        is_transient: false,
        error_user_title: 'Publishing limit reached',
        error_user_msg: 'You reached maximum number of posts that is allowed to be published by Content Publishing API.',
      });
    const status = this.statusOf(c);
    if (status === 'EXPIRED')
      return graph(400, 'The media you are trying to access has expired. Please try to upload again.', 'OAuthException', -2, { error_subcode: 2207020 });
    if (status === 'PUBLISHED') return graph(400, '(#100) This container was already published', 'OAuthException', 100);
    if (status !== 'FINISHED')
      return graph(400, 'Media ID is not available', 'OAuthException', 9007, {
        error_subcode: 2207027,
        error_user_msg: 'The media is not ready for publishing, please wait for a moment',
      });
    c.status = 'PUBLISHED';
    const reel = c.kind === 'REELS';
    const m: FakeIgMedia = {
      id: this.nextId(),
      caption: c.caption,
      media_type: reel ? 'VIDEO' : c.kind === 'CAROUSEL' ? 'CAROUSEL_ALBUM' : 'IMAGE',
      media_product_type: reel ? 'REELS' : 'FEED',
      permalink: `https://www.instagram.com/${reel ? 'reel' : 'p'}/${randomBytes(8).toString('base64url').slice(0, 11)}/`,
      timestamp: graphTime(new Date()),
      container: c.id,
      children: c.children,
      at: Date.now(),
    };
    this.media.push(m);
    return { status: 200, body: { id: m.id } };
  }

  private mediaOf(m: FakeIgMedia) {
    return { id: m.id, caption: m.caption, media_type: m.media_type, media_product_type: m.media_product_type, permalink: m.permalink, timestamp: m.timestamp };
  }

  /** Instagram cURLs the media at the time of the attempt: a refused or unreachable URL is no media. */
  private async download(url: string): Promise<{ bytes: Buffer | null }> {
    let u: URL;
    try {
      u = new URL(url);
    } catch {
      return { bytes: null };
    }
    if (u.hostname !== '127.0.0.1' && u.hostname !== 'localhost') return { bytes: null }; // tests reach loopback only
    try {
      const res = await fetch(u, { signal: AbortSignal.timeout(5_000), redirect: 'manual' });
      this.fetched.push({ url, status: res.status });
      if (res.status !== 200) return { bytes: null };
      return { bytes: Buffer.from(await res.arrayBuffer()) };
    } catch {
      this.fetched.push({ url, status: 0 });
      return { bytes: null };
    }
  }

  private nextId(): string {
    return String(17900000000000000n + BigInt(this.igSeq++));
  }
}
