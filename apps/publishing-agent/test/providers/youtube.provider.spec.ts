import { createHash, randomBytes } from 'node:crypto';
import { msToPacificMidnight, YouTubeProvider } from '../../src/channels/providers/youtube.provider';
import type { ChannelContext } from '../../src/channels/providers/channel-provider';
import { YouTubeFake } from '../fakes/youtube.fake';
import { ChannelHarness, imageMedium, post, testSettings, videoMedium } from './channel-harness';

describe('YouTubeProvider against the YouTube Data API fake', () => {
  let fake: YouTubeFake;
  let youtube: YouTubeProvider;
  let h: ChannelHarness;
  const redirectUri = 'http://localhost:3000/api/v1/connections/youtube/oauth/callback';
  // A PKCE pair (RFC 7636: the challenge is the verifier's SHA-256 in base64url).
  const verifier = randomBytes(32).toString('base64url');
  const challenge = createHash('sha256').update(verifier).digest('base64url');

  /** As a browser would: Google's consent screen redirects back with a code, which is exchanged. */
  const authorize = async () => {
    const consent = await fetch(youtube.authorizeUrl({ state: 'st', codeChallenge: challenge, redirectUri }), { redirect: 'manual' });
    expect(consent.status).toBe(302);
    const back = new URL(consent.headers.get('location') as string);
    expect(back.searchParams.get('state')).toBe('st');
    return youtube.exchangeCode({ code: back.searchParams.get('code') as string, codeVerifier: verifier, redirectUri });
  };
  const ctxOf = async (): Promise<ChannelContext> => {
    const a = await authorize();
    return { connectionId: 'c', credentials: a.credentials, config: a.config, accountId: a.accountId };
  };
  const uploads = () => fake.requests.filter((r) => r.path.startsWith('/upload/'));

  beforeAll(async () => {
    fake = await new YouTubeFake().start();
    const settings = testSettings({
      YOUTUBE_API_URL: fake.url,
      GOOGLE_AUTHORIZE_URL: fake.authorizeUrl,
      GOOGLE_TOKEN_URL: fake.tokenUrl,
      GOOGLE_CLIENT_ID: fake.clientId,
      GOOGLE_CLIENT_SECRET: fake.clientSecret,
      YOUTUBE_PRIVACY_STATUS: 'unlisted',
      // An interrupted upload waits at most this (plus the answer deadline) before it is resumed.
      CHANNEL_MEDIA_BUDGET_MS: '3000',
    });
    youtube = new YouTubeProvider(settings);
    h = await new ChannelHarness(settings, [youtube]).start();
  });
  afterAll(async () => {
    await h?.stop();
    await fake?.stop();
  });
  beforeEach(() => {
    fake.clearFailures();
    fake.noChannel = false;
  });

  it('is configured only with a Google client, and is listed with its limits', () => {
    expect(youtube.configured()).toBe(true);
    expect(new YouTubeProvider(testSettings()).configured()).toBe(false);
    expect(youtube.limits()).toMatchObject({
      id: 'youtube',
      label: 'YouTube',
      maxLength: 5000,
      media: { image: null, video: { maxCount: 1 }, required: ['video'], titleMaxLength: 100 },
    });
    const consent = new URL(youtube.authorizeUrl({ state: 's', codeChallenge: challenge, redirectUri }));
    expect(Object.fromEntries(consent.searchParams)).toMatchObject({
      access_type: 'offline',
      prompt: 'consent',
      code_challenge_method: 'S256',
      scope: 'https://www.googleapis.com/auth/youtube.upload https://www.googleapis.com/auth/youtube.readonly',
    });
  });

  it('exchanges the code (PKCE) and connects the channel, with its uploads playlist', async () => {
    const account = await authorize();
    expect(account).toMatchObject({
      accountId: fake.channel.id,
      displayName: 'Acme Coffee',
      config: { channelId: fake.channel.id, uploadsPlaylistId: fake.channel.uploads },
      credentials: { accessToken: expect.stringMatching(/^ya29\./), refreshToken: expect.stringMatching(/^1\/\/0g/) },
    });
    expect(account.expiresAt!.getTime()).toBeGreaterThan(Date.now() + 3500_000);
  });

  it('refuses an account without a channel, in words that say what to do', async () => {
    fake.noChannel = true;
    await expect(authorize()).rejects.toMatchObject({ kind: 'invalid', code: 'NO_CHANNEL', message: expect.stringContaining('create one on YouTube') });
  });

  it('refuses a post without a video before any call to YouTube', async () => {
    const ctx = await ctxOf();
    const before = fake.requests.length;
    expect(await youtube.publish(ctx, post())).toMatchObject({
      kind: 'permanent',
      code: 'VIDEO_REQUIRED',
      message: 'A YouTube post is a video: attach one video to this post before it is published.',
    });
    expect(await youtube.publish(ctx, { ...post(), media: [await imageMedium(16, 16)] })).toMatchObject({ kind: 'permanent', code: 'VIDEO_REQUIRED' });
    expect(fake.requests.length).toBe(before);
  });

  it('uploads a video by the resumable protocol: the session, then the bytes; title, description, privacy', async () => {
    const ctx = await ctxOf();
    const p = post({ body: 'Pour-over in slow motion <3', title: 'How we brew a V60 <at home>' });
    const out = await youtube.publish(ctx, { ...p, media: [videoMedium(8192)] });
    const v = fake.videos.at(-1)!;
    expect(out).toEqual({ kind: 'published', externalId: v.id, url: `https://www.youtube.com/watch?v=${v.id}`, publishedAt: v.publishedAt });
    expect(v).toMatchObject({
      title: 'How we brew a V60 ‹at home›',
      description: 'Pour-over in slow motion ‹3\n\n#coffee',
      tags: ['coffee'],
      privacyStatus: 'unlisted',
      mimeType: 'video/mp4',
      bytes: 8192,
    });
    const calls = uploads().slice(-2);
    expect(calls.map((r) => `${r.method} ${r.path.replace(/session\/.+$/, 'session/:id')}`)).toEqual([
      'POST /upload/youtube/v3/videos',
      'PUT /upload/session/:id',
    ]);
    expect(calls[0].query.get('uploadType')).toBe('resumable');
    expect(calls[0].headers['x-upload-content-length']).toBe('8192');
    expect(calls[0].headers['x-upload-content-type']).toBe('video/mp4');
  });

  it('resumes an interrupted upload: asks with Content-Range bytes */N, gets 308 and sends only the rest', async () => {
    const ctx = await ctxOf();
    const video = videoMedium(10_000);
    fake.dropUploadAfterBytes = 4096;
    fake.fail('timeout-after-accepting', { route: 'publish' });
    const out = await h.timingOut(() => youtube.publish(ctx, { ...post({ body: `Resumed ${Date.now()}` }), media: [video] }));
    expect(out).toMatchObject({ kind: 'published', externalId: fake.videos.at(-1)!.id });
    const puts = uploads()
      .slice(-3)
      .map((r) => ({ range: r.headers['content-range'], bytes: r.rawBytes.length }));
    expect(puts).toEqual([
      { range: undefined, bytes: 10_000 },
      { range: 'bytes */10000', bytes: 0 },
      { range: 'bytes 4096-9999/10000', bytes: 10_000 - 4096 },
    ]);
    expect(fake.videos.at(-1)!.bytes).toBe(10_000);
  });

  it('a completed upload whose answer was lost is found by the status query, and made once', async () => {
    const ctx = await ctxOf();
    const p = post({ body: `Complete but unanswered ${Date.now()}` });
    fake.fail('timeout-after-accepting', { route: 'publish' });
    const out = await h.timingOut(() => youtube.publish(ctx, { ...p, media: [videoMedium(2048)] }));
    expect(out).toMatchObject({ kind: 'published', externalId: fake.videos.at(-1)!.id });
    expect(fake.videos.filter((v) => v.description.startsWith(p.body))).toHaveLength(1);
  });

  it('when YouTube never says whether the upload completed, the outcome is unknown and reconcile finds the video', async () => {
    const ctx = await ctxOf();
    const p = post({ body: `Reconcile me ${Date.now()}` });
    fake.fail('timeout-after-accepting', { route: 'publish', times: 10 });
    const out = await h.timingOut(() => youtube.publish(ctx, { ...p, media: [videoMedium(2048)] }), 300);
    fake.clearFailures();
    expect(out).toMatchObject({ kind: 'unknown' });
    const found = await youtube.reconcile(ctx, p);
    const v = fake.videos.at(-1)!;
    expect(found).toEqual({ found: true, externalId: v.id, url: `https://www.youtube.com/watch?v=${v.id}`, publishedAt: v.publishedAt });
    expect(fake.videos.filter((x) => x.description.startsWith(p.body))).toHaveLength(1);
    expect(await youtube.reconcile(ctx, post())).toEqual({ found: false });
  });

  it('the daily quota (403 quotaExceeded) is retryable after midnight Pacific; nothing is uploaded', async () => {
    const ctx = await ctxOf();
    const before = fake.videos.length;
    fake.fail('rate-limit', { route: 'upload' });
    const out = await youtube.publish(ctx, { ...post(), media: [videoMedium(1024)] });
    expect(out).toMatchObject({ kind: 'retryable', code: 'RATE_LIMITED', message: expect.stringContaining('(quotaExceeded)') });
    const wait = out.kind === 'retryable' ? out.retryAfterMs! : 0;
    expect(Math.abs(wait - msToPacificMidnight())).toBeLessThan(5_000);
    expect(wait).toBeLessThanOrEqual(86_400_000);
    expect(fake.videos.length).toBe(before);
  });

  it('a title YouTube refuses is permanent with its words; bytes that are not a video are refused once complete', async () => {
    const ctx = await ctxOf();
    expect(await youtube.publish(ctx, { ...post({ title: '   ' }), media: [videoMedium(1024)] })).toMatchObject({
      kind: 'permanent',
      message: 'YouTube answered 400: The request metadata specifies an invalid or empty video title. (invalidTitle)',
    });
    const notVideo = { ...videoMedium(1024), bytes: Buffer.from('plain text, not a video at all') };
    expect(await youtube.publish(ctx, { ...post(), media: [notVideo] })).toMatchObject({
      kind: 'permanent',
      code: 'REJECTED',
      message: expect.stringContaining('(invalidVideoFormat)'),
    });
  });

  it('refuses a description over 5,000 bytes before uploading', async () => {
    const ctx = await ctxOf();
    const before = uploads().length;
    // 1,700 characters of three bytes each: under 5,000 characters, over 5,000 bytes.
    expect(await youtube.publish(ctx, { ...post({ body: '☕'.repeat(1700), hashtags: [] }), media: [videoMedium(1024)] })).toMatchObject({
      kind: 'permanent',
      code: 'TOO_LONG',
      message: 'The description is 5100 bytes; YouTube takes at most 5000.',
    });
    expect(uploads().length).toBe(before);
  });

  it('reads the status and statistics of a video', async () => {
    const ctx = await ctxOf();
    const out = await youtube.publish(ctx, { ...post(), media: [videoMedium(1024)] });
    if (out.kind !== 'published') throw new Error(out.kind);
    expect(await youtube.metrics(ctx, out.externalId)).toEqual({ impressions: 1234, engagements: 63, clicks: 0 });
    expect(await youtube.fetchStatus(ctx, out.externalId)).toBe('live');
    expect(await youtube.fetchStatus(ctx, 'nope')).toBe('missing');
  });

  it('refresh keeps the refresh token Google does not rotate; a revoked grant (invalid_grant) is revoked', async () => {
    const ctx = await ctxOf();
    const next = await youtube.refresh(ctx);
    expect(next.credentials.accessToken).not.toBe(ctx.credentials.accessToken);
    expect(next.credentials.refreshToken).toBe(ctx.credentials.refreshToken);
    fake.revokeAll();
    await expect(youtube.refresh(ctx)).rejects.toMatchObject({
      kind: 'revoked',
      code: 'INVALID_GRANT',
      message: expect.stringContaining('Token has been expired or revoked.'),
    });
  });

  describe('through the channel gateway (PostgreSQL)', () => {
    it('an expired access token (401) is refreshed once and the video goes up once', async () => {
      const id = await h.connect('youtube', await authorize());
      fake.expireAccessTokens();
      const before = fake.videos.length;
      expect(await h.gateway.publish(id, { ...post(), media: [videoMedium(1024)] })).toMatchObject({ kind: 'published' });
      expect(fake.videos.length).toBe(before + 1);
      expect((await h.row(id)).status).toBe('active');
    });

    it('a revoked grant marks the connection needs_reconnect, and nothing is uploaded', async () => {
      const id = await h.connect('youtube', await authorize());
      fake.revokeAll();
      const before = fake.videos.length;
      expect(await h.gateway.publish(id, { ...post(), media: [videoMedium(1024)] })).toMatchObject({ kind: 'permanent', code: 'NEEDS_RECONNECT' });
      expect((await h.row(id)).status).toBe('needs_reconnect');
      expect(fake.videos.length).toBe(before);
    });
  });
});
