import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DataSource } from 'typeorm';
import { TikTokFake } from '../../apps/publishing-agent/test/fakes';
import { approvedContent, type MediaChannelPlatform, startMediaChannelPlatform, uploadMedia } from '../support/media-channel';
import { api, PLATFORM_BOOT_MS, PLATFORM_MODES, type TestPlatform, until } from '../support/platform';

interface Item {
  id: string;
  contentId: string;
  status: string;
  attempts: number;
  externalId: string | null;
  url: string | null;
  error: { code: string; message: string } | null;
}

/** An MP4 as a phone or an editor exports it (ffmpeg's test pattern), `fps` frames a second. */
function clip(opts: { width: number; height: number; fps: number; seconds: number }): Buffer {
  const dir = mkdtempSync(path.join(tmpdir(), 'mt-tiktok-'));
  try {
    const file = path.join(dir, 'clip.mp4');
    const src = `testsrc=duration=${opts.seconds}:size=${opts.width}x${opts.height}:rate=${opts.fps}`;
    execFileSync('ffmpeg', ['-v', 'error', '-f', 'lavfi', '-i', src, '-c:v', 'mpeg4', '-y', file]);
    return readFileSync(file);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * TikTok Direct Post (ADR 181) through the whole system: TikTok OAuth v2, a video from the media
 * library pulled by TikTok from the gateway's signed public URL, the publish followed through the
 * status endpoint, and exactly once across a restart by the publish_id kept with the schedule item.
 */
describe.each(PLATFORM_MODES)('tiktok channel (%s)', (mode) => {
  let sys: MediaChannelPlatform;
  let p: TestPlatform;
  let tt: TikTokFake;
  let token: string;
  let brandId: string;
  let connectionId: string;
  const call = (method: string, route: string, opts: { token?: string; body?: unknown } = {}) => api(p.url, method, route, { token, ...opts });

  const upload = (bytes: Buffer, name: string) => uploadMedia(sys, bytes, name);
  /** Approved TikTok content, as creation-agent announces it. */
  const approved = (body: string) => approvedContent(sys, { platform: 'tiktok', body, topic: 'Brewing', format: 'video' });
  /** Schedules `body` with `video` on the TikTok connection now. */
  const publish = async (body: string, video: Buffer): Promise<string> => {
    const media = await upload(video, 'clip.mp4');
    expect([media.status, media.body.type, media.body.mimeType]).toEqual([201, 'video', 'video/mp4']);
    const content = await approved(body);
    expect((await call('PUT', `/api/v1/content/${content}/media`, { body: { mediaIds: [media.body.id] } })).status).toBe(200);
    expect((await call('POST', `/api/v1/content/${content}/publish`, { body: { connectionIds: [connectionId] } })).status).toBe(201);
    return content;
  };
  const itemNow = async (contentId: string): Promise<Item | undefined> =>
    ((await call('GET', `/api/v1/schedule?brandId=${brandId}`)).body.items as Item[]).find((i) => i.contentId === contentId);
  /** The item once it has an outcome (published, failed). */
  const settled = (contentId: string) =>
    until('the post to have an outcome', async () => {
      const item = await itemNow(contentId);
      return item && !['scheduled', 'publishing', 'unknown'].includes(item.status) ? item : undefined;
    });
  const inits = (title: string) =>
    tt.requests.filter((r) => r.path.endsWith('/init/') && String((r.body as { post_info?: { title?: string } }).post_info?.title).startsWith(title));
  const statusPolls = (publishId: string) =>
    tt.requests.filter((r) => r.path === '/v2/post/publish/status/fetch/' && (r.body as { publish_id?: string }).publish_id === publishId).length;
  /** publishing-agent's database, to stand for rows written before a column existed. */
  const publishingDb = () => p.platform.agents.map((a) => a.get(DataSource)).find((ds) => (ds.options as { schema?: string }).schema === 'publishing')!;
  const publishOf = (title: string) => until(`TikTok to get "${title}"`, async () => tt.publishes.find((x) => x.title.startsWith(title)));

  beforeAll(async () => {
    tt = await new TikTokFake().start();
    sys = await startMediaChannelPlatform(mode, {
      SCHEDULER_POLL_MS: '250',
      CHANNEL_RETRY_BASE_MS: '20',
      // TikTok still processing after 1.5 s is "outcome unknown", reconciled by its publish_id.
      CHANNEL_MEDIA_BUDGET_MS: '1500',
      PUBLISH_RETRY_BASE_MS: '600',
      // Room for the looks at a post TikTok is still processing, across the restart, each after
      // the wait the provider asks for (ADR 206).
      PUBLISH_MAX_ATTEMPTS: '10',
      TIKTOK_STILL_PROCESSING_WAIT_MS: '600',
      ...{ TIKTOK_CLIENT_KEY: tt.clientKey, TIKTOK_CLIENT_SECRET: tt.clientSecret, TIKTOK_API_URL: tt.url, TIKTOK_AUTHORIZE_URL: tt.authorizeUrl },
    });
    ({ p, token, brandId } = sys);
  }, PLATFORM_BOOT_MS);

  afterAll(async () => {
    await sys?.stop();
    await tt?.stop();
  });

  it('is listed as configured with its limits, and connects through TikTok OAuth v2 to the creator', async () => {
    const platforms = await call('GET', '/api/v1/platforms');
    const listed = (platforms.body as { id: string }[]).find((x) => x.id === 'tiktok');
    expect(listed).toMatchObject({ label: 'TikTok', authKind: 'oauth', configured: true, limits: { maxLength: 2200, links: 'none' } });

    const start = await call('GET', `/api/v1/connections/tiktok/oauth/start?brandId=${brandId}`);
    expect(start.status).toBe(200);
    const authorize = new URL(start.body.authorizeUrl);
    expect([authorize.searchParams.get('client_key'), authorize.searchParams.get('scope')]).toEqual([tt.clientKey, 'user.info.basic,video.publish,video.list']);
    const browser = { cookie: (start.headers.get('set-cookie') ?? '').split(';')[0] };
    const consent = await fetch(start.body.authorizeUrl, { redirect: 'manual' });
    const back = new URL(consent.headers.get('location') as string);
    expect(back.pathname).toBe('/api/v1/connections/tiktok/oauth/callback');
    const callback = await fetch(`${p.url}${back.pathname}${back.search}`, { redirect: 'manual', headers: browser });
    expect(callback.headers.get('location')).toBe('/channels?connected=tiktok');
    const list = await call('GET', `/api/v1/connections?brandId=${brandId}`);
    const conn = list.body.items.find((c: { platform: string }) => c.platform === 'tiktok');
    expect(conn).toMatchObject({ status: 'active', displayName: '@acmecoffee', accountId: tt.creator.open_id });
    connectionId = conn.id;
  });

  it('publishes a video: TikTok pulls it from the signed public URL, the status is followed to the post id; a post without media is refused', async () => {
    const content = await approved('Pour-over in ninety seconds');
    const bare = await call('POST', `/api/v1/content/${content}/publish`, { body: { connectionIds: [connectionId] } });
    expect([bare.status, bare.body.code, bare.body.detail]).toEqual([
      422,
      'MEDIA_REQUIRED',
      'TikTok posts need an image or a video. Attach one before scheduling the post.',
    ]);
    const video = await upload(clip({ width: 360, height: 640, fps: 30, seconds: 3 }), 'pour.mp4');
    expect([video.status, video.body.type, Math.round(video.body.durationS), video.body.frameRate]).toEqual([201, 'video', 3, 30]);
    expect((await call('PUT', `/api/v1/content/${content}/media`, { body: { mediaIds: [video.body.id] } })).status).toBe(200);
    expect((await call('POST', `/api/v1/content/${content}/publish`, { body: { connectionIds: [connectionId] } })).status).toBe(201);

    const item = await settled(content);
    const made = tt.publishes.filter((x) => x.title.startsWith('Pour-over in ninety seconds'));
    expect(made).toHaveLength(1);
    expect(made[0]).toMatchObject({
      kind: 'video',
      title: 'Pour-over in ninety seconds\n\n#coffee',
      privacy_level: 'PUBLIC_TO_EVERYONE',
      pulled: ['video/mp4'],
      status: 'PUBLISH_COMPLETE',
    });
    expect(made[0].urls[0].startsWith(`${sys.origin.url}/api/v1/public-media/${brandId}/${video.body.id}?`)).toBe(true);
    // TikTok's post ids are int64, past JavaScript's exact integers: the very digits TikTok wrote.
    expect(made[0].post_id).toMatch(/^74\d{17}$/);
    expect(item).toMatchObject({
      status: 'published',
      attempts: 1,
      externalId: made[0].post_id,
      url: `https://www.tiktok.com/@acmecoffee/video/${made[0].post_id}`,
      error: null,
    });
    expect(inits('Pour-over in ninety seconds')).toHaveLength(1);
    // PROCESSING_UPLOAD first, then PUBLISH_COMPLETE.
    expect(statusPolls(made[0].publish_id)).toBeGreaterThanOrEqual(2);
  });

  it("at the creator's daily cap (spam_risk_too_many_posts) nothing is sent and the post waits, saying why", async () => {
    tt.postsLeftToday = 0;
    try {
      const content = await publish('Latte art, take two', clip({ width: 360, height: 640, fps: 30, seconds: 3 }));
      const item = await until('the post to be put back', async () => {
        const i = await itemNow(content);
        return i?.error?.code === 'RATE_LIMITED' ? i : undefined;
      });
      expect(item).toMatchObject({ status: 'scheduled', attempts: 1, externalId: null });
      expect(item.error?.message).toContain('spam_risk_too_many_posts');
      expect(inits('Latte art, take two')).toHaveLength(0);
      // The next attempt is an hour away: the post still waits, and TikTok still has nothing.
      await new Promise((r) => setTimeout(r, 1_500));
      expect(await itemNow(content)).toMatchObject({ status: 'scheduled', attempts: 1 });
      expect(inits('Latte art, take two')).toHaveLength(0);
      const cancel = await call('DELETE', `/api/v1/content/${content}/schedule`);
      expect([cancel.status, cancel.body.cancelled]).toEqual([200, 1]);
    } finally {
      tt.postsLeftToday = 15;
    }
  });

  it("a video outside TikTok's frame rate or picture size is refused when it is put on the post, in TikTok's words; one at 30 fps goes (ADR 203)", async () => {
    const content = await approved('Cupping, frame by frame');
    const slow = await upload(clip({ width: 360, height: 640, fps: 15, seconds: 3 }), 'cupping.mp4');
    expect([slow.status, slow.body.type, slow.body.frameRate]).toEqual([201, 'video', 15]);
    const refused = await call('PUT', `/api/v1/content/${content}/media`, { body: { mediaIds: [slow.body.id] } });
    expect([refused.status, refused.body.code, refused.body.detail]).toEqual([
      422,
      'MEDIA_NOT_ALLOWED',
      'cupping.mp4 runs at 15 frames per second; TikTok takes videos of 23 to 60 frames per second.',
    ]);
    const small = await upload(clip({ width: 320, height: 568, fps: 30, seconds: 3 }), 'small.mp4');
    const tooSmall = await call('PUT', `/api/v1/content/${content}/media`, { body: { mediaIds: [small.body.id] } });
    expect([tooSmall.status, tooSmall.body.detail]).toEqual([422, 'small.mp4 is 320×568; TikTok takes videos of 360 to 4096 px on each side.']);
    expect((await call('GET', `/api/v1/content/${content}/media`)).body.mediaIds).toEqual([]);

    const steady = await upload(clip({ width: 360, height: 640, fps: 30, seconds: 3 }), 'cupping-30.mp4');
    expect([steady.status, steady.body.frameRate]).toEqual([201, 30]);
    expect((await call('PUT', `/api/v1/content/${content}/media`, { body: { mediaIds: [steady.body.id] } })).status).toBe(200);
    expect((await call('POST', `/api/v1/content/${content}/publish`, { body: { connectionIds: [connectionId] } })).status).toBe(201);
    expect(await settled(content)).toMatchObject({ status: 'published', attempts: 1, error: null });
    expect(tt.publishes.filter((x) => x.title.startsWith('Cupping, frame by frame'))).toMatchObject([{ kind: 'video', status: 'PUBLISH_COMPLETE' }]);
  });

  it('a video TikTok refuses after pulling it (frame_rate_check_failed) fails once, in words the user can act on, and is not sent again', async () => {
    // A video uploaded before the library read frame rates has none: nothing refuses it before
    // TikTok does, and TikTok's refusal must still reach the user.
    const video = await upload(clip({ width: 360, height: 640, fps: 10, seconds: 3 }), 'clip.mp4');
    await publishingDb().query(`UPDATE publishing.media SET frame_rate = NULL WHERE id = $1`, [video.body.id]);
    const content = await approved('The roaster, time-lapse');
    expect((await call('PUT', `/api/v1/content/${content}/media`, { body: { mediaIds: [video.body.id] } })).status).toBe(200);
    expect((await call('POST', `/api/v1/content/${content}/publish`, { body: { connectionIds: [connectionId] } })).status).toBe(201);
    const item = await settled(content);
    const made = tt.publishes.filter((x) => x.title.startsWith('The roaster, time-lapse'));
    expect(made).toMatchObject([{ status: 'FAILED', fail_reason: 'frame_rate_check_failed', post_id: null }]);
    expect(item).toMatchObject({
      status: 'failed',
      attempts: 1,
      externalId: null,
      error: {
        code: 'MEDIA_REJECTED',
        message: 'TikTok did not publish the post (frame_rate_check_failed): TikTok takes videos of 23 to 60 frames per second; export the video again at 30.',
      },
    });
    await new Promise((r) => setTimeout(r, 1_500));
    expect(inits('The roaster, time-lapse')).toHaveLength(1);
  });

  it("a video longer than the creator may post is refused before anything is sent (creator_info's max_video_post_duration_sec)", async () => {
    tt.maxVideoPostDurationSec = 2;
    try {
      const content = await publish('Three seconds of crema', clip({ width: 360, height: 640, fps: 30, seconds: 3 }));
      expect(await settled(content)).toMatchObject({
        status: 'failed',
        attempts: 1,
        error: { code: 'VIDEO_TOO_LONG', message: 'clip.mp4 runs 3 s; TikTok lets @acmecoffee post videos up to 2 s.' },
      });
      expect(inits('Three seconds of crema')).toHaveLength(0);
    } finally {
      tt.maxVideoPostDurationSec = 600;
    }
  });

  it('a restart while TikTok is still processing does not post twice: the new process follows the kept publish_id to the post', async () => {
    // Moderation can take hours: TikTok answers PROCESSING_UPLOAD until told otherwise.
    tt.processingPolls = 1_000_000;
    try {
      const content = await publish('Harvest in Huila', clip({ width: 360, height: 640, fps: 30, seconds: 3 }));
      const made = await publishOf('Harvest in Huila');
      // TikTok took the init and has pulled the video (a pull cut short by the stop would fail the
      // publish, and rightly post anew), and the attempt has begun to follow it: stop the system
      // now, mid-attempt, and start it again on the same data.
      await made.pull;
      expect(made.status).toBe('PROCESSING_UPLOAD');
      await until('the attempt to ask about the publish', async () => (statusPolls(made.publish_id) > 0 ? true : undefined));
      p = await sys.restart();
      const polledBefore = statusPolls(made.publish_id);

      const waiting = await until('the new process to ask TikTok about the kept publish_id', async () => {
        const i = await itemNow(content);
        if (i && !['unknown', 'publishing'].includes(i.status)) throw new Error(`the post was not left waiting for TikTok: ${JSON.stringify(i)}`);
        return statusPolls(made.publish_id) > polledBefore && i?.status === 'unknown' && i.error?.code === 'RECONCILE_FAILED' ? i : undefined;
      });
      expect(waiting.error?.message).toContain(`still processing the post (publish_id ${made.publish_id}`);
      expect(inits('Harvest in Huila')).toHaveLength(1);

      await tt.complete(made.publish_id);
      const item = await settled(content);
      expect(item).toMatchObject({
        status: 'published',
        externalId: made.post_id,
        url: `https://www.tiktok.com/@acmecoffee/video/${made.post_id}`,
        error: null,
      });
      expect(item.attempts).toBeGreaterThanOrEqual(2);
      expect(inits('Harvest in Huila')).toHaveLength(1);
      expect(tt.publishes.filter((x) => x.title.startsWith('Harvest in Huila'))).toHaveLength(1);
    } finally {
      tt.processingPolls = 1;
    }
  });
});
