import { MastodonProvider } from '../../src/channels/providers/mastodon.provider';
import type { ChannelContext } from '../../src/channels/providers/channel-provider';
import { MastodonFake } from '../fakes/mastodon.fake';
import { ChannelHarness, post, testSettings } from './channel-harness';

describe('MastodonProvider against the Mastodon fake', () => {
  let fake: MastodonFake;
  let m: MastodonProvider;
  let h: ChannelHarness;
  let ctx: ChannelContext;

  beforeAll(async () => {
    fake = await new MastodonFake().start();
    const settings = testSettings();
    m = new MastodonProvider(settings);
    h = await new ChannelHarness(settings, [m]).start();
    const a = await m.connect({ credentials: { accessToken: fake.token }, config: { instanceUrl: fake.url } });
    ctx = { connectionId: 'c', credentials: a.credentials, config: a.config, accountId: a.accountId };
  });
  afterAll(async () => {
    await h?.stop();
    await fake?.stop();
  });
  beforeEach(() => {
    fake.clearFailures();
    fake.revoked = false;
  });

  it('verifies the token on connect', async () => {
    expect(ctx.accountId).toBe(fake.account.id);
    await expect(m.connect({ credentials: { accessToken: 'wrong' }, config: { instanceUrl: fake.url } })).rejects.toMatchObject({ kind: 'revoked' });
    await expect(m.connect({ credentials: { accessToken: fake.token }, config: { instanceUrl: 'not a url' } })).rejects.toMatchObject({ kind: 'invalid' });
  });

  it('on connect, a platform failure is answered at once (one attempt: the user is waiting)', async () => {
    fake.fail('unavailable', { route: 'lookup', times: 3 });
    const before = fake.requests.length;
    await expect(m.connect({ credentials: { accessToken: fake.token }, config: { instanceUrl: fake.url } })).rejects.toMatchObject({ kind: 'transient' });
    expect(fake.requests.length - before).toBe(1);
  });

  it('refuses instance URLs on private networks unless allowed', async () => {
    const strict = new MastodonProvider(testSettings({ CHANNEL_ALLOW_PRIVATE_URLS: 'false' }));
    await expect(strict.connect({ credentials: { accessToken: fake.token }, config: { instanceUrl: fake.url } })).rejects.toMatchObject({
      kind: 'invalid',
      message: expect.stringContaining('private network'),
    });
  });

  it('publishes with an Idempotency-Key: the same key gives the same status, never a second one', async () => {
    const p = post();
    const first = await m.publish(ctx, p);
    const again = await m.publish(ctx, p);
    expect(first).toMatchObject({ kind: 'published' });
    expect(again).toMatchObject({ kind: 'published', externalId: first.kind === 'published' ? first.externalId : '' });
    expect(fake.statuses.filter((s) => s.idempotencyKey === p.idempotencyKey)).toHaveLength(1);
    expect(fake.requests.at(-1)?.headers['idempotency-key']).toBe(p.idempotencyKey);
  });

  it('reads X-RateLimit-Reset (an ISO time) on 429', async () => {
    fake.fail('rate-limit');
    const out = await m.publish(ctx, post());
    expect(out).toMatchObject({ kind: 'retryable', code: 'RATE_LIMITED' });
    expect(out.kind === 'retryable' && out.retryAfterMs).toBeLessThanOrEqual(1000);
  });

  it('reconciles after a timeout-after-accepting by reading the account statuses', async () => {
    const p = post({ body: 'Tom & Jerry <3 our "cold brew"' });
    fake.fail('timeout-after-accepting');
    expect(await h.timingOut(() => m.publish(ctx, p))).toMatchObject({ kind: 'unknown' });
    expect(await m.reconcile(ctx, p)).toMatchObject({ found: true, externalId: fake.statuses.at(-1)!.id });
    expect(fake.statuses.filter((s) => s.text.startsWith(p.body))).toHaveLength(1);
  });

  it('refuses a too long status plainly', async () => {
    expect(await m.publish(ctx, post({ body: 'a'.repeat(501) }))).toMatchObject({
      kind: 'permanent',
      message: expect.stringContaining('character limit of 500'),
    });
  });

  it('a revoked token on publish marks the connection needs_reconnect, announced', async () => {
    const a = await m.connect({ credentials: { accessToken: fake.token }, config: { instanceUrl: fake.url } });
    const id = await h.connect('mastodon', a);
    fake.revoked = true;
    expect(await h.gateway.publish(id, post())).toMatchObject({ kind: 'permanent', code: 'NEEDS_RECONNECT' });
    expect((await h.row(id)).status).toBe('needs_reconnect');
    expect((await h.changedEvents(id)).map((e) => e.reason)).toEqual(['connected', 'needs_reconnect']);
  });

  it('reads favourites, boosts and replies as engagement', async () => {
    const out = await m.publish(ctx, post());
    if (out.kind !== 'published') throw new Error(out.kind);
    expect(await m.metrics(ctx, out.externalId)).toEqual({ impressions: 0, engagements: 8, clicks: 0 });
    expect(await m.fetchStatus(ctx, '1')).toBe('missing');
  });
});
