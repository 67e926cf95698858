import { createHash, randomBytes } from 'node:crypto';
import { XProvider } from '../../src/channels/providers/x.provider';
import { ProviderError, type ChannelContext } from '../../src/channels/providers/channel-provider';
import { XFake } from '../fakes/x.fake';
import { ChannelHarness, imageMedium, post, testSettings, videoMedium } from './channel-harness';

describe('XProvider against the X fake', () => {
  let fake: XFake;
  let x: XProvider;
  let h: ChannelHarness;

  /** The OAuth dance as a browser would do it: consent page → redirect with a code → exchange with the verifier. */
  const authorize = async () => {
    const verifier = randomBytes(48).toString('base64url');
    const redirectUri = 'http://localhost:3000/api/v1/connections/x/oauth/callback';
    const url = x.authorizeUrl({ state: 'st', codeChallenge: createHash('sha256').update(verifier).digest('base64url'), redirectUri });
    const consent = await fetch(url, { redirect: 'manual' });
    expect(consent.status).toBe(302);
    const code = new URL(consent.headers.get('location') as string).searchParams.get('code') as string;
    return x.exchangeCode({ code, codeVerifier: verifier, redirectUri });
  };
  const ctxOf = async (): Promise<ChannelContext> => {
    const a = await authorize();
    return { connectionId: 'c', credentials: a.credentials, config: a.config, accountId: a.accountId };
  };

  beforeAll(async () => {
    fake = await new XFake().start();
    const settings = testSettings({ X_API_URL: fake.url, X_AUTHORIZE_URL: fake.authorizeUrl, X_CLIENT_ID: fake.clientId, X_CLIENT_SECRET: fake.clientSecret });
    x = new XProvider(settings);
    h = await new ChannelHarness(settings, [x]).start();
  });
  afterAll(async () => {
    await h?.stop();
    await fake?.stop();
  });
  beforeEach(() => fake.clearFailures());

  it('is configured only with a client id and secret', () => {
    expect(x.configured()).toBe(true);
    expect(new XProvider(testSettings()).configured()).toBe(false);
  });

  it('exchanges a code only with the right PKCE verifier', async () => {
    const account = await authorize();
    expect(account).toMatchObject({ accountId: fake.user.id, displayName: '@acmecoffee', config: { username: 'acmecoffee' } });
    expect(account.expiresAt!.getTime()).toBeGreaterThan(Date.now());
    const consent = await fetch(x.authorizeUrl({ state: 's', codeChallenge: 'not-the-hash', redirectUri: 'http://cb' }), { redirect: 'manual' });
    const code = new URL(consent.headers.get('location') as string).searchParams.get('code') as string;
    await expect(x.exchangeCode({ code, codeVerifier: 'another-verifier', redirectUri: 'http://cb' })).rejects.toMatchObject({ kind: 'revoked' });
  });

  it('publishes a tweet: body and hashtags, id and URL back', async () => {
    const ctx = await ctxOf();
    const p = post();
    const out = await x.publish(ctx, p);
    expect(out).toMatchObject({ kind: 'published', url: expect.stringMatching(/^https:\/\/x\.com\/acmecoffee\/status\/\d+$/) });
    expect(fake.tweets.at(-1)?.text).toBe(`${p.body}\n\n#coffee`);
  });

  it('reads a 429 with x-rate-limit-reset as retryable after the reset', async () => {
    const ctx = await ctxOf();
    fake.fail('rate-limit');
    const before = fake.tweets.length;
    const out = await x.publish(ctx, post());
    expect(out).toMatchObject({ kind: 'retryable', code: 'RATE_LIMITED' });
    expect(out.kind === 'retryable' && out.retryAfterMs).toBeLessThanOrEqual(1000);
    expect(fake.tweets.length).toBe(before);
  });

  it('classifies 500 as unknown, 503 as retryable, a rejected tweet as permanent with X words', async () => {
    const ctx = await ctxOf();
    fake.fail('server-error');
    expect(await x.publish(ctx, post())).toMatchObject({ kind: 'unknown' });
    fake.fail('unavailable');
    expect(await x.publish(ctx, post())).toMatchObject({ kind: 'retryable', code: 'PLATFORM_UNAVAILABLE' });
    const tooLong = await x.publish(ctx, post({ body: 'x'.repeat(300) }));
    expect(tooLong).toMatchObject({ kind: 'permanent', code: 'REJECTED', message: expect.stringContaining('parameters to your request was invalid') });
  });

  it('after a timeout-after-accepting, reconcile finds the tweet and no second one is made', async () => {
    const ctx = await ctxOf();
    const p = post();
    fake.fail('timeout-after-accepting');
    expect(await h.timingOut(() => x.publish(ctx, p))).toMatchObject({ kind: 'unknown' });
    const found = await x.reconcile(ctx, p);
    expect(found).toMatchObject({ found: true });
    expect(fake.tweets.filter((t) => t.text.startsWith(p.body))).toHaveLength(1);
    expect(await x.reconcile(ctx, post())).toEqual({ found: false });
    // X itself refuses the duplicate: that too is "unknown → reconcile", never a failure.
    expect(await x.publish(ctx, p)).toMatchObject({ kind: 'unknown' });
  });

  it('refreshes with a rotating refresh token; a spent or revoked one is classified revoked', async () => {
    const ctx = await ctxOf();
    const next = await x.refresh(ctx);
    expect(next.credentials.refreshToken).not.toBe(ctx.credentials.refreshToken);
    await expect(x.refresh(ctx)).rejects.toMatchObject({ kind: 'revoked', code: 'INVALID_GRANT' });
  });

  it('retries a transient refresh failure with backoff', async () => {
    const ctx = await ctxOf();
    fake.fail('unavailable', { route: 'refresh', times: 1 });
    await expect(x.refresh(ctx)).resolves.toMatchObject({ credentials: { accessToken: expect.stringMatching(/^xat-/) } });
    fake.fail('server-error', { route: 'refresh', times: 5 });
    const err = await x.refresh(ctx).catch((e) => e);
    expect(err).toBeInstanceOf(ProviderError);
    expect(err.kind).toBe('transient');
  });

  it('reads metrics and status of a tweet', async () => {
    const ctx = await ctxOf();
    const out = await x.publish(ctx, post());
    if (out.kind !== 'published') throw new Error(out.kind);
    expect(await x.metrics(ctx, out.externalId)).toEqual({ impressions: 150, engagements: 10, clicks: 5 });
    expect(await x.fetchStatus(ctx, out.externalId)).toBe('live');
    expect(await x.fetchStatus(ctx, '1')).toBe('missing');
  });

  describe('media (ADR 167)', () => {
    const tweetOf = (body: string) => fake.tweets.filter((t) => t.text.startsWith(body));

    it('uploads images in order by the simple upload, with alt text in the media metadata, then names them in media.media_ids', async () => {
      const ctx = await ctxOf();
      const media = [await imageMedium(800, 600), await imageMedium(300, 300, { fileName: 'cup.png', altText: 'A cup on a saucer' })];
      const p = { ...post(), media };
      expect(await x.publish(ctx, p)).toMatchObject({ kind: 'published' });
      const sent = fake.mediaOf(tweetOf(p.body)[0]);
      expect(sent.map((m) => [m.category, m.altText, m.bytes.equals(media[sent.indexOf(m)].bytes)])).toEqual([
        ['tweet_image', 'Green coffee beans', true],
        ['tweet_image', 'A cup on a saucer', true],
      ]);
      const uploads = fake.requests.filter((r) => r.path.startsWith('/2/media/')).slice(-4);
      expect(uploads.map((r) => r.path)).toEqual(['/2/media/upload', '/2/media/metadata', '/2/media/upload', '/2/media/metadata']);
    });

    it('uploads a video in chunks (initialize, append in order, finalize) and waits for STATUS to succeed before tweeting', async () => {
      const ctx = await ctxOf();
      fake.videoProcessingPolls = 1;
      const video = videoMedium(5 * 1024 * 1024);
      const p = { ...post(), media: [video] };
      expect(await x.publish(ctx, p)).toMatchObject({ kind: 'published' });
      const [sent] = fake.mediaOf(tweetOf(p.body)[0]);
      expect(sent).toMatchObject({ category: 'tweet_video', mediaType: 'video/mp4', state: 'succeeded' });
      expect(sent.bytes.equals(video.bytes)).toBe(true);
      expect([...sent.segments.keys()]).toEqual([0, 1]);
      const steps = fake.requests.filter((r) => r.path.includes(sent.id) || r.query.get('media_id') === sent.id).map((r) => r.path.split('/').pop());
      expect(steps).toEqual(['append', 'append', 'finalize', 'upload', 'upload']);
    });

    it("refuses for good, in X's words and before any tweet, a file X does not take, one over its limit, a video whose processing failed, and an upload without media.write", async () => {
      const ctx = await ctxOf();
      const before = fake.tweets.length;
      const pdf = await imageMedium(10, 10, { bytes: Buffer.from('%PDF-1.7 not an image'), fileName: 'menu.png' });
      const wrongType = await x.publish(ctx, { ...post(), media: [pdf] });
      expect(wrongType).toMatchObject({ kind: 'permanent', code: 'MEDIA_REJECTED', message: expect.stringContaining('X refused menu.png') });
      expect((wrongType as { message: string }).message).toContain('the simple upload takes JPEG, PNG, WEBP and GIF images');

      fake.maxImageBytes = 1000;
      const big = await x.publish(ctx, { ...post(), media: [await imageMedium(400, 400)] }).finally(() => (fake.maxImageBytes = 5 * 1024 * 1024));
      expect(big).toMatchObject({ kind: 'permanent', code: 'MEDIA_REJECTED', message: expect.stringContaining('answered 413: File size exceeds 1000 bytes.') });

      fake.videoProcessingPolls = 0;
      fake.failVideoProcessing = true;
      const failed = await x.publish(ctx, { ...post(), media: [videoMedium(4096)] });
      expect(failed).toMatchObject({ kind: 'permanent', code: 'MEDIA_REJECTED', message: expect.stringContaining('InvalidMedia') });

      fake.withoutMediaWrite = true;
      const noScope = await x.publish(ctx, { ...post(), media: [await imageMedium(20, 20)] }).finally(() => (fake.withoutMediaWrite = false));
      expect(noScope).toMatchObject({
        kind: 'permanent',
        code: 'MEDIA_REJECTED',
        message: expect.stringContaining('Reconnect X so that this app may upload media'),
      });
      expect(fake.tweets.length).toBe(before);
    });

    it('a video still processing when the media budget is spent: retryable, and no tweet', async () => {
      const ctx = await ctxOf();
      const settings = h.settings as { mediaBudgetMs: number };
      const before = fake.tweets.length;
      settings.mediaBudgetMs = 500;
      fake.videoProcessingPolls = 5;
      const out = await x.publish(ctx, { ...post(), media: [videoMedium(4096)] }).finally(() => {
        settings.mediaBudgetMs = 15_000;
        fake.videoProcessingPolls = 1;
      });
      expect(out).toMatchObject({ kind: 'retryable', code: 'MEDIA_PROCESSING', message: expect.stringContaining('still processing') });
      expect(fake.tweets.length).toBe(before);
    });

    it('a rate-limited upload is retryable after the reset (nothing was posted), never of unknown outcome', async () => {
      const ctx = await ctxOf();
      const before = fake.tweets.length;
      fake.fail('rate-limit', { route: 'upload', times: 3 });
      const out = await x.publish(ctx, { ...post(), media: [await imageMedium(20, 20)] });
      expect(out).toMatchObject({ kind: 'retryable', code: 'RATE_LIMITED' });
      expect(out.kind === 'retryable' && out.retryAfterMs).toBeLessThanOrEqual(1000);
      expect(fake.tweets.length).toBe(before);
    });

    it('exactly once with media: a tweet accepted without an answer is found by reconcile, and a retried attempt makes one tweet', async () => {
      const ctx = await ctxOf();
      const p = { ...post(), media: [await imageMedium(50, 50)] };
      fake.fail('timeout-after-accepting');
      expect(await h.timingOut(() => x.publish(ctx, p))).toMatchObject({ kind: 'unknown' });
      expect(await x.reconcile(ctx, p)).toMatchObject({ found: true, externalId: tweetOf(p.body)[0].id });
      expect(tweetOf(p.body)).toHaveLength(1);
      expect(fake.mediaOf(tweetOf(p.body)[0])).toHaveLength(1);

      const q = { ...post(), media: [await imageMedium(50, 50)] };
      fake.fail('unavailable');
      expect(await x.publish(ctx, q)).toMatchObject({ kind: 'retryable' });
      expect(await x.publish(ctx, q)).toMatchObject({ kind: 'published' });
      expect(tweetOf(q.body)).toHaveLength(1);
      expect(fake.mediaOf(tweetOf(q.body)[0])).toHaveLength(1);
    });
  });

  describe('through the channel gateway (PostgreSQL)', () => {
    it('refreshes an expiring token before publishing', async () => {
      const id = await h.connect('x', await authorize());
      await h.expireAt(id, new Date(Date.now() + 1000));
      fake.expireAccessTokens();
      expect(await h.gateway.publish(id, post())).toMatchObject({ kind: 'published' });
      expect((await h.row(id)).expiresAt!.getTime()).toBeGreaterThan(Date.now() + 3600_000);
    });

    it('a 401 on publish forces one refresh, then publishes', async () => {
      const id = await h.connect('x', await authorize());
      fake.expireAccessTokens();
      expect(await h.gateway.publish(id, post())).toMatchObject({ kind: 'published' });
    });

    it('a revoked grant marks the connection needs_reconnect and announces it, once', async () => {
      const id = await h.connect('x', await authorize());
      await h.expireAt(id, new Date(Date.now() - 1000));
      fake.fail('revoked', { route: 'refresh' });
      await h.tokens.sweep();
      const row = await h.row(id);
      expect(row.status).toBe('needs_reconnect');
      expect(row.statusReason).toMatch(/Reconnect it in Channels/);
      const events = await h.changedEvents(id);
      expect(events.map((e) => e.reason)).toEqual(['connected', 'needs_reconnect']);
      expect(events[1].connection).toMatchObject({ status: 'needs_reconnect' });
      expect(JSON.stringify(events)).not.toMatch(/xat-|xrt-/);
      // Publishing now fails plainly, without calling X.
      const before = fake.requests.length;
      expect(await h.gateway.publish(id, post())).toMatchObject({ kind: 'permanent', code: 'NEEDS_RECONNECT' });
      expect(fake.requests.length).toBe(before);
      await h.tokens.sweep();
      expect(await h.changedEvents(id)).toHaveLength(2);
    });

    it('a transient refresh failure is retried and never disconnects', async () => {
      const id = await h.connect('x', await authorize());
      await h.expireAt(id, new Date(Date.now() - 1000));
      fake.fail('unavailable', { route: 'refresh', times: 10 });
      await h.tokens.sweep();
      const row = await h.row(id);
      expect(row.status).toBe('active');
      expect(row.refreshFailures).toBe(1);
      expect((await h.changedEvents(id)).map((e) => e.reason)).toEqual(['connected']);
      const out = await h.gateway.publish(id, post());
      expect(out).toMatchObject({ kind: 'retryable' });
      fake.clearFailures();
      expect(await h.gateway.publish(id, post())).toMatchObject({ kind: 'published' });
      expect((await h.row(id)).refreshFailures).toBe(0);
    });

    it('two refreshes of one connection at once spend the rotating refresh token once', async () => {
      const id = await h.connect('x', await authorize());
      await h.expireAt(id, new Date(Date.now() - 1000));
      fake.latencyMs = 50;
      try {
        await Promise.all([h.tokens.refresh(id), h.tokens.refresh(id)]);
      } finally {
        fake.latencyMs = 0;
      }
      expect((await h.row(id)).status).toBe('active');
    });
  });
});
