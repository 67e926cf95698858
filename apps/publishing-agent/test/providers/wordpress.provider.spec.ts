import type { ChannelContext } from '../../src/channels/providers/channel-provider';
import { slugOf, WordPressProvider } from '../../src/channels/providers/wordpress.provider';
import { WordPressFake } from '../fakes/wordpress.fake';
import { ChannelHarness, imageMedium, post, testSettings, videoMedium } from './channel-harness';

describe('WordPressProvider against the WordPress fake', () => {
  let fake: WordPressFake;
  let wp: WordPressProvider;
  let h: ChannelHarness;
  let ctx: ChannelContext;

  beforeAll(async () => {
    fake = await new WordPressFake().start();
    const settings = testSettings();
    wp = new WordPressProvider(settings);
    h = await new ChannelHarness(settings, [wp]).start();
    const a = await wp.connect({ credentials: { applicationPassword: fake.applicationPassword }, config: { siteUrl: fake.siteUrl, username: fake.username } });
    ctx = { connectionId: 'c', credentials: a.credentials, config: a.config, accountId: a.accountId };
  });
  afterAll(async () => {
    await h?.stop();
    await fake?.stop();
  });
  beforeEach(() => fake.clearFailures());

  it('verifies the application password on connect (Basic auth)', async () => {
    expect(ctx.accountId).toBe('7');
    await expect(
      wp.connect({ credentials: { applicationPassword: 'nope' }, config: { siteUrl: fake.siteUrl, username: fake.username } }),
    ).rejects.toMatchObject({
      kind: 'revoked',
      message: expect.stringContaining('invalid application password'),
    });
    await expect(wp.connect({ credentials: { applicationPassword: 'x' }, config: { siteUrl: fake.siteUrl } })).rejects.toMatchObject({ kind: 'invalid' });
  });

  it('publishes a post with a title, escaped HTML paragraphs and the slug of its idempotency key', async () => {
    const p = post({ title: 'Spring menu', body: 'Line one <b>\n\nSecond & last' });
    const out = await wp.publish(ctx, p);
    expect(out).toMatchObject({ kind: 'published', url: expect.stringContaining(`/blog/${slugOf(p.idempotencyKey)}/`) });
    expect(fake.posts.at(-1)).toMatchObject({ title: 'Spring menu', status: 'publish', content: expect.stringContaining('<p>Line one &lt;b&gt;</p>') });
  });

  it('reconciles by slug after a timeout-after-accepting', async () => {
    const p = post();
    fake.fail('timeout-after-accepting');
    expect(await h.timingOut(() => wp.publish(ctx, p))).toMatchObject({ kind: 'unknown' });
    expect(await wp.reconcile(ctx, p)).toMatchObject({ found: true, externalId: String(fake.posts.at(-1)!.id) });
    expect(await wp.reconcile(ctx, post())).toEqual({ found: false });
    expect(fake.posts.filter((x) => x.slug.startsWith(slugOf(p.idempotencyKey)))).toHaveLength(1);
  });

  it('maintenance (503 + Retry-After) is retryable; a 500 is unknown', async () => {
    fake.fail('unavailable');
    expect(await wp.publish(ctx, post())).toMatchObject({ kind: 'retryable', retryAfterMs: 1000 });
    fake.fail('server-error');
    expect(await wp.publish(ctx, post())).toMatchObject({ kind: 'unknown' });
    fake.fail('rate-limit');
    expect(await wp.publish(ctx, post())).toMatchObject({ kind: 'retryable', code: 'RATE_LIMITED' });
  });

  it('a revoked application password → needs_reconnect', async () => {
    const a = await wp.connect({ credentials: { applicationPassword: fake.applicationPassword }, config: { siteUrl: fake.siteUrl, username: fake.username } });
    const id = await h.connect('wordpress', a);
    fake.fail('revoked');
    expect(await h.gateway.publish(id, post())).toMatchObject({ kind: 'permanent', code: 'NEEDS_RECONNECT' });
    expect((await h.changedEvents(id)).map((e) => e.reason)).toEqual(['connected', 'needs_reconnect']);
  });

  it('counts comments as engagement', async () => {
    const out = await wp.publish(ctx, post());
    if (out.kind !== 'published') throw new Error(out.kind);
    expect(await wp.metrics(ctx, out.externalId)).toEqual({ impressions: 0, engagements: 4, clicks: 0 });
    expect(await wp.fetchStatus(ctx, '999999')).toBe('missing');
  });

  describe('media (ADR 167)', () => {
    const postOf = (p: { idempotencyKey: string }) => fake.posts.filter((x) => x.slug === slugOf(p.idempotencyKey));

    it('uploads each medium to the media library (Content-Disposition, alt_text by update); the first image is featured, the rest follow the text', async () => {
      const media = [
        await imageMedium(800, 600, { fileName: 'Latte art.jpg' }),
        await imageMedium(300, 300, { fileName: 'cup.png', altText: 'A cup "on" a saucer' }),
        videoMedium(4096),
      ];
      const p = { ...post(), media };
      expect(await wp.publish(ctx, p)).toMatchObject({ kind: 'published' });
      const [saved] = postOf(p);
      const placed = fake.mediaOf(saved);
      expect(placed.map((m) => [m.fileName, m.mimeType, m.alt_text, m.slug])).toEqual([
        ['Latte-art.png', 'image/png', 'Green coffee beans', `${slugOf(p.idempotencyKey)}-m1`],
        ['cup.png', 'image/png', 'A cup "on" a saucer', `${slugOf(p.idempotencyKey)}-m2`],
        ['pour.mp4', 'video/mp4', '', `${slugOf(p.idempotencyKey)}-m3`],
      ]);
      expect(placed.map((m, i) => m.bytes.equals(media[i].bytes))).toEqual([true, true, true]);
      expect(saved.featured_media).toBe(placed[0].id);
      expect(saved.content).not.toContain(`wp-image-${placed[0].id}"`);
      expect(saved.content).toContain(`<img src="${placed[1].source_url}" alt="A cup &quot;on&quot; a saucer" class="wp-image-${placed[1].id}"/>`);
      expect(saved.content).toContain(`<video controls src="${placed[2].source_url}"></video>`);
      expect(saved.content.indexOf('<p>')).toBe(0);
    });

    it("refuses for good, in WordPress's words and before any post, a type the site does not allow (its 500) and a file over the site's limit (413)", async () => {
      const before = fake.posts.length;
      const pdf = await imageMedium(10, 10, { bytes: Buffer.from('%PDF-1.7 a menu'), fileName: 'menu.png' });
      const refused = await wp.publish(ctx, { ...post(), media: [pdf] });
      expect(refused).toMatchObject({ kind: 'permanent', code: 'MEDIA_REJECTED', message: expect.stringContaining('WordPress refused menu.png') });
      expect((refused as { message: string }).message).toContain('Sorry, you are not allowed to upload this file type. (rest_upload_sideload_error)');

      fake.maxUploadBytes = 2000;
      const big = await wp.publish(ctx, { ...post(), media: [await imageMedium(300, 300)] }).finally(() => (fake.maxUploadBytes = 64 * 1024 * 1024));
      expect(big).toMatchObject({ kind: 'permanent', code: 'MEDIA_REJECTED', message: expect.stringContaining('answered 413') });
      expect(fake.posts.length).toBe(before);
    });

    it('media slower than CHANNEL_MEDIA_BUDGET_MS: the attempt is retried without posting, so a given-up attempt never posts late', async () => {
      const settings = h.settings as { mediaBudgetMs: number };
      const before = fake.posts.length;
      settings.mediaBudgetMs = 50;
      fake.latencyMs = 60;
      const out = await wp.publish(ctx, { ...post(), media: [await imageMedium(20, 20)] }).finally(() => {
        settings.mediaBudgetMs = 15_000;
        fake.latencyMs = 0;
      });
      expect(out).toMatchObject({ kind: 'retryable', code: 'MEDIA_TOO_SLOW', message: expect.stringContaining('CHANNEL_MEDIA_BUDGET_MS') });
      expect(fake.posts.length).toBe(before);
    });

    it('a rate-limited upload is retryable (nothing was posted)', async () => {
      const before = fake.posts.length;
      fake.fail('rate-limit', { route: 'upload', times: 3 });
      expect(await wp.publish(ctx, { ...post(), media: [await imageMedium(20, 20)] })).toMatchObject({ kind: 'retryable', code: 'RATE_LIMITED' });
      expect(fake.posts.length).toBe(before);
    });

    it('exactly once with media: a retried attempt reuses what the first one uploaded, and a post accepted without an answer is reconciled by slug', async () => {
      const p = { ...post(), media: [await imageMedium(60, 40), await imageMedium(40, 60, { fileName: 'cup.png' })] };
      fake.fail('unavailable');
      expect(await wp.publish(ctx, p)).toMatchObject({ kind: 'retryable' });
      const uploaded = fake.media.length;
      expect(await wp.publish(ctx, p)).toMatchObject({ kind: 'published' });
      expect(fake.media.length).toBe(uploaded);
      expect(postOf(p)).toHaveLength(1);
      expect(fake.mediaOf(postOf(p)[0])).toHaveLength(2);

      const q = { ...post(), media: [await imageMedium(50, 50)] };
      fake.fail('timeout-after-accepting');
      expect(await h.timingOut(() => wp.publish(ctx, q))).toMatchObject({ kind: 'unknown' });
      expect(await wp.reconcile(ctx, q)).toMatchObject({ found: true, externalId: String(postOf(q)[0].id) });
      expect(fake.media.filter((m) => m.slug.startsWith(slugOf(q.idempotencyKey)))).toHaveLength(1);
    });
  });
});
