import { PinterestProvider } from '../../src/channels/providers/pinterest.provider';
import type { ChannelContext } from '../../src/channels/providers/channel-provider';
import { PINTEREST_BOARDS, PinterestFake } from '../fakes/pinterest.fake';
import { ChannelHarness, imageMedium, post, testSettings, videoMedium } from './channel-harness';

describe('PinterestProvider against the Pinterest API v5 fake', () => {
  let fake: PinterestFake;
  let pinterest: PinterestProvider;
  let h: ChannelHarness;
  const redirectUri = 'http://localhost:3000/api/v1/connections/pinterest/oauth/callback';

  /** As a browser would: Pinterest's consent page redirects back with a code, which is exchanged. */
  const authorize = async () => {
    const consent = await fetch(pinterest.authorizeUrl({ state: 'st', codeChallenge: 'unused', redirectUri }), { redirect: 'manual' });
    expect(consent.status).toBe(302);
    const back = new URL(consent.headers.get('location') as string);
    expect(back.searchParams.get('state')).toBe('st');
    return pinterest.exchangeCode({ code: back.searchParams.get('code') as string, codeVerifier: 'unused', redirectUri });
  };
  const ctxOf = async (): Promise<ChannelContext> => {
    const a = await authorize();
    return { connectionId: 'c', credentials: a.credentials, config: a.config, accountId: a.accountId };
  };

  beforeAll(async () => {
    fake = await new PinterestFake().start();
    const settings = testSettings({
      PINTEREST_API_URL: fake.url,
      PINTEREST_AUTHORIZE_URL: fake.authorizeUrl,
      PINTEREST_CLIENT_ID: fake.clientId,
      PINTEREST_CLIENT_SECRET: fake.clientSecret,
    });
    pinterest = new PinterestProvider(settings);
    h = await new ChannelHarness(settings, [pinterest]).start();
  });
  afterAll(async () => {
    await h?.stop();
    await fake?.stop();
  });
  beforeEach(() => {
    fake.clearFailures();
    fake.boards = PINTEREST_BOARDS.map((b) => ({ ...b }));
  });

  it('is configured only with an app id and secret, and is listed with its limits', () => {
    expect(pinterest.configured()).toBe(true);
    expect(new PinterestProvider(testSettings()).configured()).toBe(false);
    expect(pinterest.limits()).toMatchObject({
      id: 'pinterest',
      maxLength: 500,
      media: {
        image: { types: ['image/jpeg', 'image/png'], maxBytes: 20 * 1024 * 1024, maxCount: 5 },
        video: { maxDurationS: 900, minDurationS: 4 },
        required: ['image', 'video'],
        titleMaxLength: 100,
      },
    });
    const consent = new URL(pinterest.authorizeUrl({ state: 's', codeChallenge: 'c', redirectUri }));
    expect(consent.pathname).toBe('/oauth/');
    expect(consent.searchParams.get('scope')).toBe('boards:read,pins:read,pins:write,user_accounts:read');
  });

  it('exchanges the code with the app’s Basic credentials and connects the first board that is not secret', async () => {
    const account = await authorize();
    expect(account).toMatchObject({
      accountId: fake.user.id,
      displayName: 'acmecoffee · Coffee at home',
      config: { username: 'acmecoffee', boardId: '549755885002', boardName: 'Coffee at home' },
      credentials: { accessToken: expect.stringMatching(/^pina_/), refreshToken: expect.stringMatching(/^pinr_/) },
    });
    expect(account.expiresAt!.getTime()).toBeGreaterThan(Date.now() + 29 * 86_400_000);
    const exchange = fake.requests.filter((r) => r.path === '/v5/oauth/token').at(-1)!;
    expect(exchange.body).toMatchObject({ grant_type: 'authorization_code', continuous_refresh: 'true' });
    expect(exchange.body).not.toHaveProperty('code_verifier');
  });

  it('refuses to connect an account with no board it can pin to', async () => {
    fake.boards = [{ id: '1', name: 'Secret', privacy: 'SECRET' }];
    await expect(authorize()).rejects.toMatchObject({ kind: 'invalid', code: 'NO_BOARD', message: expect.stringContaining('create a board') });
  });

  it('lists every board of the account with its privacy, secret ones included, and follows a chosen board in the name made at connect', async () => {
    const ctx = await ctxOf();
    expect(await pinterest.boards(ctx)).toEqual([
      { id: '549755885001', name: 'Secret plans', privacy: 'SECRET' },
      { id: '549755885002', name: 'Coffee at home', privacy: 'PUBLIC' },
      { id: '549755885003', name: 'Latte art', privacy: 'PUBLIC' },
      { id: '549755885004', name: 'Wholesale partners', privacy: 'PROTECTED' },
    ]);
    expect(fake.requests.at(-1)!.query.get('page_size')).toBe('250');
    const latte = { id: '549755885003', name: 'Latte art', privacy: 'PUBLIC' as const };
    expect(pinterest.withBoard(ctx, 'acmecoffee · Coffee at home', latte)).toEqual({
      config: { username: 'acmecoffee', boardId: '549755885003', boardName: 'Latte art' },
      displayName: 'acmecoffee · Latte art',
    });
    // A name the user gave is theirs.
    expect(pinterest.withBoard(ctx, 'Shop pins', latte).displayName).toBe('Shop pins');
    // Pins then go to the chosen board.
    const out = await pinterest.publish({ ...ctx, config: pinterest.withBoard(ctx, 'x', latte).config }, { ...post(), media: [await imageMedium(20, 30)] });
    expect(out).toMatchObject({ kind: 'published' });
    expect(fake.pins.at(-1)!.board_id).toBe('549755885003');
  });

  it('pins an image to the board with title, description, the first link and alt text', async () => {
    const ctx = await ctxOf();
    const p = post({ body: 'Our autumn roast is out: https://acme.example/roast. Come by!', hashtags: ['coffee', 'roast'], title: 'Autumn roast' });
    const out = await pinterest.publish(ctx, { ...p, media: [await imageMedium(200, 300, { altText: 'A bag of autumn roast' })] });
    const pin = fake.pins.at(-1)!;
    expect(out).toMatchObject({ kind: 'published', externalId: pin.id, url: `https://www.pinterest.com/pin/${pin.id}/` });
    expect(out.kind === 'published' && out.publishedAt).toBe(new Date(`${pin.created_at}Z`).toISOString());
    expect(pin).toMatchObject({
      board_id: '549755885002',
      title: 'Autumn roast',
      description: `${p.body}\n\n#coffee #roast`,
      link: 'https://acme.example/roast',
      alt_text: 'A bag of autumn roast',
      images: ['image/png'],
    });
  });

  it('pins two to five images as one carousel', async () => {
    const ctx = await ctxOf();
    const out = await pinterest.publish(ctx, { ...post(), media: [await imageMedium(20, 30), await imageMedium(30, 30)] });
    expect(out).toMatchObject({ kind: 'published' });
    expect(fake.pins.at(-1)!.images).toEqual(['image/png', 'image/png']);
    expect((fake.requests.at(-1)!.body as { media_source: { source_type: string } }).media_source.source_type).toBe('multiple_image_base64');
  });

  it('refuses a post without an image or video, or a video with images, before calling Pinterest', async () => {
    const ctx = await ctxOf();
    const before = fake.requests.length;
    expect(await pinterest.publish(ctx, post())).toMatchObject({
      kind: 'permanent',
      code: 'IMAGE_REQUIRED',
      message: 'A Pin is an image or a video: attach one to this post before it is published.',
    });
    expect(await pinterest.publish(ctx, { ...post(), media: [videoMedium(1024), await imageMedium(8, 8)] })).toMatchObject({
      kind: 'permanent',
      code: 'MEDIA_MIXED',
    });
    expect(fake.requests.length).toBe(before);
  });

  it('makes a video Pin: registers the upload, posts the file with its upload parameters, waits for processing, then pins it', async () => {
    const ctx = await ctxOf();
    const p = post({ body: 'Latte art in ten seconds' });
    const out = await pinterest.publish(ctx, { ...p, media: [videoMedium(4096)] });
    const pin = fake.pins.at(-1)!;
    expect(out).toMatchObject({ kind: 'published', externalId: pin.id });
    const upload = fake.uploads.get(pin.mediaId!)!;
    expect(upload).toMatchObject({ status: 'succeeded', mimeType: 'video/mp4', bytes: 4096 });
    expect(pin).toMatchObject({ description: `${p.body}\n\n#coffee`, images: [] });
    const calls = fake.requests.slice(-5).map((r) => `${r.method} ${r.path.replace(/\d{6,}/g, ':id')}`);
    expect(calls).toEqual(['POST /v5/media', 'POST /media-upload', 'GET /v5/media/:id', 'GET /v5/media/:id', 'POST /v5/pins']);
    // The user's token never goes to the storage behind upload_url.
    expect(fake.requests.find((r) => r.path === '/media-upload')!.headers.authorization).toBeUndefined();
  });

  it('a video Pinterest cannot process is refused with nothing pinned; a failed upload is retryable, never unknown', async () => {
    const ctx = await ctxOf();
    const before = fake.pins.length;
    const notVideo = { ...videoMedium(1024), bytes: Buffer.from('not a video at all'), fileName: 'notes.mp4' };
    expect(await pinterest.publish(ctx, { ...post(), media: [notVideo] })).toMatchObject({
      kind: 'permanent',
      code: 'MEDIA_REJECTED',
      message: 'Pinterest refused notes.mp4: Pinterest could not process the video',
    });
    fake.fail('unavailable', { route: 'upload', times: 5 });
    expect(await pinterest.publish(ctx, { ...post(), media: [videoMedium(1024)] })).toMatchObject({ kind: 'retryable' });
    expect(fake.pins.length).toBe(before);
  });

  it('an image Pinterest cannot read is refused with its words, and nothing is pinned', async () => {
    const ctx = await ctxOf();
    const before = fake.pins.length;
    const bad = { ...(await imageMedium(8, 8)), bytes: Buffer.from('not an image at all'), fileName: 'notes.png' };
    expect(await pinterest.publish(ctx, { ...post(), media: [bad] })).toMatchObject({
      kind: 'permanent',
      code: 'REJECTED',
      message: 'Pinterest answered 400: Invalid image: the file is not a JPEG or PNG image. (code 2990)',
    });
    expect(fake.pins.length).toBe(before);
  });

  it('reads a rate limit (429) as retryable after x-ratelimit-reset; a 5xx on the pin call is unknown', async () => {
    const ctx = await ctxOf();
    fake.fail('rate-limit');
    const out = await pinterest.publish(ctx, { ...post(), media: [await imageMedium(8, 8)] });
    expect(out).toMatchObject({
      kind: 'retryable',
      code: 'RATE_LIMITED',
      message: 'Pinterest answered 429: You have exceeded your rate limit. Try again later. (code 29)',
    });
    expect(out.kind === 'retryable' && out.retryAfterMs).toBe(42_000);
    fake.fail('server-error');
    expect(await pinterest.publish(ctx, { ...post(), media: [await imageMedium(8, 8)] })).toMatchObject({ kind: 'unknown' });
  });

  it('after the pin call times out, reconcile finds the Pin on the board and no second one is made', async () => {
    const ctx = await ctxOf();
    const p = post({ body: `Reconcile me https://acme.example/r ${Date.now()}` });
    const media = [await imageMedium(8, 8)];
    fake.fail('timeout-after-accepting');
    expect(await h.timingOut(() => pinterest.publish(ctx, { ...p, media }))).toMatchObject({ kind: 'unknown' });
    const pin = fake.pins.at(-1)!;
    expect(await pinterest.reconcile(ctx, p)).toEqual({
      found: true,
      externalId: pin.id,
      url: `https://www.pinterest.com/pin/${pin.id}/`,
      publishedAt: expect.any(String),
    });
    expect(fake.pins.filter((x) => x.description.startsWith(p.body))).toHaveLength(1);
    expect(await pinterest.reconcile(ctx, post())).toEqual({ found: false });
  });

  it('reads analytics and status of a Pin', async () => {
    const ctx = await ctxOf();
    const out = await pinterest.publish(ctx, { ...post(), media: [await imageMedium(8, 8)] });
    if (out.kind !== 'published') throw new Error(out.kind);
    expect(await pinterest.metrics(ctx, out.externalId)).toEqual({ impressions: 812, engagements: 54, clicks: 19 });
    expect(await pinterest.fetchStatus(ctx, out.externalId)).toBe('live');
    expect(await pinterest.fetchStatus(ctx, '404404')).toBe('missing');
  });

  it('refresh answers a new refresh token (continuous refresh) and spends the old one; a spent one is revoked', async () => {
    const ctx = await ctxOf();
    const next = await pinterest.refresh(ctx);
    expect(next.credentials.refreshToken).toMatch(/^pinr_/);
    expect(next.credentials.refreshToken).not.toBe(ctx.credentials.refreshToken);
    await expect(pinterest.refresh(ctx)).rejects.toMatchObject({
      kind: 'revoked',
      code: 'INVALID_GRANT',
      message: 'Pinterest token endpoint answered 400: Invalid refresh token.',
    });
  });

  describe('through the channel gateway (PostgreSQL)', () => {
    it('an expired access token (401) is refreshed once and the Pin is made once', async () => {
      const id = await h.connect('pinterest', await authorize());
      fake.expireAccessTokens();
      const before = fake.pins.length;
      expect(await h.gateway.publish(id, { ...post(), media: [await imageMedium(8, 8)] })).toMatchObject({ kind: 'published' });
      expect(fake.pins.length).toBe(before + 1);
      expect((await h.row(id)).status).toBe('active');
    });

    it('a revoked grant marks the connection needs_reconnect, and nothing is pinned', async () => {
      const id = await h.connect('pinterest', await authorize());
      fake.revokeAll();
      const before = fake.pins.length;
      expect(await h.gateway.publish(id, { ...post(), media: [await imageMedium(8, 8)] })).toMatchObject({ kind: 'permanent', code: 'NEEDS_RECONNECT' });
      expect((await h.row(id)).status).toBe('needs_reconnect');
      expect(fake.pins.length).toBe(before);
    });
  });
});
