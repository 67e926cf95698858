import sharp from 'sharp';
import { randomBytes } from 'node:crypto';
import { BlueskyProvider } from '../../src/channels/providers/bluesky.provider';
import type { ChannelContext } from '../../src/channels/providers/channel-provider';
import { MastodonProvider } from '../../src/channels/providers/mastodon.provider';
import type { OutboundMedia } from '../../src/channels/channel-gateway.port';
import { BlueskyFake } from '../fakes/bluesky.fake';
import { MastodonFake } from '../fakes/mastodon.fake';
import { post, testSettings } from './channel-harness';

const image = async (width: number, height: number, over: Partial<OutboundMedia> = {}): Promise<OutboundMedia> => ({
  id: 'm1',
  kind: 'image',
  mimeType: 'image/png',
  fileName: 'beans.png',
  bytes: await sharp({ create: { width, height, channels: 3, background: '#6f4e37' } })
    .png()
    .toBuffer(),
  width,
  height,
  altText: 'Green coffee beans',
  focus: null,
  ...over,
});

describe('Media uploads against the platform fakes (ADR 160)', () => {
  let mastodon: MastodonFake;
  let bluesky: BlueskyFake;
  let m: MastodonProvider;
  let b: BlueskyProvider;
  let tootCtx: ChannelContext;
  let skyCtx: ChannelContext;

  beforeAll(async () => {
    mastodon = await new MastodonFake().start();
    bluesky = await new BlueskyFake().start();
    const settings = testSettings({ BLUESKY_SERVICE_URL: bluesky.url });
    m = new MastodonProvider(settings);
    b = new BlueskyProvider(settings);
    const t = await m.connect({ credentials: { accessToken: mastodon.token }, config: { instanceUrl: mastodon.url } });
    tootCtx = { connectionId: 'c1', credentials: t.credentials, config: t.config, accountId: t.accountId };
    const s = await b.connect({ credentials: { appPassword: bluesky.appPassword }, config: { handle: bluesky.handle } });
    skyCtx = { connectionId: 'c2', credentials: s.credentials, config: s.config, accountId: s.accountId };
  });
  afterAll(async () => {
    await mastodon?.stop();
    await bluesky?.stop();
  });

  it('Mastodon: uploads each file with its description and focus, then posts the status with media_ids', async () => {
    const media = [await image(800, 600, { focus: { x: -0.5, y: 0.25 } }), await image(300, 300, { id: 'm2', fileName: 'cup.png', altText: 'A cup' })];
    const out = await m.publish(tootCtx, { ...post(), media });
    expect(out.kind).toBe('published');
    const status = mastodon.statuses.at(-1);
    const sent = status?.mediaIds.map((id) => mastodon.attachments.find((a) => a.id === id));
    expect(sent?.map((a) => [a?.mimeType, a?.description, a?.focus, a?.bytes.equals(media[sent.indexOf(a)].bytes)])).toEqual([
      ['image/png', 'Green coffee beans', { x: -0.5, y: 0.25 }, true],
      ['image/png', 'A cup', null, true],
    ]);
  });

  it('Mastodon: waits for a video the instance is still processing (202, then 206) before posting it', async () => {
    mastodon.videoProcessingPolls = 1;
    const video: OutboundMedia = {
      id: 'v',
      kind: 'video',
      mimeType: 'video/mp4',
      fileName: 'pour.mp4',
      bytes: randomBytes(2048),
      width: 320,
      height: 240,
      altText: null,
      focus: null,
    };
    const out = await m.publish(tootCtx, { ...post(), media: [video] });
    expect(out.kind).toBe('published');
    const polls = mastodon.requests.filter((r) => r.method === 'GET' && r.path.startsWith('/api/v1/media/'));
    expect(polls.length).toBeGreaterThanOrEqual(2);
    expect(mastodon.statuses.at(-1)?.mediaIds).toHaveLength(1);
  });

  it("Mastodon: a file the instance refuses fails the post for good with the instance's words, and no status is made", async () => {
    const before = mastodon.statuses.length;
    const out = await m.publish(tootCtx, { ...post(), media: [await image(10, 10, { mimeType: 'application/pdf' })] });
    expect(out).toMatchObject({ kind: 'permanent', code: 'MEDIA_REJECTED' });
    expect((out as { message: string }).message).toContain('File content type is invalid');
    expect(mastodon.statuses.length).toBe(before);
  });

  it('Mastodon: a failing upload is retryable (nothing was posted), never of unknown outcome', async () => {
    mastodon.fail('unavailable', { route: 'any', times: 10 });
    const out = await m.publish(tootCtx, { ...post(), media: [await image(10, 10)] });
    mastodon.clearFailures();
    expect(out.kind).toBe('retryable');
  });

  it('Bluesky: uploads blobs and embeds app.bsky.embed.images with alt text and aspect ratio (the PDS validates the record)', async () => {
    const out = await b.publish(skyCtx, { ...post(), media: [await image(1200, 800), await image(600, 900, { altText: 'A cup' })] });
    expect(out.kind).toBe('published');
    const embed = bluesky.records.at(-1)?.value.embed as unknown as { $type: string; images: { alt: string; aspectRatio: unknown }[] };
    expect(embed.$type).toBe('app.bsky.embed.images');
    expect(embed.images.map((i) => [i.alt, i.aspectRatio])).toEqual([
      ['Green coffee beans', { width: 1200, height: 800 }],
      ['A cup', { width: 600, height: 900 }],
    ]);
  });

  it("Bluesky: an image over the lexicon's 1,000,000 bytes is re-encoded to fit, keeping its aspect ratio", async () => {
    const side = 1500;
    const noisy = await sharp(randomBytes(side * side * 3), { raw: { width: side, height: side, channels: 3 } })
      .png()
      .toBuffer();
    expect(noisy.length).toBeGreaterThan(1_000_000);
    const out = await b.publish(skyCtx, { ...post(), media: [await image(side, side, { bytes: noisy })] });
    expect(out.kind).toBe('published');
    const embed = bluesky.records.at(-1)?.value.embed as unknown as {
      images: { image: { ref: { $link: string }; mimeType: string }; aspectRatio: { width: number; height: number } }[];
    };
    const blob = bluesky.blobs.get(embed.images[0].image.ref.$link);
    expect(blob?.size).toBeLessThanOrEqual(1_000_000);
    expect(blob?.mimeType).toBe('image/jpeg');
    expect(embed.images[0].aspectRatio.width).toBe(embed.images[0].aspectRatio.height);
  });
});
