import type { PlatformInfo } from '@mt/messages';
import { randomUUID } from 'node:crypto';
import { ChannelGateway } from '../../apps/publishing-agent/src/channels/channel-gateway.port';
import {
  BlueskyFake,
  MastodonFake,
  MediumFake,
  MetaGraphFake,
  PinterestFake,
  ThreadsFake,
  WebhookReceiverFake,
  WordPressFake,
  XFake,
  YouTubeFake,
} from '../../apps/publishing-agent/test/fakes';
import { AGENT_MODULES } from '../../tools/run/platform';
import { api, PLATFORM_BOOT_MS, PLATFORM_MODES, registerUser, startTestPlatform, type TestPlatform } from '../support/platform';
import { joinBrand } from '../support/members';

const WEBHOOK_SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';

function gatewayOf(p: TestPlatform): ChannelGateway {
  const index = Object.keys(AGENT_MODULES).indexOf('publishing-agent');
  return p.platform.agents[index].get(ChannelGateway, { strict: false });
}

describe.each(PLATFORM_MODES)('channels (%s)', (mode) => {
  let p: TestPlatform;
  let receiver: WebhookReceiverFake;
  let x: XFake;
  let threads: ThreadsFake;
  let meta: MetaGraphFake;
  let mastodon: MastodonFake;
  let bluesky: BlueskyFake;
  let wordpress: WordPressFake;
  let medium: MediumFake;
  let pinterest: PinterestFake;
  let youtube: YouTubeFake;
  const tokens: Record<string, string> = {};
  let brandId: string;
  const answers: string[] = [];

  /** Every answer body is kept, so the last test can prove no secret ever left. */
  const call = async (method: string, route: string, opts: Parameters<typeof api>[3] = {}) => {
    const r = await api(p.url, method, route, opts);
    answers.push(typeof r.body === 'string' ? r.body : JSON.stringify(r.body));
    return r;
  };

  const register = (who: string) => registerUser(p.url, who);

  beforeAll(async () => {
    receiver = await new WebhookReceiverFake(WEBHOOK_SECRET).start();
    x = await new XFake().start();
    threads = await new ThreadsFake().start();
    meta = await new MetaGraphFake().start();
    mastodon = await new MastodonFake().start();
    bluesky = await new BlueskyFake().start();
    wordpress = await new WordPressFake().start();
    medium = await new MediumFake().start();
    pinterest = await new PinterestFake().start();
    youtube = await new YouTubeFake().start();
    p = await startTestPlatform(mode, {
      CHANNEL_RETRY_BASE_MS: '20',
      CHANNEL_TIMEOUT_MS: '1500',
      X_CLIENT_ID: x.clientId,
      X_CLIENT_SECRET: x.clientSecret,
      X_API_URL: x.url,
      X_AUTHORIZE_URL: x.authorizeUrl,
      THREADS_APP_ID: threads.appId,
      THREADS_APP_SECRET: threads.appSecret,
      THREADS_API_URL: threads.url,
      THREADS_AUTHORIZE_URL: threads.authorizeUrl,
      META_APP_ID: meta.appId,
      META_APP_SECRET: meta.appSecret,
      META_GRAPH_URL: meta.url,
      META_AUTHORIZE_URL: meta.authorizeUrl,
      BLUESKY_SERVICE_URL: bluesky.url,
      MEDIUM_API_URL: medium.url,
      PINTEREST_CLIENT_ID: pinterest.clientId,
      PINTEREST_CLIENT_SECRET: pinterest.clientSecret,
      PINTEREST_API_URL: pinterest.url,
      PINTEREST_AUTHORIZE_URL: pinterest.authorizeUrl,
      GOOGLE_CLIENT_ID: youtube.clientId,
      GOOGLE_CLIENT_SECRET: youtube.clientSecret,
      YOUTUBE_API_URL: youtube.url,
      GOOGLE_AUTHORIZE_URL: youtube.authorizeUrl,
      GOOGLE_TOKEN_URL: youtube.tokenUrl,
    });
    const owner = await register('owner');
    const viewer = await register('viewer');
    const stranger = await register('stranger');
    tokens.owner = owner.accessToken;
    tokens.viewer = viewer.accessToken;
    tokens.stranger = stranger.accessToken;
    const brand = await api(p.url, 'POST', '/api/v1/brands', { token: tokens.owner, body: { name: 'Acme Coffee' } });
    expect(brand.status).toBe(201);
    brandId = brand.body.id;
    await joinBrand(p.url, tokens.owner, brandId, { email: viewer.user.email, token: viewer.accessToken }, 'viewer');
  }, PLATFORM_BOOT_MS);
  afterAll(async () => {
    await p?.destroy();
    for (const f of [receiver, x, threads, meta, mastodon, bluesky, wordpress, medium, pinterest, youtube]) await f?.stop();
  });

  it('lists every platform with its limits and how it connects, to signed-in users only', async () => {
    expect((await call('GET', '/api/v1/platforms')).status).toBe(401);
    const r = await call('GET', '/api/v1/platforms', { token: tokens.viewer });
    expect(r.status).toBe(200);
    const byId = Object.fromEntries((r.body as PlatformInfo[]).map((x) => [x.id, x]));
    expect(Object.keys(byId)).toEqual([
      'x',
      'linkedin',
      'threads',
      'facebook',
      'instagram',
      'pinterest',
      'tiktok',
      'youtube',
      'mastodon',
      'bluesky',
      'wordpress',
      'medium',
      'webhook',
    ]);
    expect(byId.webhook).toMatchObject({
      authKind: 'webhook',
      configured: true,
      limits: { maxLength: 10_000 },
      configFields: ['url'],
      credentialFields: ['secret'],
    });
    expect(byId.x).toMatchObject({ label: 'X', authKind: 'oauth', configured: true, limits: { maxLength: 280, lengthUnit: 'characters' } });
    expect(byId.linkedin).toMatchObject({ authKind: 'oauth', configured: false });
    expect(byId.threads).toMatchObject({ label: 'Threads', authKind: 'oauth', configured: true, limits: { maxLength: 500, hashtags: { max: 1 } } });
    expect(byId.facebook).toMatchObject({ label: 'Facebook', authKind: 'oauth', configured: true, limits: { maxLength: 63_206 } });
    expect(byId.bluesky).toMatchObject({ authKind: 'token', limits: { maxLength: 300, lengthUnit: 'graphemes' } });
    expect(byId.pinterest).toMatchObject({ label: 'Pinterest', authKind: 'oauth', configured: true, limits: { maxLength: 500 } });
    expect(byId.youtube).toMatchObject({ label: 'YouTube', authKind: 'oauth', configured: true, limits: { maxLength: 5000 } });
    // The media each platform takes from this app, checked before a post is scheduled.
    expect(byId.tiktok.media.video).toMatchObject({ maxCount: 1, minFrameRate: 23, maxFrameRate: 60, minSidePx: 360, maxSidePx: 4096 });
    expect(byId.youtube.media).toMatchObject({ image: null, required: ['video'], titleMaxLength: 100 });
    expect(byId.bluesky.media).toMatchObject({ video: null, mixed: false, altText: { required: expect.any(Boolean) } });
    expect(byId.bluesky.media.image?.types).toContain('image/jpeg');
    expect(byId.webhook.media).toMatchObject({ image: null, video: null });
    expect(byId.threads.media.image).toBeNull(); // Threads uploads are not built yet
  });

  it('connects a signed webhook channel and publishes through it: the receiver verifies the signature', async () => {
    const created = await call('POST', '/api/v1/connections', {
      token: tokens.owner,
      body: { brandId, platform: 'webhook', displayName: 'Shop feed', config: { url: receiver.hookUrl, secret: WEBHOOK_SECRET } },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ brandId, platform: 'webhook', displayName: 'Shop feed', status: 'active' });
    expect(created.body).not.toHaveProperty('config');
    expect(created.body).not.toHaveProperty('credentials');

    const list = await call('GET', `/api/v1/connections?brandId=${brandId}`, { token: tokens.viewer });
    expect(list.status).toBe(200);
    expect(list.body.items.map((c: { id: string }) => c.id)).toContain(created.body.id);
    expect(list.body).toHaveProperty('nextCursor');

    const post = { contentId: randomUUID(), brandId, body: 'Fresh beans are in.', hashtags: ['coffee'], idempotencyKey: randomUUID() };
    const outcome = await gatewayOf(p).publish(created.body.id, post);
    expect(outcome).toMatchObject({ kind: 'published' });
    expect(receiver.deliveries).toHaveLength(1);
    expect(receiver.deliveries[0]).toMatchObject({
      verified: true,
      body: { type: 'post.published', data: { contentId: post.contentId, body: post.body, hashtags: ['coffee'] } },
    });
  });

  it('rejects a webhook without a usable secret or URL, and unknown fields', async () => {
    const noSecret = await call('POST', '/api/v1/connections', {
      token: tokens.owner,
      body: { brandId, platform: 'webhook', config: { url: receiver.hookUrl } },
    });
    expect(noSecret.status).toBe(400);
    expect(noSecret.body.code).toBe('VALIDATION_FAILED');
    const badUrl = await call('POST', '/api/v1/connections', {
      token: tokens.owner,
      body: { brandId, platform: 'webhook', config: { url: 'ftp://x', secret: WEBHOOK_SECRET } },
    });
    expect(badUrl.status).toBe(400);
    const extra = await call('POST', '/api/v1/connections', {
      token: tokens.owner,
      body: { brandId, platform: 'webhook', config: { url: receiver.hookUrl, secret: WEBHOOK_SECRET, colour: 'red' } },
    });
    expect(extra.status).toBe(400);
  });

  it('lets viewers read but not write, and hides the brand from strangers', async () => {
    const body = { brandId, platform: 'webhook', config: { url: receiver.hookUrl, secret: WEBHOOK_SECRET } };
    expect((await call('POST', '/api/v1/connections', { token: tokens.viewer, body })).status).toBe(403);
    expect((await call('POST', '/api/v1/connections', { token: tokens.stranger, body })).status).toBe(404);
    expect((await call('GET', `/api/v1/connections?brandId=${brandId}`, { token: tokens.stranger })).status).toBe(404);
    const created = await call('POST', '/api/v1/connections', { token: tokens.owner, body });
    expect(created.status).toBe(201);
    expect((await call('DELETE', `/api/v1/connections/${created.body.id}`, { token: tokens.viewer })).status).toBe(403);
    expect((await call('DELETE', `/api/v1/connections/${created.body.id}`, { token: tokens.stranger })).status).toBe(404);
    expect((await call('DELETE', `/api/v1/connections/${created.body.id}`, { token: tokens.owner })).status).toBe(204);
    const list = await call('GET', `/api/v1/connections?brandId=${brandId}`, { token: tokens.owner });
    expect(list.body.items.map((c: { id: string }) => c.id)).not.toContain(created.body.id);
    expect((await call('DELETE', `/api/v1/connections/${created.body.id}`, { token: tokens.owner })).status).toBe(404);
  });

  it('connects token platforms, verifying the credentials with each platform', async () => {
    const cases = [
      { platform: 'mastodon', credentials: { accessToken: mastodon.token }, config: { instanceUrl: mastodon.url }, accountId: mastodon.account.id },
      { platform: 'bluesky', credentials: { appPassword: bluesky.appPassword }, config: { handle: bluesky.handle }, accountId: bluesky.did },
      {
        platform: 'wordpress',
        credentials: { applicationPassword: wordpress.applicationPassword },
        config: { siteUrl: wordpress.siteUrl, username: wordpress.username },
        accountId: '7',
      },
      { platform: 'medium', credentials: { integrationToken: medium.token }, config: {}, accountId: medium.user.id },
    ];
    for (const c of cases) {
      const r = await call('POST', '/api/v1/connections', {
        token: tokens.owner,
        body: { brandId, platform: c.platform, credentials: c.credentials, config: c.config },
      });
      expect({ platform: c.platform, status: r.status }).toEqual({ platform: c.platform, status: 201 });
      expect(r.body).toMatchObject({ platform: c.platform, status: 'active', accountId: c.accountId });
      const out = await gatewayOf(p).publish(r.body.id, {
        contentId: randomUUID(),
        brandId,
        body: `Hello from ${c.platform}`,
        hashtags: [],
        idempotencyKey: randomUUID(),
      });
      expect({ platform: c.platform, kind: out.kind }).toEqual({ platform: c.platform, kind: 'published' });
    }
    const wrong = await call('POST', '/api/v1/connections', {
      token: tokens.owner,
      body: { brandId, platform: 'mastodon', credentials: { accessToken: 'wrong-token' }, config: { instanceUrl: mastodon.url } },
    });
    expect(wrong.status).toBe(422);
    expect(wrong.body.detail).toContain('did not accept these credentials');
    const viaPost = await call('POST', '/api/v1/connections', { token: tokens.owner, body: { brandId, platform: 'x', credentials: { accessToken: 'a' } } });
    expect(viaPost.status).toBe(400);
  });

  it('a revoked token shows needs_reconnect; connecting the same account again renews that connection', async () => {
    const body = { brandId, platform: 'mastodon', credentials: { accessToken: mastodon.token }, config: { instanceUrl: mastodon.url } };
    const first = await call('POST', '/api/v1/connections', { token: tokens.owner, body });
    expect(first.status).toBe(201);
    mastodon.revoked = true;
    const out = await gatewayOf(p).publish(first.body.id, {
      contentId: randomUUID(),
      brandId,
      body: 'Will not go out',
      hashtags: [],
      idempotencyKey: randomUUID(),
    });
    mastodon.revoked = false;
    expect(out).toMatchObject({ kind: 'permanent', code: 'NEEDS_RECONNECT' });
    const listed = (await call('GET', `/api/v1/connections?brandId=${brandId}`, { token: tokens.viewer })).body.items.find(
      (c: { id: string }) => c.id === first.body.id,
    );
    expect(listed).toMatchObject({ status: 'needs_reconnect', statusReason: expect.stringContaining('Reconnect') });
    const again = await call('POST', '/api/v1/connections', { token: tokens.owner, body });
    expect(again.status).toBe(201);
    expect(again.body).toMatchObject({ id: first.body.id, status: 'active', statusReason: null });
  });

  it('connects X through OAuth 2.0 with PKCE: start → consent at X → callback → an active connection', async () => {
    expect((await call('GET', `/api/v1/connections/x/oauth/start?brandId=${brandId}`, { token: tokens.viewer })).status).toBe(403);
    expect((await call('GET', `/api/v1/connections/x/oauth/start?brandId=${brandId}`, { token: tokens.stranger })).status).toBe(404);
    expect((await call('GET', `/api/v1/connections/linkedin/oauth/start?brandId=${brandId}`, { token: tokens.owner })).status).toBe(422);
    expect((await call('GET', `/api/v1/connections/mastodon/oauth/start?brandId=${brandId}`, { token: tokens.owner })).status).toBe(400);

    const start = await call('GET', `/api/v1/connections/x/oauth/start?brandId=${brandId}`, { token: tokens.owner });
    expect(start.status).toBe(200);
    const authorize = new URL(start.body.authorizeUrl);
    expect(authorize.origin + authorize.pathname).toBe(x.authorizeUrl);
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorize.searchParams.get('state')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    // The start binds the flow to this browser: an HttpOnly, SameSite=Lax cookie for the callback only.
    const setCookie = start.headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(/^mt_oauth_x=[\w-]+;/);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    expect(setCookie).toMatch(/Path=\/api\/v1\/connections\/x\/oauth\/callback/);
    const browser = { cookie: setCookie.split(';')[0] };

    // The browser at X: consent, then X redirects back to our callback with code and state.
    const consent = await fetch(start.body.authorizeUrl, { redirect: 'manual' });
    expect(consent.status).toBe(302);
    const back = new URL(consent.headers.get('location') as string);
    expect(back.pathname).toBe('/api/v1/connections/x/oauth/callback');
    const callback = await fetch(`${p.url}${back.pathname}${back.search}`, { redirect: 'manual', headers: browser });
    expect(callback.status).toBe(303);
    expect(callback.headers.get('location')).toBe('/channels?connected=x');

    const list = await call('GET', `/api/v1/connections?brandId=${brandId}`, { token: tokens.viewer });
    const conn = list.body.items.find((c: { platform: string }) => c.platform === 'x');
    expect(conn).toMatchObject({ status: 'active', displayName: '@acmecoffee', accountId: x.user.id });
    expect(Date.parse(conn.expiresAt)).toBeGreaterThan(Date.now());

    // The state is spent: replaying the callback does not connect anything again.
    const replay = await fetch(`${p.url}${back.pathname}${back.search}`, { redirect: 'manual', headers: browser });
    expect(replay.headers.get('location')).toBe('/channels?error=invalid_state');
    const forged = await fetch(`${p.url}/api/v1/connections/x/oauth/callback?code=abc&state=forged`, { redirect: 'manual', headers: browser });
    expect(forged.headers.get('location')).toBe('/channels?error=browser_mismatch');

    const out = await gatewayOf(p).publish(conn.id, {
      contentId: randomUUID(),
      brandId,
      body: 'First tweet from the scheduler',
      hashtags: ['coffee'],
      idempotencyKey: randomUUID(),
    });
    expect(out).toMatchObject({ kind: 'published' });
    expect(x.tweets.at(-1)?.text).toBe('First tweet from the scheduler\n\n#coffee');
  });

  it('connects Threads through OAuth: start → consent → callback exchanges for a 60-day token → publishes in two steps', async () => {
    const start = await call('GET', `/api/v1/connections/threads/oauth/start?brandId=${brandId}`, { token: tokens.owner });
    expect(start.status).toBe(200);
    const authorize = new URL(start.body.authorizeUrl);
    expect(authorize.origin + authorize.pathname).toBe(threads.authorizeUrl);
    expect(authorize.searchParams.get('scope')).toBe('threads_basic,threads_content_publish');
    const browser = { cookie: (start.headers.get('set-cookie') ?? '').split(';')[0] };
    expect(browser.cookie).toMatch(/^mt_oauth_threads=/);

    const consent = await fetch(start.body.authorizeUrl, { redirect: 'manual' });
    const back = new URL(consent.headers.get('location') as string);
    expect(back.pathname).toBe('/api/v1/connections/threads/oauth/callback');
    const callback = await fetch(`${p.url}${back.pathname}${back.search}`, { redirect: 'manual', headers: browser });
    expect(callback.headers.get('location')).toBe('/channels?connected=threads');

    const list = await call('GET', `/api/v1/connections?brandId=${brandId}`, { token: tokens.viewer });
    const conn = list.body.items.find((c: { platform: string }) => c.platform === 'threads');
    expect(conn).toMatchObject({ status: 'active', displayName: '@acmecoffee', accountId: threads.user.id });
    expect(Date.parse(conn.expiresAt)).toBeGreaterThan(Date.now() + 59 * 86_400_000);

    const out = await gatewayOf(p).publish(conn.id, {
      contentId: randomUUID(),
      brandId,
      body: 'First thread from the scheduler',
      hashtags: ['coffee'],
      idempotencyKey: randomUUID(),
    });
    expect(out).toMatchObject({ kind: 'published', url: expect.stringMatching(/^https:\/\/www\.threads\.net\/@acmecoffee\/post\//) });
    expect(threads.threads.at(-1)?.text).toBe('First thread from the scheduler\n\n#coffee');
  });

  it('connects a Facebook Page through Facebook Login: start → consent → callback → Page token → publishes text and a photo', async () => {
    const start = await call('GET', `/api/v1/connections/facebook/oauth/start?brandId=${brandId}`, { token: tokens.owner });
    expect(start.status).toBe(200);
    const authorize = new URL(start.body.authorizeUrl);
    expect(authorize.origin + authorize.pathname).toBe(meta.authorizeUrl);
    expect(authorize.searchParams.get('scope')).toBe('pages_show_list,pages_read_engagement,pages_manage_posts');
    const browser = { cookie: (start.headers.get('set-cookie') ?? '').split(';')[0] };

    const consent = await fetch(start.body.authorizeUrl, { redirect: 'manual' });
    const back = new URL(consent.headers.get('location') as string);
    expect(back.pathname).toBe('/api/v1/connections/facebook/oauth/callback');
    const callback = await fetch(`${p.url}${back.pathname}${back.search}`, { redirect: 'manual', headers: browser });
    expect(callback.headers.get('location')).toBe('/channels?connected=facebook');

    const list = await call('GET', `/api/v1/connections?brandId=${brandId}`, { token: tokens.viewer });
    const conn = list.body.items.find((c: { platform: string }) => c.platform === 'facebook');
    expect(conn).toMatchObject({ status: 'active', displayName: 'Acme Coffee', accountId: meta.page.id });
    expect(Date.parse(conn.expiresAt)).toBeGreaterThan(Date.now() + 59 * 86_400_000);

    const base = { contentId: randomUUID(), brandId, hashtags: ['coffee'] };
    const text = await gatewayOf(p).publish(conn.id, { ...base, body: 'First Page post from the scheduler', idempotencyKey: randomUUID() });
    expect(text).toMatchObject({ kind: 'published', url: expect.stringMatching(new RegExp(`^https://www\\.facebook\\.com/${meta.page.id}/posts/`)) });
    expect(meta.posts.at(-1)?.message).toBe('First Page post from the scheduler\n\n#coffee');

    const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC', 'base64');
    const photo = await gatewayOf(p).publish(conn.id, {
      ...base,
      body: 'A photo from the roastery',
      idempotencyKey: randomUUID(),
      media: [{ id: randomUUID(), kind: 'image', mimeType: 'image/png', fileName: 'dot.png', bytes: png, width: 1, height: 1, altText: 'A dot', focus: null }],
    });
    expect(photo).toMatchObject({ kind: 'published' });
    expect(meta.posts.at(-1)?.photos).toHaveLength(1);
  });

  it.each(['pinterest', 'youtube'] as const)('connects %s through its OAuth: start → consent → callback → publishes through the fake', async (platform) => {
    const start = await call('GET', `/api/v1/connections/${platform}/oauth/start?brandId=${brandId}`, { token: tokens.owner });
    expect(start.status).toBe(200);
    const browser = { cookie: (start.headers.get('set-cookie') ?? '').split(';')[0] };
    const consent = await fetch(start.body.authorizeUrl, { redirect: 'manual' });
    const back = new URL(consent.headers.get('location') as string);
    expect(back.pathname).toBe(`/api/v1/connections/${platform}/oauth/callback`);
    const callback = await fetch(`${p.url}${back.pathname}${back.search}`, { redirect: 'manual', headers: browser });
    expect(callback.headers.get('location')).toBe(`/channels?connected=${platform}`);

    const list = await call('GET', `/api/v1/connections?brandId=${brandId}`, { token: tokens.viewer });
    const conn = list.body.items.find((c: { platform: string }) => c.platform === platform);
    expect(conn).toMatchObject({ status: 'active', displayName: platform === 'pinterest' ? 'acmecoffee · Coffee at home' : 'Acme Coffee' });

    const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC', 'base64');
    const mp4 = Buffer.alloc(2048);
    Buffer.from([0, 0, 0, 0x18, 0x66, 0x74, 0x79, 0x70, 0x69, 0x73, 0x6f, 0x6d]).copy(mp4, 0);
    const medium =
      platform === 'pinterest'
        ? {
            id: randomUUID(),
            kind: 'image' as const,
            mimeType: 'image/png',
            fileName: 'dot.png',
            bytes: png,
            width: 1,
            height: 1,
            altText: 'A dot',
            focus: null,
          }
        : {
            id: randomUUID(),
            kind: 'video' as const,
            mimeType: 'video/mp4',
            fileName: 'pour.mp4',
            bytes: mp4,
            width: 320,
            height: 240,
            altText: null,
            focus: null,
          };
    const out = await gatewayOf(p).publish(conn.id, {
      contentId: randomUUID(),
      brandId,
      hashtags: ['coffee'],
      body: `From the roastery to ${platform}`,
      idempotencyKey: randomUUID(),
      media: [medium],
    });
    expect(out).toMatchObject({ kind: 'published' });
    if (platform === 'pinterest')
      expect(pinterest.pins.at(-1)).toMatchObject({ description: 'From the roastery to pinterest\n\n#coffee', images: ['image/png'] });
    else expect(youtube.videos.at(-1)).toMatchObject({ description: 'From the roastery to youtube\n\n#coffee', bytes: 2048 });
  });

  it('a declined consent comes back as an error for the web UI', async () => {
    const start = await call('GET', `/api/v1/connections/x/oauth/start?brandId=${brandId}`, { token: tokens.owner });
    const state = new URL(start.body.authorizeUrl).searchParams.get('state') as string;
    const cookie = (start.headers.get('set-cookie') ?? '').split(';')[0];
    const declined = await fetch(`${p.url}/api/v1/connections/x/oauth/callback?error=access_denied&state=${state}`, {
      redirect: 'manual',
      headers: { cookie },
    });
    expect(declined.status).toBe(303);
    expect(declined.headers.get('location')).toBe('/channels?error=access_denied');
  });

  it("refuses a callback in a browser that did not start it: an editor's authorize URL opened by someone else connects nothing", async () => {
    const before = (await call('GET', `/api/v1/connections?brandId=${brandId}`, { token: tokens.owner })).body.items.length;
    // The attacker starts (as an owner of their brand) and sends the authorize URL to a victim.
    const start = await call('GET', `/api/v1/connections/x/oauth/start?brandId=${brandId}`, { token: tokens.owner });
    const consent = await fetch(start.body.authorizeUrl, { redirect: 'manual' }); // the victim consents at X
    const back = new URL(consent.headers.get('location') as string);
    // The victim's browser has no cookie of this start, or one of its own start.
    const own = await call('GET', `/api/v1/connections/x/oauth/start?brandId=${brandId}`, { token: tokens.owner });
    for (const headers of [{}, { cookie: (own.headers.get('set-cookie') ?? '').split(';')[0] }] as Record<string, string>[]) {
      const r = await fetch(`${p.url}${back.pathname}${back.search}`, { redirect: 'manual', headers });
      expect(r.status).toBe(303);
      expect(r.headers.get('location')).toBe('/channels?error=browser_mismatch');
    }
    expect((await call('GET', `/api/v1/connections?brandId=${brandId}`, { token: tokens.owner })).body.items.length).toBe(before);
  });

  it('never answers a credential', () => {
    const all = answers.join('\n');
    const secrets = [WEBHOOK_SECRET, mastodon.token, bluesky.appPassword, wordpress.applicationPassword, medium.token, x.clientSecret, meta.appSecret];
    for (const s of secrets) expect(all).not.toContain(s);
    expect(all).not.toMatch(/xat-|xrt-|accessJwt|refreshJwt|EAApage|EAAlong/);
  });
});
