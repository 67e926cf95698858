import { FacebookProvider } from '../../src/channels/providers/facebook.provider';
import type { ChannelContext } from '../../src/channels/providers/channel-provider';
import { MetaGraphFake } from '../fakes/meta-graph.fake';
import { ChannelHarness, imageMedium, post, testSettings, videoMedium } from './channel-harness';

describe('FacebookProvider against the Graph API fake', () => {
  let fake: MetaGraphFake;
  let facebook: FacebookProvider;
  let h: ChannelHarness;
  const redirectUri = 'http://localhost:3000/api/v1/connections/facebook/oauth/callback';

  /** As a browser would: Facebook Login's dialog redirects back with a code, which is exchanged. */
  const authorize = async () => {
    const consent = await fetch(facebook.authorizeUrl({ state: 'st', codeChallenge: 'unused', redirectUri }), { redirect: 'manual' });
    expect(consent.status).toBe(302);
    const back = new URL(consent.headers.get('location') as string);
    expect(back.searchParams.get('state')).toBe('st');
    return facebook.exchangeCode({ code: back.searchParams.get('code') as string, codeVerifier: 'unused', redirectUri });
  };
  const ctxOf = async (): Promise<ChannelContext> => {
    const a = await authorize();
    return { connectionId: 'c', credentials: a.credentials, config: a.config, accountId: a.accountId };
  };

  beforeAll(async () => {
    fake = await new MetaGraphFake().start();
    const settings = testSettings({
      META_GRAPH_URL: fake.url,
      META_AUTHORIZE_URL: fake.authorizeUrl,
      META_APP_ID: fake.appId,
      META_APP_SECRET: fake.appSecret,
    });
    facebook = new FacebookProvider(settings);
    h = await new ChannelHarness(settings, [facebook]).start();
  });
  afterAll(async () => {
    await h?.stop();
    await fake?.stop();
  });
  beforeEach(() => {
    fake.clearFailures();
    fake.pageTasks = ['ANALYZE', 'ADVERTISE', 'MODERATE', 'CREATE_CONTENT', 'MANAGE'];
  });

  it('is configured only with an app id and secret, and is listed with its limits', () => {
    expect(facebook.configured()).toBe(true);
    expect(new FacebookProvider(testSettings()).configured()).toBe(false);
    expect(facebook.limits()).toMatchObject({ id: 'facebook', label: 'Facebook', maxLength: 63_206, media: { image: { maxCount: 10 } } });
    const dialog = new URL(facebook.authorizeUrl({ state: 's', codeChallenge: 'c', redirectUri }));
    expect(dialog.searchParams.get('scope')).toBe('pages_show_list,pages_read_engagement,pages_manage_posts');
  });

  it('exchanges the code for a user token, then a 60-day one, and connects the Page with its own token', async () => {
    const account = await authorize();
    expect(account).toMatchObject({ accountId: fake.page.id, displayName: 'Acme Coffee', config: { pageId: fake.page.id, pageName: 'Acme Coffee' } });
    // The Page token is as good as the 60-day user token it came from.
    expect(account.expiresAt!.getTime()).toBeGreaterThan(Date.now() + 59 * 86_400_000);
    expect(account.credentials.accessToken).toMatch(/^EAApage/);
    expect(account.credentials.userToken).toMatch(/^EAAlong/);
    const exchange = fake.requests.find((r) => r.query.get('grant_type') === 'fb_exchange_token');
    expect(exchange?.path).toBe('/v23.0/oauth/access_token');
    // A code is single-use: a second exchange is a refused grant.
    const consent = await fetch(facebook.authorizeUrl({ state: 's', codeChallenge: 'c', redirectUri }), { redirect: 'manual' });
    const code = new URL(consent.headers.get('location') as string).searchParams.get('code') as string;
    await facebook.exchangeCode({ code, codeVerifier: 'v', redirectUri });
    await expect(facebook.exchangeCode({ code, codeVerifier: 'v', redirectUri })).rejects.toMatchObject({
      kind: 'revoked',
      code: 'INVALID_GRANT',
      message: expect.stringContaining('This authorization code has been used.'),
    });
  });

  it('refuses to connect when the user may post on no Page', async () => {
    fake.pageTasks = [];
    await expect(authorize()).rejects.toMatchObject({ kind: 'invalid', code: 'NO_PAGE', message: expect.stringContaining('no Page') });
  });

  it('publishes a text post to the Page feed, with its first link as the link preview; id and permalink back', async () => {
    const ctx = await ctxOf();
    const p = post({ body: 'Our autumn roast is out: https://acme.example/roast. Come by!', hashtags: ['coffee', 'roast'] });
    const out = await facebook.publish(ctx, p);
    const made = fake.posts.at(-1)!;
    expect(out).toMatchObject({ kind: 'published', externalId: made.id, url: `https://www.facebook.com/${fake.page.id}/posts/${made.id.split('_')[1]}` });
    expect(made).toMatchObject({ message: `${p.body}\n\n#coffee #roast`, link: 'https://acme.example/roast', photos: [] });
  });

  it('uploads images unpublished, then attaches them to one feed post, with their alt text', async () => {
    const ctx = await ctxOf();
    const media = [await imageMedium(64, 48), await imageMedium(32, 32, { altText: 'A cup of flat white' })];
    const out = await facebook.publish(ctx, { ...post(), media });
    expect(out).toMatchObject({ kind: 'published' });
    const made = fake.posts.at(-1)!;
    expect(made.photos).toHaveLength(2);
    expect(made.link).toBeUndefined();
    expect(made.photos.map((id) => fake.photos.get(id))).toEqual([
      expect.objectContaining({ mimeType: 'image/png', altText: 'Green coffee beans', published: true }),
      expect.objectContaining({ altText: 'A cup of flat white', published: true }),
    ]);
    const calls = fake.requests.slice(-4).map((r) => `${r.method} ${r.path.replace(/\d{6,}/g, ':id')}`);
    expect(calls).toEqual(['POST /v23.0/:id/photos', 'POST /v23.0/:id/photos', 'POST /v23.0/:id/feed', 'GET /v23.0/:id_:id']);
  });

  it('refuses an image Facebook cannot read with its words, and posts nothing; a failed upload is retryable, never unknown', async () => {
    const ctx = await ctxOf();
    const before = fake.posts.length;
    const bad = { ...(await imageMedium(8, 8)), bytes: Buffer.from('not an image at all'), fileName: 'notes.png' };
    expect(await facebook.publish(ctx, { ...post(), media: [bad] })).toMatchObject({
      kind: 'permanent',
      code: 'MEDIA_REJECTED',
      message: expect.stringMatching(/Facebook refused notes\.png: .*Missing or invalid image file \(code 324/),
    });
    fake.fail('unavailable', { route: 'upload', times: 5 });
    expect(await facebook.publish(ctx, { ...post(), media: [await imageMedium(8, 8)] })).toMatchObject({ kind: 'retryable' });
    expect(fake.posts.length).toBe(before);
  });

  it('posts a video through /videos, which makes the post; the URL is the video permalink', async () => {
    const ctx = await ctxOf();
    const p = post({ body: 'Pour-over in slow motion' });
    const out = await facebook.publish(ctx, { ...p, media: [videoMedium(4096)] });
    const made = fake.posts.at(-1)!;
    expect(out).toMatchObject({ kind: 'published', externalId: made.video, url: `https://www.facebook.com/${fake.page.id}/videos/${made.video}/` });
    expect(made.message).toBe(`${p.body}\n\n#coffee`);
  });

  it('reads a rate limit (code 32) as retryable after the documented estimated_time_to_regain_access', async () => {
    const ctx = await ctxOf();
    fake.fail('rate-limit');
    const before = fake.posts.length;
    const out = await facebook.publish(ctx, post());
    expect(out).toMatchObject({ kind: 'retryable', code: 'RATE_LIMITED', message: expect.stringContaining('Page request limit reached (code 32') });
    expect(out.kind === 'retryable' && out.retryAfterMs).toBe(3 * 60_000);
    expect(fake.posts.length).toBe(before);
  });

  it('a bad parameter (code 100) is permanent with Facebook’s words; code 1 (500) and 2 (503) on the post are unknown', async () => {
    const ctx = await ctxOf();
    expect(await facebook.publish(ctx, post({ body: 'x'.repeat(63_300), hashtags: [] }))).toMatchObject({
      kind: 'permanent',
      code: 'REJECTED',
      message: expect.stringContaining('The message is too long (code 100'),
    });
    fake.fail('server-error');
    expect(await facebook.publish(ctx, post())).toMatchObject({ kind: 'unknown', reason: expect.stringContaining('code 1') });
    fake.fail('unavailable');
    expect(await facebook.publish(ctx, post())).toMatchObject({ kind: 'unknown' });
  });

  it('after the feed post times out, reconcile finds the post and no second one is made', async () => {
    const ctx = await ctxOf();
    const p = post({ body: `Reconcile me https://acme.example/r ${Date.now()}` });
    fake.fail('timeout-after-accepting');
    expect(await h.timingOut(() => facebook.publish(ctx, p))).toMatchObject({ kind: 'unknown' });
    const found = await facebook.reconcile(ctx, p);
    expect(found).toMatchObject({ found: true, externalId: fake.posts.at(-1)!.id, url: expect.stringMatching(/^https:\/\/www\.facebook\.com\//) });
    expect(fake.posts.filter((t) => t.message.startsWith(p.body))).toHaveLength(1);
    expect(await facebook.reconcile(ctx, post())).toEqual({ found: false });
  });

  it('refresh renews the user token (fb_exchange_token) and derives a fresh Page token; a dead user token (190) is revoked', async () => {
    const ctx = await ctxOf();
    const next = await facebook.refresh(ctx);
    expect(next.credentials.accessToken).toMatch(/^EAApage/);
    expect(next.credentials.accessToken).not.toBe(ctx.credentials.accessToken);
    expect(next.credentials.userToken).toMatch(/^EAAlong/);
    expect(next.expiresAt!.getTime()).toBeGreaterThan(Date.now() + 59 * 86_400_000);
    expect(fake.requests.slice(-2).map((r) => r.query.get('grant_type') ?? r.query.get('fields'))).toEqual(['fb_exchange_token', 'access_token']);
    fake.expireTokens();
    await expect(facebook.refresh(ctx)).rejects.toMatchObject({
      kind: 'revoked',
      code: 'AUTH_REVOKED',
      message: expect.stringContaining('Session has expired'),
    });
  });

  it('retries a transient refresh failure with backoff', async () => {
    const ctx = await ctxOf();
    fake.fail('unavailable', { route: 'refresh', times: 1 });
    await expect(facebook.refresh(ctx)).resolves.toMatchObject({ credentials: { accessToken: expect.stringMatching(/^EAApage/) } });
  });

  it('reads insights and status of a post', async () => {
    const ctx = await ctxOf();
    const out = await facebook.publish(ctx, post());
    if (out.kind !== 'published') throw new Error(out.kind);
    expect(await facebook.metrics(ctx, out.externalId)).toEqual({ impressions: 540, engagements: 15, clicks: 17 });
    expect(await facebook.fetchStatus(ctx, out.externalId)).toBe('live');
    expect(await facebook.fetchStatus(ctx, '1')).toBe('missing');
  });

  describe('through the channel gateway (PostgreSQL)', () => {
    it('a Page token Facebook no longer takes (190) is renewed from the user token, and the post goes out once', async () => {
      const id = await h.connect('facebook', await authorize());
      fake.expirePageTokens();
      const before = fake.posts.length;
      expect(await h.gateway.publish(id, post())).toMatchObject({ kind: 'published' });
      expect(fake.posts.length).toBe(before + 1);
      expect((await h.row(id)).status).toBe('active');
      expect((await h.changedEvents(id)).map((e) => e.reason)).toEqual(['connected']);
    });

    it('refreshes the tokens ahead of the user token’s expiry before publishing', async () => {
      const id = await h.connect('facebook', await authorize());
      await h.expireAt(id, new Date(Date.now() + 1000));
      expect(await h.gateway.publish(id, post())).toMatchObject({ kind: 'published' });
      expect((await h.row(id)).expiresAt!.getTime()).toBeGreaterThan(Date.now() + 59 * 86_400_000);
    });

    it('a dead user token too (code 190) marks the connection needs_reconnect, and nothing is posted', async () => {
      const id = await h.connect('facebook', await authorize());
      fake.expireTokens();
      const before = fake.posts.length;
      expect(await h.gateway.publish(id, post())).toMatchObject({ kind: 'permanent', code: 'NEEDS_RECONNECT' });
      const row = await h.row(id);
      expect(row.status).toBe('needs_reconnect');
      expect(row.statusReason).toMatch(/Reconnect it in Channels/);
      expect((await h.changedEvents(id)).map((e) => e.reason)).toEqual(['connected', 'needs_reconnect']);
      expect(JSON.stringify(await h.changedEvents(id))).not.toMatch(/EAA/);
      expect(fake.posts.length).toBe(before);
    });
  });
});
