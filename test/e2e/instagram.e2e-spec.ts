import sharp from 'sharp';
import { signPublicMediaUrl } from '@mt/runtime';
import { InstagramGraphFake } from '../../apps/publishing-agent/test/fakes';
import { approvedContent, type MediaChannelPlatform, MEDIA_URL_SECRET, startMediaChannelPlatform, uploadMedia } from '../support/media-channel';
import { api, PLATFORM_BOOT_MS, PLATFORM_MODES, type TestPlatform, until } from '../support/platform';

/** Instagram business accounts (ADR 176): Facebook Login, media fetched from the gateway's signed public URL, exactly once. */
describe.each(PLATFORM_MODES)('instagram channel (%s)', (mode) => {
  let sys: MediaChannelPlatform;
  let p: TestPlatform;
  let ig: InstagramGraphFake;
  let token: string;
  let brandId: string;
  let connectionId: string;
  const call = (method: string, route: string, opts: { token?: string; body?: unknown } = {}) => api(p.url, method, route, { token, ...opts });

  const upload = (bytes: Buffer, name: string, fields: Record<string, string> = {}) => uploadMedia(sys, bytes, name, fields);
  const jpeg = (width: number, height: number) =>
    sharp({ create: { width, height, channels: 3, background: '#6f4e37' } })
      .jpeg()
      .toBuffer();
  /** Approved content of this platform, as creation-agent announces it. */
  const approved = (body: string) => approvedContent(sys, { platform: 'instagram', body, topic: 'Beans', format: 'image' });
  const itemOf = (contentId: string) =>
    until('the post to be published', async () => {
      const list = await call('GET', `/api/v1/schedule?brandId=${brandId}`);
      const item = (list.body.items as { contentId: string; status: string }[]).find((i) => i.contentId === contentId);
      return item && item.status !== 'scheduled' && item.status !== 'publishing' && item.status !== 'unknown' ? item : undefined;
    });

  beforeAll(async () => {
    ig = await new InstagramGraphFake().start();
    sys = await startMediaChannelPlatform(mode, {
      SCHEDULER_POLL_MS: '250',
      CHANNEL_RETRY_BASE_MS: '20',
      // media_publish accepted and never answered is "outcome unknown" after 1.5 s, reconciled soon after.
      CHANNEL_TIMEOUT_MS: '1500',
      PUBLISH_RETRY_BASE_MS: '600',
      ...{ META_APP_ID: ig.appId, META_APP_SECRET: ig.appSecret, META_GRAPH_URL: ig.url, META_AUTHORIZE_URL: ig.authorizeUrl },
    });
    ({ p, token, brandId } = sys);
  }, PLATFORM_BOOT_MS);

  afterAll(async () => {
    await sys?.stop();
    await ig?.stop();
  });

  it('is listed as configured with its limits, and connects through Facebook Login to the account linked to the Page', async () => {
    const platforms = await call('GET', '/api/v1/platforms');
    const listed = (platforms.body as { id: string }[]).find((x: { id: string }) => x.id === 'instagram');
    expect(listed).toMatchObject({ label: 'Instagram', authKind: 'oauth', configured: true, limits: { maxLength: 2200, links: 'none' } });

    const start = await call('GET', `/api/v1/connections/instagram/oauth/start?brandId=${brandId}`);
    expect(start.status).toBe(200);
    expect(new URL(start.body.authorizeUrl).searchParams.get('scope')).toBe('instagram_basic,instagram_content_publish,pages_show_list,pages_read_engagement');
    const browser = { cookie: (start.headers.get('set-cookie') ?? '').split(';')[0] };
    const consent = await fetch(start.body.authorizeUrl, { redirect: 'manual' });
    const back = new URL(consent.headers.get('location') as string);
    expect(back.pathname).toBe('/api/v1/connections/instagram/oauth/callback');
    const callback = await fetch(`${p.url}${back.pathname}${back.search}`, { redirect: 'manual', headers: browser });
    expect(callback.headers.get('location')).toBe('/channels?connected=instagram');
    const list = await call('GET', `/api/v1/connections?brandId=${brandId}`);
    const conn = list.body.items.find((c: { platform: string }) => c.platform === 'instagram');
    expect(conn).toMatchObject({ status: 'active', displayName: '@acmecoffee', accountId: ig.ig.id });
    connectionId = conn.id;
  });

  it('publishes a post with an image: Instagram fetches it from the signed public URL; a post without media is refused', async () => {
    const img = await upload(await jpeg(1080, 1080), 'roast.jpg', { altText: 'Beans cooling after the roast' });
    expect(img.status).toBe(201);
    const content = await approved('Roast day at the roastery');
    const none = await call('PUT', `/api/v1/content/${content}/media`, { body: { mediaIds: [] } });
    expect([none.status, none.body.code, none.body.detail]).toEqual([422, 'MEDIA_NOT_ALLOWED', 'Instagram posts need an image or a video.']);
    const bare = await call('POST', `/api/v1/content/${content}/publish`, { body: { connectionIds: [connectionId] } });
    expect([bare.status, bare.body.code, bare.body.detail]).toEqual([
      422,
      'MEDIA_REQUIRED',
      'Instagram posts need an image or a video. Attach one before scheduling the post.',
    ]);
    expect((await call('PUT', `/api/v1/content/${content}/media`, { body: { mediaIds: [img.body.id] } })).status).toBe(200);
    expect((await call('POST', `/api/v1/content/${content}/publish`, { body: { connectionIds: [connectionId] } })).status).toBe(201);
    const item = await itemOf(content);
    const made = ig.media.find((m) => m.caption.startsWith('Roast day at the roastery'));
    expect(made).toMatchObject({ caption: 'Roast day at the roastery\n\n#coffee', media_type: 'IMAGE' });
    expect(item).toMatchObject({ status: 'published', externalId: made?.id, url: made?.permalink });
    const container = ig.containers.get(made!.container)!;
    expect(container.altText).toBe('Beans cooling after the roast');
    expect(container.url?.startsWith(`${sys.origin.url}/api/v1/public-media/${brandId}/${img.body.id}?`)).toBe(true);
    expect(ig.fetched.find((f) => f.url === container.url)).toEqual({ url: container.url, status: 200 });
  });

  it('sends a PNG as JPEG: the library keeps the PNG, Instagram fetches a JPEG with the transparency on white (ADR 187)', async () => {
    const png = await sharp({ create: { width: 1080, height: 1080, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } } })
      .png()
      .toBuffer();
    const img = await upload(png, 'clear.png');
    expect([img.status, img.body.mimeType]).toEqual([201, 'image/png']);
    const content = await approved('Clear glass, clear beans');
    expect((await call('PUT', `/api/v1/content/${content}/media`, { body: { mediaIds: [img.body.id] } })).status).toBe(200);
    expect((await call('POST', `/api/v1/content/${content}/publish`, { body: { connectionIds: [connectionId] } })).status).toBe(201);
    const item = await itemOf(content);
    const made = ig.media.find((m) => m.caption.startsWith('Clear glass, clear beans'));
    expect(item).toMatchObject({ status: 'published', externalId: made?.id });
    const container = ig.containers.get(made!.container)!;
    expect(new URL(container.url!).searchParams.get('type')).toBe('image/jpeg');
    const sent = await fetch(container.url!);
    expect([sent.status, sent.headers.get('content-type')]).toEqual([200, 'image/jpeg']);
    const sentBytes = Buffer.from(await sent.arrayBuffer());
    const meta = await sharp(sentBytes).metadata();
    expect([meta.format, meta.width, meta.height, meta.hasAlpha]).toEqual(['jpeg', 1080, 1080, false]);
    const { data } = await sharp(sentBytes).raw().toBuffer({ resolveWithObject: true });
    expect(Math.min(data[0], data[1], data[2])).toBeGreaterThan(245); // white where the PNG was clear
    const kept = await fetch(`${p.url}/api/v1/media/${img.body.id}/file`, { headers: { authorization: `Bearer ${token}` } });
    expect([kept.status, kept.headers.get('content-type')]).toEqual([200, 'image/png']);
    expect(Buffer.from(await kept.arrayBuffer()).equals(png)).toBe(true);
  });

  it('serves a medium at its signed URL without a session, and nothing when the signature is tampered with, expired or for another medium', async () => {
    const a = await upload(await jpeg(800, 800), 'a.jpg');
    const b = await upload(await jpeg(800, 800), 'b.jpg');
    const key = (id: string) => `${brandId}/${id}`;
    const good = signPublicMediaUrl(p.url, MEDIA_URL_SECRET, { storageKey: key(a.body.id), mimeType: 'image/jpeg' });
    const ok = await fetch(good);
    expect([ok.status, ok.headers.get('content-type'), ok.headers.get('x-content-type-options')]).toEqual([200, 'image/jpeg', 'nosniff']);
    expect((await sharp(Buffer.from(await ok.arrayBuffer())).metadata()).width).toBe(800);

    const u = new URL(good);
    const variants = [
      good.replace(a.body.id, b.body.id), // another medium, this signature
      `${good.slice(0, -2)}${good.endsWith('AA') ? 'BB' : 'AA'}`, // a tampered signature
      good.replace('type=image%2Fjpeg', 'type=text%2Fhtml'), // another type
      good.replace(/expires=\d+/, `expires=${Number(u.searchParams.get('expires')) + 3600}`), // a later expiry
      signPublicMediaUrl(p.url, MEDIA_URL_SECRET, { storageKey: key(a.body.id), mimeType: 'image/jpeg' }, Date.now() - 2 * 3_600_000), // expired
      signPublicMediaUrl(p.url, 'another-secret-of-at-least-thirty-two-chars', { storageKey: key(a.body.id), mimeType: 'image/jpeg' }),
      `${p.url}/api/v1/public-media/${key(a.body.id)}`, // no signature
    ];
    for (const url of variants) {
      const r = await fetch(url);
      expect({ url, status: r.status }).toEqual({ url, status: 404 });
      expect(r.headers.get('content-type')).toContain('application/problem+json');
    }
  });

  it('after media_publish is accepted and never answered, the retry finds the post: one post on Instagram', async () => {
    const img = await upload(await jpeg(1080, 1350), 'cup.jpg', { altText: 'A cup on a saucer' });
    const content = await approved('Cupping this Saturday');
    expect((await call('PUT', `/api/v1/content/${content}/media`, { body: { mediaIds: [img.body.id] } })).status).toBe(200);
    ig.fail('timeout-after-accepting', { route: 'publish' });
    const publishes = () => ig.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/media_publish')).length;
    const before = publishes();
    expect((await call('POST', `/api/v1/content/${content}/publish`, { body: { connectionIds: [connectionId] } })).status).toBe(201);
    const item = await itemOf(content);
    const made = ig.media.filter((m) => m.caption.startsWith('Cupping this Saturday'));
    expect(made).toHaveLength(1);
    expect(publishes() - before).toBe(1);
    expect(item).toMatchObject({ status: 'published', attempts: 2, externalId: made[0].id, url: made[0].permalink });
  });
});
