import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import sharp from 'sharp';
import { verifyPublicMedia } from '@mt/runtime';
import type { OutboundMedia } from '../../src/channels/channel-gateway.port';
import { InstagramProvider } from '../../src/channels/providers/instagram.provider';
import type { ChannelContext } from '../../src/channels/providers/channel-provider';
import { InstagramGraphFake } from '../fakes/instagram-graph.fake';
import { ChannelHarness, post, testSettings, videoMedium } from './channel-harness';

const SECRET = 'media-url-secret-for-tests-0123456789abcdef';

/**
 * The gateway's public media route as Instagram meets it (GET /api/v1/public-media/{key}, ADR 176):
 * the bytes of one stored medium while its signature holds; the route itself is tested in the
 * channels e2e suite against the real gateway.
 */
class MediaHost {
  readonly blobs = new Map<string, Buffer>();
  url = '';
  private server: Server | null = null;

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const u = new URL(req.url ?? '/', 'http://host');
      const key = decodeURIComponent(u.pathname.replace(/^\/api\/v1\/public-media\//, ''));
      const q = Object.fromEntries(u.searchParams);
      const bytes = this.blobs.get(key);
      if (!bytes || !verifyPublicMedia(SECRET, { storageKey: key, ...q })) {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(200, { 'content-type': q.type, 'x-content-type-options': 'nosniff' }).end(bytes);
    });
    await new Promise<void>((r) => this.server?.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    await new Promise<void>((r) => (this.server ? this.server.close(() => r()) : r()));
  }

  /** Keeps the medium in the "library" under a key, as the media service does. */
  keep(m: OutboundMedia): OutboundMedia {
    const storageKey = `${randomUUID()}/${m.id}`;
    this.blobs.set(storageKey, m.bytes);
    return { ...m, storageKey };
  }
}

async function jpeg(width: number, height: number, over: Partial<OutboundMedia> = {}): Promise<OutboundMedia> {
  const bytes = await sharp({ create: { width, height, channels: 3, background: '#6f4e37' } })
    .jpeg()
    .toBuffer();
  return {
    id: randomUUID(),
    kind: 'image',
    mimeType: 'image/jpeg',
    fileName: 'beans.jpg',
    bytes,
    width,
    height,
    altText: 'Green coffee beans',
    focus: null,
    ...over,
  };
}

describe('InstagramProvider against the Instagram Graph API fake', () => {
  let fake: InstagramGraphFake;
  let host: MediaHost;
  let instagram: InstagramProvider;
  let h: ChannelHarness;
  const redirectUri = 'http://localhost:3000/api/v1/connections/instagram/oauth/callback';

  const authorize = async () => {
    const consent = await fetch(instagram.authorizeUrl({ state: 'st', codeChallenge: 'unused', redirectUri }), { redirect: 'manual' });
    expect(consent.status).toBe(302);
    const back = new URL(consent.headers.get('location') as string);
    return instagram.exchangeCode({ code: back.searchParams.get('code') as string, codeVerifier: 'unused', redirectUri });
  };
  const ctxOf = async (): Promise<ChannelContext> => {
    const a = await authorize();
    return { connectionId: 'c', credentials: a.credentials, config: a.config, accountId: a.accountId };
  };
  const photo = async (over: Partial<OutboundMedia> = {}) => host.keep(await jpeg(1080, 1350, over));

  beforeAll(async () => {
    fake = await new InstagramGraphFake().start();
    host = await new MediaHost().start();
    const settings = testSettings({
      META_GRAPH_URL: fake.url,
      META_AUTHORIZE_URL: fake.authorizeUrl,
      META_APP_ID: fake.appId,
      META_APP_SECRET: fake.appSecret,
      MEDIA_URL_SECRET: SECRET,
      MEDIA_PUBLIC_URL: host.url,
    });
    instagram = new InstagramProvider(settings);
    h = await new ChannelHarness(settings, [instagram]).start();
  });
  afterAll(async () => {
    await h?.stop();
    await fake?.stop();
    await host?.stop();
  });
  beforeEach(() => {
    fake.clearFailures();
    fake.instagramAccount = { ...fake.ig };
    fake.priorPublishes = 0;
    fake.reelPolls = 1;
    fake.afterContainer = null;
  });

  it('is configured only with the Meta app and the media URL secret, and is listed with its limits', () => {
    expect(instagram.configured()).toBe(true);
    expect(new InstagramProvider(testSettings({ META_APP_ID: 'a', META_APP_SECRET: 's' })).configured()).toBe(false);
    expect(instagram.limits()).toMatchObject({
      id: 'instagram',
      label: 'Instagram',
      maxLength: 2200,
      hashtags: { min: 3, max: 5 },
      media: {
        required: ['image', 'video'],
        image: { types: ['image/jpeg', 'image/png', 'image/webp'], sendAs: 'image/jpeg', maxCount: 10, aspectRatio: { min: 0.8, max: 1.91 } },
        video: { maxCount: 1 },
      },
    });
    const dialog = new URL(instagram.authorizeUrl({ state: 's', codeChallenge: 'c', redirectUri }));
    expect(dialog.searchParams.get('scope')).toBe('instagram_basic,instagram_content_publish,pages_show_list,pages_read_engagement');
  });

  it("connects the Instagram account linked to the user's Page, with the Page's token", async () => {
    const account = await authorize();
    expect(account).toMatchObject({
      accountId: fake.ig.id,
      displayName: '@acmecoffee',
      config: { pageId: fake.page.id, username: 'acmecoffee' },
    });
    expect(account.credentials.accessToken).toMatch(/^EAApage/);
    expect(account.expiresAt!.getTime()).toBeGreaterThan(Date.now() + 59 * 86_400_000);
    const accounts = fake.requests.filter((r) => r.path === '/v23.0/me/accounts').at(-1);
    expect(accounts?.query.get('fields')).toContain('instagram_business_account{id,username}');
  });

  it('refuses to connect when no Page has an Instagram professional account linked', async () => {
    fake.instagramAccount = null;
    await expect(authorize()).rejects.toMatchObject({
      kind: 'invalid',
      code: 'NO_INSTAGRAM_ACCOUNT',
      message: expect.stringContaining('Instagram professional account'),
    });
  });

  it('publishes an image: a container from the signed public URL with its alt text, then media_publish; id and permalink back', async () => {
    const ctx = await ctxOf();
    const p = post({ body: 'Autumn roast is here', hashtags: ['coffee', 'roastery'] });
    const out = await instagram.publish(ctx, { ...p, media: [await photo()] });
    const made = fake.media.at(-1)!;
    expect(out).toMatchObject({ kind: 'published', externalId: made.id, url: made.permalink });
    expect(made).toMatchObject({ caption: 'Autumn roast is here\n\n#coffee #roastery', media_type: 'IMAGE' });
    const container = fake.containers.get(made.container)!;
    expect(container).toMatchObject({ kind: 'IMAGE', altText: 'Green coffee beans', status: 'PUBLISHED' });
    expect(container.url).toMatch(new RegExp(`^${host.url}/api/v1/public-media/[0-9a-f-]+/[0-9a-f-]+\\?type=image%2Fjpeg&expires=\\d+&signature=`));
    expect(fake.fetched.at(-1)).toEqual({ url: container.url, status: 200 });
    const calls = fake.requests.slice(-5).map((r) => `${r.method} ${r.path.replace(/\d{6,}/g, ':id')}`);
    expect(calls).toEqual([
      'GET /v23.0/:id/content_publishing_limit',
      'POST /v23.0/:id/media',
      'GET /v23.0/:id',
      'POST /v23.0/:id/media_publish',
      'GET /v23.0/:id',
    ]);
  });

  it('publishes several images as one carousel of item containers', async () => {
    const ctx = await ctxOf();
    const media = [await photo(), await photo({ altText: 'A flat white' }), host.keep(await jpeg(1200, 1200))];
    const out = await instagram.publish(ctx, { ...post(), media });
    expect(out).toMatchObject({ kind: 'published' });
    const made = fake.media.at(-1)!;
    expect(made.media_type).toBe('CAROUSEL_ALBUM');
    expect(made.children.map((id) => fake.containers.get(id)!.altText)).toEqual(['Green coffee beans', 'A flat white', 'Green coffee beans']);
    expect(made.children.every((id) => fake.containers.get(id)!.carouselItem)).toBe(true);
  });

  it('publishes a video as a reel, waiting while Instagram processes it', async () => {
    const ctx = await ctxOf();
    fake.reelPolls = 2;
    const video = host.keep(videoMedium(4096));
    const out = await instagram.publish(ctx, { ...post({ body: 'Pour-over in slow motion' }), media: [video] });
    const made = fake.media.at(-1)!;
    expect(out).toMatchObject({ kind: 'published', url: expect.stringMatching(/^https:\/\/www\.instagram\.com\/reel\//) });
    expect(made).toMatchObject({ media_type: 'VIDEO', media_product_type: 'REELS' });
    expect(fake.requests.filter((r) => r.path === `/v23.0/${made.container}`)).toHaveLength(3);
  });

  it('refuses a post without media, and media Instagram cannot read, in its words; nothing is posted', async () => {
    const ctx = await ctxOf();
    const before = fake.media.length;
    expect(await instagram.publish(ctx, post())).toMatchObject({
      kind: 'permanent',
      code: 'MEDIA_REQUIRED',
      message: 'Instagram posts need an image or a video.',
    });
    const png = host.keep({
      ...(await jpeg(800, 800)),
      bytes: await sharp({ create: { width: 800, height: 800, channels: 3, background: '#000' } })
        .png()
        .toBuffer(),
    });
    expect(await instagram.publish(ctx, { ...post(), media: [png] })).toMatchObject({
      kind: 'permanent',
      code: 'MEDIA_REJECTED',
      message: expect.stringContaining('Supported formats are: JPEG (code 36001/2207005'),
    });
    expect(await instagram.publish(ctx, { ...post(), media: [host.keep(await jpeg(1080, 1920))] })).toMatchObject({
      kind: 'permanent',
      message: expect.stringContaining('cannot be published. Please submit an image with a valid aspect ratio. (code 36003/2207009'),
    });
    const bad = host.keep({ ...videoMedium(64), bytes: Buffer.from('not a video') });
    expect(await instagram.publish(ctx, { ...post(), media: [bad] })).toMatchObject({
      kind: 'permanent',
      code: 'MEDIA_REJECTED',
      message: expect.stringContaining('Unsupported format'),
    });
    expect(fake.media.length).toBe(before);
  });

  it('a URL Instagram cannot fetch (the medium gone from the library) is refused with 9004/2207052; the fetch was answered 404', async () => {
    const ctx = await ctxOf();
    const m = await photo();
    host.blobs.delete(m.storageKey!); // gone from the library between signing and fetching
    expect(await instagram.publish(ctx, { ...post(), media: [m] })).toMatchObject({
      kind: 'permanent',
      code: 'MEDIA_REJECTED',
      message: expect.stringContaining('Media download has failed. The media URI doesn’t meet our requirements. (code 9004/2207052'),
    });
    expect(fake.fetched.at(-1)?.status).toBe(404);
  });

  it('at the publishing limit (50 in 24 hours) waits without making a container; a limit met on media_publish (9/2207042) is retryable too', async () => {
    const ctx = await ctxOf();
    fake.priorPublishes = 50 - fake.quotaUsage();
    const containers = fake.containers.size;
    const out = await instagram.publish(ctx, { ...post(), media: [await photo()] });
    expect(out).toMatchObject({
      kind: 'retryable',
      code: 'RATE_LIMITED',
      message: expect.stringContaining('Instagram allows 50 posts through its API in 24 hours'),
    });
    expect(out.kind === 'retryable' && out.retryAfterMs).toBeGreaterThan(0);
    expect(fake.containers.size).toBe(containers);

    // The limit reached between the check and the publish (another app posting): Instagram's own refusal.
    fake.priorPublishes = 0;
    fake.afterContainer = () => (fake.priorPublishes = 50);
    const before = fake.media.length;
    expect(await instagram.publish(ctx, { ...post(), media: [await photo()] })).toMatchObject({
      kind: 'retryable',
      code: 'RATE_LIMITED',
      message: expect.stringContaining('You reached maximum number of posts that is allowed to be published by Content Publishing API. (code 9/2207042'),
    });
    expect(fake.media.length).toBe(before);
  });

  it('a container that expired is retried with a new one; a rate limit (code 32) is retryable; 190 is AUTH_REVOKED', async () => {
    const ctx = await ctxOf();
    fake.afterContainer = () => fake.ageContainers();
    expect(await instagram.publish(ctx, { ...post(), media: [await photo()] })).toMatchObject({ kind: 'retryable', code: 'CONTAINER_EXPIRED' });
    fake.afterContainer = null;
    fake.fail('rate-limit', { route: 'upload', times: 5 });
    expect(await instagram.publish(ctx, { ...post(), media: [await photo()] })).toMatchObject({ kind: 'retryable', code: 'RATE_LIMITED' });
    fake.clearFailures();
    expect(
      await instagram.publish({ ...ctx, credentials: { ...ctx.credentials, accessToken: 'EAAnot-a-token' } }, { ...post(), media: [await photo()] }),
    ).toMatchObject({
      kind: 'permanent',
      code: 'AUTH_REVOKED',
    });
  });

  it('after media_publish times out, reconcile finds the post, so the retry makes no second one', async () => {
    const ctx = await ctxOf();
    const p = { ...post({ body: `Reconcile me ${Date.now()}` }), media: [await photo()] };
    fake.fail('timeout-after-accepting');
    expect(await h.timingOut(() => instagram.publish(ctx, p), 1_500)).toMatchObject({ kind: 'unknown' });
    const made = fake.media.filter((m) => m.caption.startsWith(p.body));
    expect(made).toHaveLength(1);
    expect(await instagram.reconcile(ctx, p)).toEqual({ found: true, externalId: made[0].id, url: made[0].permalink, publishedAt: expect.any(String) });
    expect(await instagram.reconcile(ctx, { ...post(), media: p.media })).toEqual({ found: false });
    // Code 1 (500) on media_publish is unknown too: reconciled, never blindly retried.
    fake.fail('server-error');
    expect(await instagram.publish(ctx, { ...post(), media: [await photo()] })).toMatchObject({ kind: 'unknown' });
  });

  it('refresh renews the user token and the Page token, as for Facebook; reads insights and status', async () => {
    const ctx = await ctxOf();
    const next = await instagram.refresh(ctx);
    expect(next.credentials.accessToken).toMatch(/^EAApage/);
    expect(next.credentials.accessToken).not.toBe(ctx.credentials.accessToken);
    expect(fake.requests.at(-1)?.path).toBe(`/v23.0/${fake.page.id}`);
    const out = await instagram.publish(ctx, { ...post(), media: [await photo()] });
    if (out.kind !== 'published') throw new Error(out.kind);
    expect(await instagram.metrics(ctx, out.externalId)).toEqual({ impressions: 830, engagements: 61, clicks: 0 });
    expect(await instagram.fetchStatus(ctx, out.externalId)).toBe('live');
    expect(await instagram.fetchStatus(ctx, '1')).toBe('missing');
  });

  describe('through the channel gateway (PostgreSQL)', () => {
    it('a Page token Instagram no longer takes (190) is renewed from the user token, and the post goes out once', async () => {
      const id = await h.connect('instagram', await authorize());
      fake.expirePageTokens();
      const before = fake.media.length;
      expect(await h.gateway.publish(id, { ...post(), media: [await photo()] })).toMatchObject({ kind: 'published' });
      expect(fake.media.length).toBe(before + 1);
      expect((await h.row(id)).status).toBe('active');
    });

    it('a dead user token too marks the connection needs_reconnect, and nothing is posted', async () => {
      const id = await h.connect('instagram', await authorize());
      fake.expireTokens();
      const before = fake.media.length;
      expect(await h.gateway.publish(id, { ...post(), media: [await photo()] })).toMatchObject({ kind: 'permanent', code: 'NEEDS_RECONNECT' });
      expect((await h.row(id)).status).toBe('needs_reconnect');
      expect(fake.media.length).toBe(before);
    });
  });
});
