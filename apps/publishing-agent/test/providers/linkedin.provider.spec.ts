import { createHash, randomBytes } from 'node:crypto';
import type { ChannelContext } from '../../src/channels/providers/channel-provider';
import { commentary, LinkedInProvider } from '../../src/channels/providers/linkedin.provider';
import { LinkedInFake } from '../fakes/linkedin.fake';
import { ChannelHarness, post, testSettings } from './channel-harness';

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
});
