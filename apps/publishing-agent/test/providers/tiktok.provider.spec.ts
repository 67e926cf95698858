import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { verifyPublicMedia } from '@mt/runtime';
import type { OutboundMedia, OutboundPost, PlatformState } from '../../src/channels/channel-gateway.port';
import { TikTokProvider } from '../../src/channels/providers/tiktok.provider';
import type { ChannelContext } from '../../src/channels/providers/channel-provider';
import { TikTokFake } from '../fakes/tiktok.fake';
import { post, testSettings, videoMedium } from './channel-harness';

const SECRET = 'media-url-secret-for-tests-0123456789abcdef';

/** The gateway's public media route as TikTok meets it (GET /api/v1/public-media/{key}, ADR 176): bytes while the signature holds. */
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
      res.writeHead(200, { 'content-type': q.type }).end(bytes);
    });
    await new Promise<void>((r) => this.server?.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    await new Promise<void>((r) => (this.server ? this.server.close(() => r()) : r()));
  }

  keep(m: OutboundMedia): OutboundMedia {
    const storageKey = `${randomUUID()}/${m.id}`;
    this.blobs.set(storageKey, m.bytes);
    return { ...m, storageKey };
  }
}

/** A schedule item's memory as the publish runner keeps it: every state written, in order. */
function withState(p: OutboundPost, fail = false): OutboundPost & { kept: PlatformState[] } {
  const kept: PlatformState[] = [];
  const out: OutboundPost & { kept: PlatformState[] } = {
    ...p,
    kept,
    platformState: null,
    keepState: async (s) => {
      if (fail) throw new Error('the claim on this schedule item was taken over');
      kept.push(s);
      out.platformState = s;
    },
  };
  return out;
}

