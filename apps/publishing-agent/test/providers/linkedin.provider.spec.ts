import { createHash, randomBytes } from 'node:crypto';
import type { ChannelContext } from '../../src/channels/providers/channel-provider';
import { commentary, LinkedInProvider } from '../../src/channels/providers/linkedin.provider';
import { LinkedInFake } from '../fakes/linkedin.fake';
import { ChannelHarness, imageMedium, post, testSettings, videoMedium } from './channel-harness';

describe('LinkedInProvider against the LinkedIn fake', () => {
  let fake: LinkedInFake;
  let li: LinkedInProvider;
  let h: ChannelHarness;

  const authorize = async () => {
    const verifier = randomBytes(48).toString('base64url');
    const redirectUri = 'http://localhost:3000/api/v1/connections/linkedin/oauth/callback';
    const consent = await fetch(li.authorizeUrl({ state: 'st', codeChallenge: createHash('sha256').update(verifier).digest('base64url'), redirectUri }), {
      redirect: 'manual',
    });
    const code = new URL(consent.headers.get('location') as string).searchParams.get('code') as string;
    return li.exchangeCode({ code, codeVerifier: verifier, redirectUri });
  };
  const ctxOf = async (): Promise<ChannelContext> => {
    const a = await authorize();
    return { connectionId: 'c', credentials: a.credentials, config: a.config, accountId: a.accountId };
  };

  beforeAll(async () => {
    fake = await new LinkedInFake().start();
    const settings = testSettings({
      LINKEDIN_API_URL: fake.url,
      LINKEDIN_AUTH_URL: fake.authUrl,
      LINKEDIN_CLIENT_ID: fake.clientId,
      LINKEDIN_CLIENT_SECRET: fake.clientSecret,
      LINKEDIN_VERSION: '202505',
    });
    li = new LinkedInProvider(settings);
    h = await new ChannelHarness(settings, [li]).start();
  });
  afterAll(async () => {
    await h?.stop();
    await fake?.stop();
  });
  beforeEach(() => fake.clearFailures());

  it('connects a member through OAuth and publishes with the LinkedIn-Version header', async () => {
    const ctx = await ctxOf();
    expect(ctx).toMatchObject({ accountId: fake.member.sub, config: { author: `urn:li:person:${fake.member.sub}` } });
    const p = post({ body: 'New roast (limited) — 50% off *today*', hashtags: ['coffee', 'roastery'] });
    const out = await li.publish(ctx, p);
    expect(out).toMatchObject({
      kind: 'published',
      externalId: expect.stringMatching(/^urn:li:share:\d+$/),
      url: expect.stringContaining('linkedin.com/feed/update/urn:li:share:'),
    });
    const saved = fake.posts.at(-1)!;
    expect(saved.version).toBe('202505');
    expect(saved.commentary).toBe('New roast \\(limited\\) — 50% off \\*today\\*\n\n{hashtag|\\#|coffee} {hashtag|\\#|roastery}');
  });

  it('escapes the reserved characters of little text', () => {
    expect(commentary('a_b [c] @d #e', [])).toBe('a\\_b \\[c\\] \\@d \\#e');
  });

  it('answers a refused post with LinkedIn words, a throttle as retryable', async () => {
    const ctx = await ctxOf();
    expect(await li.publish(ctx, post({ body: 'x'.repeat(3001) }))).toMatchObject({
      kind: 'permanent',
      code: 'REJECTED',
      message: expect.stringContaining('exceeds maximum of 3000'),
    });
    fake.fail('rate-limit');
    expect(await li.publish(ctx, post())).toMatchObject({ kind: 'retryable', code: 'RATE_LIMITED', retryAfterMs: 1000 });
  });

  it('reconciles a post accepted before a timeout: found once, not posted again', async () => {
    const ctx = await ctxOf();
    const p = post();
    fake.fail('timeout-after-accepting');
    expect(await h.timingOut(() => li.publish(ctx, p))).toMatchObject({ kind: 'unknown' });
    expect(await li.reconcile(ctx, p)).toMatchObject({ found: true, externalId: fake.posts.at(-1)!.id });
    expect(await li.reconcile(ctx, post())).toEqual({ found: false });
  });

  it('refreshes with the refresh token; invalid_grant is a revoked grant', async () => {
    const ctx = await ctxOf();
    await expect(li.refresh(ctx)).resolves.toMatchObject({ credentials: { refreshToken: ctx.credentials.refreshToken } });
    fake.fail('revoked', { route: 'refresh' });
    await expect(li.refresh(ctx)).rejects.toMatchObject({ kind: 'revoked', code: 'INVALID_GRANT' });
  });

  it('reads social actions as engagement', async () => {
    const ctx = await ctxOf();
    const out = await li.publish(ctx, post());
    if (out.kind !== 'published') throw new Error(out.kind);
    expect(await li.metrics(ctx, out.externalId)).toEqual({ impressions: 0, engagements: 15, clicks: 0 });
    expect(await li.fetchStatus(ctx, out.externalId)).toBe('live');
  });

  it('a token the member revoked: the publish 401 and the refresh both fail → needs_reconnect, announced', async () => {
    const id = await h.connect('linkedin', await authorize());
    fake.revokeAll();
    const out = await h.gateway.publish(id, post());
    expect(out).toMatchObject({ kind: 'permanent', code: 'NEEDS_RECONNECT' });
    expect((await h.row(id)).status).toBe('needs_reconnect');
    expect((await h.changedEvents(id)).map((e) => e.reason)).toEqual(['connected', 'needs_reconnect']);
  });

  it('a 5xx on refresh never disconnects', async () => {
    const id = await h.connect('linkedin', await authorize());
    await h.expireAt(id, new Date(Date.now() - 1));
    fake.fail('server-error', { route: 'refresh', times: 10 });
    await h.tokens.sweep();
    expect((await h.row(id)).status).toBe('active');
  });

  describe('media (ADR 167)', () => {
    const postOf = (body: string) => fake.posts.filter((p) => p.commentary.startsWith(body));

    it('one image: initializeUpload, PUT the bytes with the token, AVAILABLE, then content.media with its altText', async () => {
      const ctx = await ctxOf();
      const img = await imageMedium(640, 480);
      const p = { ...post(), media: [img] };
      expect(await li.publish(ctx, p)).toMatchObject({ kind: 'published' });
      const [saved] = postOf(p.body);
      expect(saved.content).toEqual({ media: { id: expect.stringMatching(/^urn:li:image:/), altText: 'Green coffee beans' } });
      const [asset] = fake.mediaOf(saved);
      expect([asset.status, asset.owner, asset.bytes.equals(img.bytes)]).toEqual(['AVAILABLE', ctx.config.author, true]);
    });

    it('several images go in content.multiImage, in order, each with its altText', async () => {
      const ctx = await ctxOf();
      const media = [
        await imageMedium(100, 100, { altText: 'One' }),
        await imageMedium(200, 100, { altText: 'Two' }),
        await imageMedium(100, 200, { altText: 'Three' }),
      ];
      const p = { ...post(), media };
      expect(await li.publish(ctx, p)).toMatchObject({ kind: 'published' });
      const [saved] = postOf(p.body);
      expect(saved.content?.multiImage?.images.map((i) => i.altText)).toEqual(['One', 'Two', 'Three']);
      expect(fake.mediaOf(saved).map((a, i) => a.bytes.equals(media[i].bytes))).toEqual([true, true, true]);
    });

    it('a video: initializeUpload with its size, a PUT per part, finalizeUpload with the ETags in order, then waits for AVAILABLE', async () => {
      const ctx = await ctxOf();
      fake.partBytes = 64 * 1024;
      fake.videoProcessingPolls = 1;
      const video = videoMedium(150 * 1024);
      const p = { ...post(), title: 'Pour-over in 60 seconds', media: [video] };
      const out = await li.publish(ctx, p).finally(() => (fake.partBytes = 4 * 1024 * 1024));
      expect(out).toMatchObject({ kind: 'published' });
      const [saved] = postOf(p.body);
      expect(saved.content).toEqual({ media: { id: expect.stringMatching(/^urn:li:video:/), title: 'Pour-over in 60 seconds' } });
      const [asset] = fake.mediaOf(saved);
      expect([asset.status, asset.parts.size, asset.bytes.equals(video.bytes)]).toEqual(['AVAILABLE', 3, true]);
      const reads = fake.requests.filter((r) => r.method === 'GET' && r.path === `/rest/videos/${encodeURIComponent(asset.urn)}`);
      expect(reads.length).toBe(2);
    });

    it("refuses for good, in LinkedIn's words and before any post, a file that fails processing and a video outside the size range", async () => {
      const ctx = await ctxOf();
      const before = fake.posts.length;
      const webp = await imageMedium(10, 10, { bytes: Buffer.from('RIFF\0\0\0\0WEBPVP8 not supported here'), mimeType: 'image/webp', fileName: 'menu.webp' });
      const failed = await li.publish(ctx, { ...post(), media: [webp] });
      expect(failed).toMatchObject({ kind: 'permanent', code: 'MEDIA_REJECTED', message: expect.stringContaining('LinkedIn refused menu.webp') });
      expect((failed as { message: string }).message).toContain('Unsupported image format; use JPG, GIF or PNG');

      fake.maxVideoBytes = 100 * 1024;
      const big = await li.publish(ctx, { ...post(), media: [videoMedium(150 * 1024)] }).finally(() => (fake.maxVideoBytes = 500 * 1024 * 1024));
      expect(big).toMatchObject({ kind: 'permanent', code: 'MEDIA_REJECTED', message: expect.stringContaining('outside the allowed range') });
      expect(fake.posts.length).toBe(before);
    });

    it('a throttled upload is retryable after Retry-After (nothing was posted), never of unknown outcome', async () => {
      const ctx = await ctxOf();
      const before = fake.posts.length;
      fake.fail('rate-limit', { route: 'upload', times: 3 });
      expect(await li.publish(ctx, { ...post(), media: [await imageMedium(20, 20)] })).toMatchObject({ kind: 'retryable', code: 'RATE_LIMITED' });
      expect(fake.posts.length).toBe(before);
    });

    it('exactly once with media: a post accepted without an answer is found by reconcile; a retried attempt makes one post', async () => {
      const ctx = await ctxOf();
      const p = { ...post(), media: [await imageMedium(50, 50)] };
      fake.fail('timeout-after-accepting');
      expect(await h.timingOut(() => li.publish(ctx, p))).toMatchObject({ kind: 'unknown' });
      expect(await li.reconcile(ctx, p)).toMatchObject({ found: true, externalId: postOf(p.body)[0].id });
      expect(postOf(p.body)).toHaveLength(1);

      const q = { ...post(), media: [await imageMedium(50, 50)] };
      fake.fail('unavailable');
      expect(await li.publish(ctx, q)).toMatchObject({ kind: 'retryable' });
      expect(await li.publish(ctx, q)).toMatchObject({ kind: 'published' });
      expect(postOf(q.body)).toHaveLength(1);
      expect(fake.mediaOf(postOf(q.body)[0])).toHaveLength(1);
    });
  });
});
