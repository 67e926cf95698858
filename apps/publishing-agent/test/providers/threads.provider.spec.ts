import { ThreadsProvider } from '../../src/channels/providers/threads.provider';
import type { ChannelContext } from '../../src/channels/providers/channel-provider';
import { ThreadsFake } from '../fakes/threads.fake';
import { ChannelHarness, post, testSettings } from './channel-harness';

describe('ThreadsProvider against the Threads fake', () => {
  let fake: ThreadsFake;
  let threads: ThreadsProvider;
  let h: ChannelHarness;
  const redirectUri = 'http://localhost:3000/api/v1/connections/threads/oauth/callback';

  /** As a browser would: the authorization window redirects back with a code, which is exchanged. */
  const authorize = async () => {
    const consent = await fetch(threads.authorizeUrl({ state: 'st', codeChallenge: 'unused', redirectUri }), { redirect: 'manual' });
    expect(consent.status).toBe(302);
    const back = new URL(consent.headers.get('location') as string);
    expect(back.searchParams.get('state')).toBe('st');
    return threads.exchangeCode({ code: back.searchParams.get('code') as string, codeVerifier: 'unused', redirectUri });
  };
  const ctxOf = async (): Promise<ChannelContext> => {
    const a = await authorize();
    return { connectionId: 'c', credentials: a.credentials, config: a.config, accountId: a.accountId };
  };

  beforeAll(async () => {
    fake = await new ThreadsFake().start();
    const settings = testSettings({
      THREADS_API_URL: fake.url,
      THREADS_AUTHORIZE_URL: fake.authorizeUrl,
      THREADS_APP_ID: fake.appId,
      THREADS_APP_SECRET: fake.appSecret,
    });
    threads = new ThreadsProvider(settings);
    h = await new ChannelHarness(settings, [threads]).start();
  });
  afterAll(async () => {
    await h?.stop();
    await fake?.stop();
  });
  beforeEach(() => {
    fake.clearFailures();
    fake.containerChecks = 0;
  });

  it('is configured only with an app id and secret, and is listed with its limits', () => {
    expect(threads.configured()).toBe(true);
    expect(new ThreadsProvider(testSettings()).configured()).toBe(false);
    expect(threads.limits()).toMatchObject({ id: 'threads', label: 'Threads', maxLength: 500, hashtags: { max: 1 } });
  });

  it('exchanges the code for a short-lived token, then a 60-day token, and says who it is', async () => {
    const account = await authorize();
    expect(account).toMatchObject({ accountId: fake.user.id, displayName: '@acmecoffee', config: { username: 'acmecoffee' } });
    expect(account.credentials.accessToken).toMatch(/^THAAlong/);
    expect(account.expiresAt!.getTime()).toBeGreaterThan(Date.now() + 59 * 86_400_000);
    // A code is single-use: a second exchange is a refused grant.
    const consent = await fetch(threads.authorizeUrl({ state: 's', codeChallenge: 'c', redirectUri }), { redirect: 'manual' });
    const code = new URL(consent.headers.get('location') as string).searchParams.get('code') as string;
    await threads.exchangeCode({ code, codeVerifier: 'v', redirectUri });
    await expect(threads.exchangeCode({ code, codeVerifier: 'v', redirectUri })).rejects.toMatchObject({ kind: 'revoked', code: 'INVALID_GRANT' });
  });

  it('publishes a text post in two steps: container, then threads_publish; id and permalink back', async () => {
    const ctx = await ctxOf();
    const p = post({ hashtags: ['coffee', 'beans'] });
    const out = await threads.publish(ctx, p);
    expect(out).toMatchObject({ kind: 'published', url: expect.stringMatching(/^https:\/\/www\.threads\.net\/@acmecoffee\/post\//) });
    const made = fake.threads.at(-1)!;
    if (out.kind === 'published') expect(out.externalId).toBe(made.id);
    // One topic tag: only the first hashtag is sent.
    expect(made.text).toBe(`${p.body}\n\n#coffee`);
    const calls = fake.requests.slice(-4).map((r) => `${r.method} ${r.path.replace(/\d{6,}/g, ':id')}`);
    expect(calls).toEqual(['POST /v1.0/:id/threads', 'GET /v1.0/:id', 'POST /v1.0/:id/threads_publish', 'GET /v1.0/:id']);
  });

  it('attaches the first link of the post as link_attachment', async () => {
    const ctx = await ctxOf();
    const out = await threads.publish(ctx, post({ body: 'Our autumn roast is out: https://acme.example/roast. Come by!', hashtags: [] }));
    expect(out).toMatchObject({ kind: 'published' });
    expect(fake.threads.at(-1)).toMatchObject({ link_attachment: 'https://acme.example/roast' });
    await threads.publish(ctx, post({ hashtags: [] }));
    expect(fake.threads.at(-1)?.link_attachment).toBeUndefined();
  });

  it('refuses a post over 500 characters with Threads’ words, and publishes nothing', async () => {
    const ctx = await ctxOf();
    const before = fake.threads.length;
    // 300 characters of text, but each emoji counts as its 4 UTF-8 bytes at Threads: 600.
    const out = await threads.publish(ctx, post({ body: '🫘'.repeat(150), hashtags: [] }));
    expect(out).toMatchObject({ kind: 'permanent', code: 'REJECTED', message: expect.stringContaining('Param text must be at most 500 characters long.') });
    expect(out.kind === 'permanent' && out.message).toMatch(/code 100/);
    expect(fake.threads.length).toBe(before);
  });

  it('waits for a container that is not FINISHED yet, and answers retryable when it stays in progress', async () => {
    const ctx = await ctxOf();
    fake.containerChecks = 1;
    expect(await threads.publish(ctx, post())).toMatchObject({ kind: 'published' });
    fake.containerChecks = 50;
    const before = fake.threads.length;
    expect(await threads.publish(ctx, post())).toMatchObject({ kind: 'retryable', code: 'CONTAINER_NOT_READY' });
    expect(fake.threads.length).toBe(before);
  });

  it('reads a rate limit (code 4) as retryable after the documented estimated_time_to_regain_access', async () => {
    const ctx = await ctxOf();
    fake.fail('rate-limit');
    const before = fake.threads.length;
    const out = await threads.publish(ctx, post());
    expect(out).toMatchObject({ kind: 'retryable', code: 'RATE_LIMITED', message: expect.stringContaining('Application request limit reached (code 4') });
    expect(out.kind === 'retryable' && out.retryAfterMs).toBe(2 * 60_000);
    expect(fake.threads.length).toBe(before);
  });

  it('classifies code 1 (500) after threads_publish as unknown; a failure before threads_publish as retryable, never unknown', async () => {
    const ctx = await ctxOf();
    fake.fail('server-error');
    expect(await threads.publish(ctx, post())).toMatchObject({ kind: 'unknown' });
    fake.fail('timeout-after-accepting', { route: 'any' });
    // The first call that matches a route is the container's status lookup (a GET): held, timed out, no post.
    const before = fake.threads.length;
    expect(await h.timingOut(() => threads.publish(ctx, post()))).toMatchObject({ kind: 'retryable' });
    expect(fake.threads.length).toBe(before);
  });

  it('after threads_publish times out, reconcile finds the post and no second one is made', async () => {
    const ctx = await ctxOf();
    const p = post({ body: `Reconcile me https://acme.example/r ${Date.now()}` });
    fake.fail('timeout-after-accepting');
    expect(await h.timingOut(() => threads.publish(ctx, p))).toMatchObject({ kind: 'unknown' });
    const found = await threads.reconcile(ctx, p);
    expect(found).toMatchObject({ found: true, externalId: fake.threads.at(-1)!.id, url: expect.stringMatching(/^https:\/\/www\.threads\.net\//) });
    expect(fake.threads.filter((t) => t.text.startsWith(p.body))).toHaveLength(1);
    expect(await threads.reconcile(ctx, post())).toEqual({ found: false });
  });

  it('refreshes the long-lived token with th_refresh_token; an expired one (190) is revoked', async () => {
    const ctx = await ctxOf();
    const next = await threads.refresh(ctx);
    expect(next.credentials.accessToken).toMatch(/^THAAlong/);
    expect(next.credentials.accessToken).not.toBe(ctx.credentials.accessToken);
    expect(next.expiresAt!.getTime()).toBeGreaterThan(Date.now() + 59 * 86_400_000);
    const refreshCall = fake.requests.at(-1)!;
    expect(refreshCall.path).toBe('/refresh_access_token');
    expect(refreshCall.query.get('grant_type')).toBe('th_refresh_token');
    fake.expireTokens();
    await expect(threads.refresh({ ...ctx, credentials: next.credentials })).rejects.toMatchObject({
      kind: 'revoked',
      code: 'AUTH_REVOKED',
      message: expect.stringContaining('Session has expired'),
    });
  });

  it('retries a transient refresh failure with backoff', async () => {
    const ctx = await ctxOf();
    fake.fail('unavailable', { route: 'refresh', times: 1 });
    await expect(threads.refresh(ctx)).resolves.toMatchObject({ credentials: { accessToken: expect.stringMatching(/^THAAlong/) } });
  });

  it('reads insights and status of a post', async () => {
    const ctx = await ctxOf();
    const out = await threads.publish(ctx, post());
    if (out.kind !== 'published') throw new Error(out.kind);
    expect(await threads.metrics(ctx, out.externalId)).toEqual({ impressions: 320, engagements: 18, clicks: 0 });
    expect(await threads.fetchStatus(ctx, out.externalId)).toBe('live');
    expect(await threads.fetchStatus(ctx, '1')).toBe('missing');
  });

  describe('through the channel gateway (PostgreSQL)', () => {
    it('refreshes a long-lived token that is about to expire before publishing', async () => {
      const id = await h.connect('threads', await authorize());
      await h.expireAt(id, new Date(Date.now() + 1000));
      expect(await h.gateway.publish(id, post())).toMatchObject({ kind: 'published' });
      expect((await h.row(id)).expiresAt!.getTime()).toBeGreaterThan(Date.now() + 59 * 86_400_000);
      expect(fake.requests.some((r) => r.path === '/refresh_access_token')).toBe(true);
    });

    it('an expired token (code 190) marks the connection needs_reconnect, and nothing is posted', async () => {
      const id = await h.connect('threads', await authorize());
      fake.expireTokens();
      const before = fake.threads.length;
      expect(await h.gateway.publish(id, post())).toMatchObject({ kind: 'permanent', code: 'NEEDS_RECONNECT' });
      const row = await h.row(id);
      expect(row.status).toBe('needs_reconnect');
      expect(row.statusReason).toMatch(/Reconnect it in Channels/);
      expect((await h.changedEvents(id)).map((e) => e.reason)).toEqual(['connected', 'needs_reconnect']);
      expect(JSON.stringify(await h.changedEvents(id))).not.toMatch(/THAA/);
      expect(fake.threads.length).toBe(before);
    });
  });
});
