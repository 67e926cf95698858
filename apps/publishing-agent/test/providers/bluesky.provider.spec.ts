import { BlueskyProvider, tagFacets } from '../../src/providers/bluesky.provider';
import type { ChannelContext } from '../../src/providers/channel-provider';
import { BlueskyFake } from '../fakes/bluesky.fake';
import { ChannelHarness, post, testSettings } from './channel-harness';

describe('BlueskyProvider against the Bluesky fake', () => {
  let fake: BlueskyFake;
  let bs: BlueskyProvider;
  let h: ChannelHarness;

  const connect = () => bs.connect({ credentials: { appPassword: fake.appPassword }, config: { handle: `@${fake.handle}` } });
  const ctxOf = async (): Promise<ChannelContext> => {
    const a = await connect();
    return { connectionId: 'c', credentials: a.credentials, config: a.config, accountId: a.accountId };
  };

  beforeAll(async () => {
    fake = await new BlueskyFake().start();
    const settings = testSettings({ BLUESKY_SERVICE_URL: fake.url });
    bs = new BlueskyProvider(settings);
    h = await new ChannelHarness(settings, [bs]).start();
  });
  afterAll(async () => {
    await h?.stop();
    await fake?.stop();
  });
  beforeEach(() => fake.clearFailures());

  it('opens a session with handle and app password; the access JWT expiry is read from the token', async () => {
    const a = await connect();
    expect(a).toMatchObject({ accountId: fake.did, displayName: `@${fake.handle}` });
    expect(Math.abs(a.expiresAt!.getTime() - (Date.now() + 7200_000))).toBeLessThan(5_000);
    await expect(bs.connect({ credentials: { appPassword: 'wrong' }, config: { handle: fake.handle } })).rejects.toMatchObject({ kind: 'revoked' });
  });

  it('creates an app.bsky.feed.post record with hashtag facets', async () => {
    const ctx = await ctxOf();
    const out = await bs.publish(ctx, post({ body: 'Café ☕ time', hashtags: ['coffee'] }));
    expect(out).toMatchObject({ kind: 'published', externalId: expect.stringMatching(/^at:\/\/did:plc:/), url: expect.stringContaining(`bsky.app/profile/${fake.handle}/post/`) });
    const rec = fake.records.at(-1)!;
    expect(rec.value.facets).toEqual(tagFacets('Café ☕ time\n\n#coffee'));
    const f = tagFacets('Café ☕ time\n\n#coffee')[0];
    expect(Buffer.from('Café ☕ time\n\n#coffee').subarray(f.index.byteStart, f.index.byteEnd).toString()).toBe('#coffee');
  });

  it('reads RateLimit-Reset (epoch seconds) on 429', async () => {
    const ctx = await ctxOf();
    fake.fail('rate-limit');
    const out = await bs.publish(ctx, post());
    expect(out).toMatchObject({ kind: 'retryable', code: 'RATE_LIMITED' });
    expect(out.kind === 'retryable' && out.retryAfterMs).toBeLessThanOrEqual(1000);
  });

  it('reconciles after a timeout-after-accepting with listRecords', async () => {
    const ctx = await ctxOf();
    const p = post();
    fake.fail('timeout-after-accepting');
    expect(await h.timingOut(() => bs.publish(ctx, p))).toMatchObject({ kind: 'unknown' });
    expect(await bs.reconcile(ctx, p)).toMatchObject({ found: true, externalId: fake.records.at(-1)!.uri });
    expect(await bs.reconcile(ctx, post())).toEqual({ found: false });
  });

  it('refreshes the session; an expired refresh JWT falls back to the app password', async () => {
    const ctx = await ctxOf();
    const next = await bs.refresh(ctx);
    expect(next.credentials.refreshJwt).not.toBe(ctx.credentials.refreshJwt);
    fake.expireRefreshTokens();
    await expect(bs.refresh({ ...ctx, credentials: next.credentials })).resolves.toMatchObject({ credentials: { appPassword: fake.appPassword } });
  });

  it('a revoked app password → needs_reconnect and connection.changed; a 5xx → still active', async () => {
    const id = await h.connect('bluesky', await connect());
    await h.expireAt(id, new Date(Date.now() - 1));
    fake.fail('unavailable', { route: 'refresh', times: 10 });
    await h.tokens.sweep();
    expect((await h.row(id)).status).toBe('active');
    fake.clearFailures();
    fake.expireRefreshTokens();
    const saved = fake.appPassword;
    fake.appPassword = 'revoked-by-the-user';
    try {
      await h.tokens.sweep();
    } finally {
      fake.appPassword = saved;
    }
    expect((await h.row(id)).status).toBe('needs_reconnect');
    expect((await h.changedEvents(id)).map((e) => e.reason)).toEqual(['connected', 'needs_reconnect']);
  });

  it('reads likes, reposts, replies and quotes', async () => {
    const ctx = await ctxOf();
    const out = await bs.publish(ctx, post());
    if (out.kind !== 'published') throw new Error(out.kind);
    expect(await bs.metrics(ctx, out.externalId)).toEqual({ impressions: 0, engagements: 15, clicks: 0 });
    expect(await bs.fetchStatus(ctx, out.externalId)).toBe('live');
    expect(await bs.fetchStatus(ctx, `at://${fake.did}/app.bsky.feed.post/nope`)).toBe('missing');
  });
});