/** A real MP4 (ffmpeg's test pattern), for the checks TikTok makes of the video it pulls. */
function movie(size: string, fps: number, seconds = 3): Buffer {
  const dir = mkdtempSync(path.join(tmpdir(), 'mt-tiktok-'));
  try {
    const file = path.join(dir, 'clip.mp4');
    execFileSync('ffmpeg', ['-v', 'error', '-f', 'lavfi', '-i', `testsrc=duration=${seconds}:size=${size}:rate=${fps}`, '-c:v', 'mpeg4', '-y', file]);
    return readFileSync(file);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('TikTokProvider against the TikTok Content Posting API fake', () => {
  let fake: TikTokFake;
  let host: MediaHost;
  let tiktok: TikTokProvider;
  const redirectUri = 'http://localhost:3000/api/v1/connections/tiktok/oauth/callback';
  const env = () => ({
    TIKTOK_API_URL: fake.url,
    TIKTOK_AUTHORIZE_URL: fake.authorizeUrl,
    TIKTOK_CLIENT_KEY: fake.clientKey,
    TIKTOK_CLIENT_SECRET: fake.clientSecret,
    MEDIA_URL_SECRET: SECRET,
    MEDIA_PUBLIC_URL: host.url,
  });

  const authorize = async (p = tiktok) => {
    const consent = await fetch(p.authorizeUrl({ state: 'st', codeChallenge: 'unused', redirectUri }), { redirect: 'manual' });
    expect(consent.status).toBe(302);
    const back = new URL(consent.headers.get('location') as string);
    expect(back.searchParams.get('state')).toBe('st');
    return p.exchangeCode({ code: back.searchParams.get('code') as string, codeVerifier: 'unused', redirectUri });
  };
  const ctxOf = async (p = tiktok): Promise<ChannelContext> => {
    const a = await authorize(p);
    return { connectionId: 'c', credentials: a.credentials, config: a.config, accountId: a.accountId };
  };
  const clip = () => host.keep(videoMedium(64 * 1024));
  const jpeg = async () =>
    host.keep({
      id: randomUUID(),
      kind: 'image',
      mimeType: 'image/jpeg',
      fileName: 'beans.jpg',
      bytes: await sharp({ create: { width: 1080, height: 1350, channels: 3, background: '#6f4e37' } })
        .jpeg()
        .toBuffer(),
      width: 1080,
      height: 1350,
      altText: null,
      focus: null,
    });
  const inits = () => fake.requests.filter((r) => r.path.endsWith('/init/')).length;

  beforeAll(async () => {
    fake = await new TikTokFake().start();
    host = await new MediaHost().start();
    tiktok = new TikTokProvider(testSettings(env()));
  });
  afterAll(async () => {
    await fake?.stop();
    await host?.stop();
  });
  beforeEach(() => {
    fake.clearFailures();
    fake.privacyOptions = ['PUBLIC_TO_EVERYONE', 'MUTUAL_FOLLOW_FRIENDS', 'SELF_ONLY'];
    fake.audited = true;
    fake.verifiedPrefixes = [];
    fake.postsLeftToday = 15;
    fake.processingPolls = 1;
    fake.maxVideoPostDurationSec = 600;
  });

  it('is configured only with a client key, secret and the media URL secret, and is listed with its limits', () => {
    expect(tiktok.configured()).toBe(true);
    expect(new TikTokProvider(testSettings({ TIKTOK_CLIENT_KEY: 'k', TIKTOK_CLIENT_SECRET: 's' })).configured()).toBe(false);
    expect(tiktok.limits()).toMatchObject({
      id: 'tiktok',
      label: 'TikTok',
      maxLength: 2200,
      media: {
        required: ['image', 'video'],
        image: { types: ['image/jpeg', 'image/webp', 'image/png'], sendAs: 'image/jpeg', maxCount: 35 },
        video: {
          types: ['video/mp4', 'video/webm', 'video/quicktime'],
          maxCount: 1,
          maxDurationS: 600,
          ...{ minFrameRate: 23, maxFrameRate: 60, minSidePx: 360, maxSidePx: 4096 },
        },
      },
    });
  });

  it('connects through TikTok OAuth v2: the creator is the account, and a refresh rotates the refresh token', async () => {
    const a = await authorize();
    expect(a).toMatchObject({ accountId: fake.creator.open_id, displayName: '@acmecoffee', config: { username: 'acmecoffee', nickname: 'Acme Coffee' } });
    expect(a.credentials.accessToken).toMatch(/^act\./);
    expect(a.expiresAt!.getTime() - Date.now()).toBeGreaterThan(23 * 3600_000);
    const ctx = { connectionId: 'c', credentials: a.credentials, config: a.config, accountId: a.accountId };
    const r = await tiktok.refresh(ctx);
    expect(r.credentials.refreshToken).not.toBe(a.credentials.refreshToken);
    // The spent refresh token is refused with invalid_grant: the user must reconnect.
    await expect(tiktok.refresh(ctx)).rejects.toMatchObject({ kind: 'revoked', code: 'INVALID_GRANT' });
  });

  it('posts a video by PULL_FROM_URL, keeping the publish_id before TikTok has published it', async () => {
    const ctx = await ctxOf();
    const p = withState({ ...post(), media: [clip()] });
    const out = await tiktok.publish(ctx, p);
    expect(out).toMatchObject({ kind: 'published', externalId: expect.stringMatching(/^74\d{17}$/) });
    const made = fake.posts.at(-1)!;
    expect(out.kind === 'published' && out.url).toBe(`https://www.tiktok.com/@acmecoffee/video/${made.post_id}`);
    expect(out.kind === 'published' && out.externalId).toBe(made.post_id);
    expect(made).toMatchObject({ kind: 'video', title: `${p.body}\n\n#coffee`, privacy_level: 'PUBLIC_TO_EVERYONE', pulled: ['video/mp4'] });
    expect(p.kept).toEqual([
      { phase: 'init', at: expect.any(String) },
      { phase: 'sent', publishId: made.publish_id },
    ]);
  });

  it('posts photos through content/init as a DIRECT_POST PHOTO', async () => {
    const ctx = await ctxOf();
    const out = await tiktok.publish(ctx, withState({ ...post({ body: 'Roast day\nTwo origins, one morning.' }), media: [await jpeg(), await jpeg()] }));
    expect(out.kind).toBe('published');
    expect(fake.posts.at(-1)).toMatchObject({ kind: 'photo', title: 'Roast day', pulled: ['image/jpeg', 'image/jpeg'] });
  });

  it('reconciles by the kept publish_id: still processing is "cannot tell yet", then found once, never posted twice', async () => {
    fake.processingPolls = 1_000;
    const slow = new TikTokProvider(testSettings({ ...env(), CHANNEL_MEDIA_BUDGET_MS: '200' }));
    const ctx = await ctxOf(slow);
    const p2 = withState({ ...post(), media: [clip()] });
    expect(await slow.publish(ctx, p2)).toMatchObject({ kind: 'unknown', reason: expect.stringContaining('still processing') });
    const publishId = p2.platformState?.publishId as string;
    expect(publishId).toMatch(/^v_pub_url~/);
    await expect(slow.reconcile(ctx, p2)).rejects.toMatchObject({ kind: 'transient', code: 'STILL_PROCESSING' });
    await fake.complete(publishId);
    const found = await slow.reconcile(ctx, p2);
    const made = fake.publishes.find((x) => x.publish_id === publishId)!;
    expect(found).toEqual({
      found: true,
      externalId: made.post_id,
      url: `https://www.tiktok.com/@acmecoffee/video/${made.post_id}`,
      publishedAt: expect.any(String),
    });
    expect(fake.publishes.filter((x) => x.title === made.title)).toHaveLength(1);
  });

  it('a publish TikTok failed is not found, so the retry posts anew; its fail_reason decides retryable or permanent', async () => {
    const ctx = await ctxOf();
    const bad = host.keep({ ...videoMedium(1024), bytes: Buffer.from('not a video at all, only text'.repeat(20)) });
    const p = withState({ ...post(), media: [bad] });
    expect(await tiktok.publish(ctx, p)).toMatchObject({
      kind: 'permanent',
      code: 'MEDIA_REJECTED',
      message: expect.stringContaining('file_format_check_failed'),
    });
    expect(await tiktok.reconcile(ctx, p)).toEqual({ found: false });
    const gone = { ...clip(), storageKey: `${randomUUID()}/missing` };
    expect(await tiktok.publish(ctx, withState({ ...post(), media: [gone] }))).toMatchObject({
      kind: 'retryable',
      message: expect.stringContaining('video_pull_failed'),
    });
  });

  it("a pulled video outside TikTok's video restrictions fails the publish, saying what to do about it", async () => {
    const ctx = await ctxOf();
    const go = (bytes: Buffer) => tiktok.publish(ctx, withState({ ...post(), media: [host.keep({ ...videoMedium(16), bytes })] }));
    expect(await go(movie('360x640', 10))).toEqual({
      kind: 'permanent',
      code: 'MEDIA_REJECTED',
      message: 'TikTok did not publish the post (frame_rate_check_failed): TikTok takes videos of 23 to 60 frames per second; export the video again at 30.',
    });
    expect(await go(movie('320x240', 30))).toMatchObject({
      kind: 'permanent',
      code: 'MEDIA_REJECTED',
      message: 'TikTok did not publish the post (picture_size_check_failed): TikTok takes videos of 360 to 4,096 pixels on each side.',
    });
    // A video whose length was never probed reaches TikTok, which holds it to the creator's limit.
    fake.maxVideoPostDurationSec = 2;
    expect(await go(movie('360x640', 30))).toMatchObject({ kind: 'permanent', message: expect.stringContaining('(duration_check_failed)') });
    fake.maxVideoPostDurationSec = 600;
    expect(await go(movie('360x640', 30))).toMatchObject({ kind: 'published' });
    expect(fake.publishes.slice(-4).map((x) => x.fail_reason)).toEqual(['frame_rate_check_failed', 'picture_size_check_failed', 'duration_check_failed', null]);
  });

  it("refuses a video longer than the creator may post before any init (creator_info's max_video_post_duration_sec)", async () => {
    const ctx = await ctxOf();
    fake.maxVideoPostDurationSec = 60;
    const before = inits();
    const long = host.keep(videoMedium(1024, { fileName: 'tour.mp4', durationS: 61.4 }));
    expect(await tiktok.publish(ctx, withState({ ...post(), media: [long] }))).toEqual({
      kind: 'permanent',
      code: 'VIDEO_TOO_LONG',
      message: 'tour.mp4 runs 61 s; TikTok lets @acmecoffee post videos up to 60 s.',
    });
    expect(inits()).toBe(before);
    expect(await tiktok.publish(ctx, withState({ ...post(), media: [host.keep(videoMedium(1024, { durationS: 59 }))] }))).toMatchObject({ kind: 'published' });
  });

  it('an init whose answer was lost cannot be reconciled: RECONCILE_UNAVAILABLE, and the post is not sent again', async () => {
    const ctx = await ctxOf();
    const quick = new TikTokProvider(testSettings({ ...env(), CHANNEL_TIMEOUT_MS: '300' }));
    fake.fail('timeout-after-accepting', { route: 'publish' });
    const p = withState({ ...post(), media: [clip()] });
    expect(await quick.publish(ctx, p)).toMatchObject({ kind: 'unknown' });
    expect(p.kept).toEqual([{ phase: 'init', at: expect.any(String) }]);
    await expect(quick.reconcile(ctx, p)).rejects.toEqual(expect.objectContaining({ kind: 'permanent', code: 'RECONCILE_UNAVAILABLE' }));
    expect(fake.publishes.filter((x) => x.title.startsWith(p.body))).toHaveLength(1);
    // An attempt that kept nothing never sent an init: nothing to find, a publish is safe.
    expect(await quick.reconcile(ctx, withState({ ...post(), media: [clip()] }))).toEqual({ found: false });
  });

  it('does not post when the publish_id cannot be kept', async () => {
    const ctx = await ctxOf();
    const before = inits();
    expect(await tiktok.publish(ctx, withState({ ...post(), media: [clip()] }, true))).toMatchObject({ kind: 'retryable', code: 'STATE_UNAVAILABLE' });
    expect(await tiktok.publish(ctx, { ...post(), media: [clip()] })).toMatchObject({ kind: 'retryable', code: 'STATE_UNAVAILABLE' });
    expect(inits()).toBe(before);
  });

  it("maps TikTok's documented error codes to retryable or permanent", async () => {
    const ctx = await ctxOf();
    const go = () => tiktok.publish(ctx, withState({ ...post(), media: [clip()] }));

    fake.postsLeftToday = 0;
    expect(await go()).toMatchObject({
      kind: 'retryable',
      code: 'RATE_LIMITED',
      retryAfterMs: 3_600_000,
      message: expect.stringContaining('spam_risk_too_many_posts'),
    });
    fake.postsLeftToday = 15;

    fake.fail('rate-limit', { route: 'publish' });
    expect(await go()).toMatchObject({
      kind: 'retryable',
      code: 'RATE_LIMITED',
      retryAfterMs: 60_000,
      message: expect.stringContaining('rate_limit_exceeded'),
    });

    fake.fail('server-error', { route: 'publish' });
    expect(await go()).toMatchObject({ kind: 'unknown' });

    fake.fail('revoked', { route: 'publish' });
    expect(await go()).toMatchObject({ kind: 'permanent', code: 'AUTH_REVOKED', message: expect.stringContaining('access_token_invalid') });

    fake.verifiedPrefixes = ['https://media.acme.example/'];
    expect(await go()).toMatchObject({ kind: 'permanent', code: 'NOT_CONFIGURED', message: expect.stringContaining('url_ownership_unverified') });
    fake.verifiedPrefixes = [];

    fake.audited = false;
    expect(await go()).toMatchObject({
      kind: 'permanent',
      code: 'FORBIDDEN',
      message: expect.stringContaining('unaudited_client_can_only_post_to_private_accounts'),
    });
    fake.audited = true;

    // privacy_level from creator_info: a level the creator may not use is refused before any init.
    fake.privacyOptions = ['SELF_ONLY'];
    const before = inits();
    expect(await go()).toMatchObject({ kind: 'permanent', code: 'PRIVACY_LEVEL_NOT_ALLOWED', message: expect.stringContaining('SELF_ONLY') });
    expect(inits()).toBe(before);
  });

  it('refuses what TikTok cannot take before calling it', async () => {
    const ctx = await ctxOf();
    expect(await tiktok.publish(ctx, withState(post()))).toMatchObject({ kind: 'permanent', code: 'MEDIA_REQUIRED' });
    expect(await tiktok.publish(ctx, withState({ ...post(), media: [clip(), await jpeg()] }))).toMatchObject({ kind: 'permanent', code: 'MEDIA_MIXED' });
    expect(await tiktok.publish(ctx, withState({ ...post(), media: [videoMedium(1024)] }))).toMatchObject({ kind: 'permanent', code: 'MEDIA_NOT_PUBLIC' });
  });

  it('reads a public post back and its metrics through video.query', async () => {
    const ctx = await ctxOf();
    const out = await tiktok.publish(ctx, withState({ ...post(), media: [clip()] }));
    if (out.kind !== 'published') throw new Error(`not published: ${JSON.stringify(out)}`);
    expect(await tiktok.fetchStatus(ctx, out.externalId)).toBe('live');
    expect(await tiktok.fetchStatus(ctx, '7400000000000000999')).toBe('missing');
    expect(await tiktok.metrics(ctx, out.externalId)).toEqual({ impressions: 120, engagements: 12, clicks: 0 });
  });
});
