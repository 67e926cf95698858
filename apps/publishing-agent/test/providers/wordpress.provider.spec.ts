import type { ChannelContext } from '../../src/channels/providers/channel-provider';
import { slugOf, WordPressProvider } from '../../src/channels/providers/wordpress.provider';
import { WordPressFake } from '../fakes/wordpress.fake';
import { ChannelHarness, post, testSettings } from './channel-harness';

describe('WordPressProvider against the WordPress fake', () => {
  let fake: WordPressFake;
  let wp: WordPressProvider;
  let h: ChannelHarness;
  let ctx: ChannelContext;

  beforeAll(async () => {
    fake = await new WordPressFake().start();
    const settings = testSettings();
    wp = new WordPressProvider(settings);
    h = await new ChannelHarness(settings, [wp]).start();
    const a = await wp.connect({ credentials: { applicationPassword: fake.applicationPassword }, config: { siteUrl: fake.siteUrl, username: fake.username } });
    ctx = { connectionId: 'c', credentials: a.credentials, config: a.config, accountId: a.accountId };
  });
  afterAll(async () => {
    await h?.stop();
    await fake?.stop();
  });
  beforeEach(() => fake.clearFailures());

  it('verifies the application password on connect (Basic auth)', async () => {
    expect(ctx.accountId).toBe('7');
    await expect(
      wp.connect({ credentials: { applicationPassword: 'nope' }, config: { siteUrl: fake.siteUrl, username: fake.username } }),
    ).rejects.toMatchObject({
      kind: 'revoked',
      message: expect.stringContaining('invalid application password'),
    });
    await expect(wp.connect({ credentials: { applicationPassword: 'x' }, config: { siteUrl: fake.siteUrl } })).rejects.toMatchObject({ kind: 'invalid' });
  });

  it('publishes a post with a title, escaped HTML paragraphs and the slug of its idempotency key', async () => {
    const p = post({ title: 'Spring menu', body: 'Line one <b>\n\nSecond & last' });
    const out = await wp.publish(ctx, p);
    expect(out).toMatchObject({ kind: 'published', url: expect.stringContaining(`/blog/${slugOf(p.idempotencyKey)}/`) });
    expect(fake.posts.at(-1)).toMatchObject({ title: 'Spring menu', status: 'publish', content: expect.stringContaining('<p>Line one &lt;b&gt;</p>') });
  });

  it('reconciles by slug after a timeout-after-accepting', async () => {
    const p = post();
    fake.fail('timeout-after-accepting');
    expect(await h.timingOut(() => wp.publish(ctx, p))).toMatchObject({ kind: 'unknown' });
    expect(await wp.reconcile(ctx, p)).toMatchObject({ found: true, externalId: String(fake.posts.at(-1)!.id) });
    expect(await wp.reconcile(ctx, post())).toEqual({ found: false });
    expect(fake.posts.filter((x) => x.slug.startsWith(slugOf(p.idempotencyKey)))).toHaveLength(1);
  });

  it('maintenance (503 + Retry-After) is retryable; a 500 is unknown', async () => {
    fake.fail('unavailable');
    expect(await wp.publish(ctx, post())).toMatchObject({ kind: 'retryable', retryAfterMs: 1000 });
    fake.fail('server-error');
    expect(await wp.publish(ctx, post())).toMatchObject({ kind: 'unknown' });
    fake.fail('rate-limit');
    expect(await wp.publish(ctx, post())).toMatchObject({ kind: 'retryable', code: 'RATE_LIMITED' });
  });

  it('a revoked application password → needs_reconnect', async () => {
    const a = await wp.connect({ credentials: { applicationPassword: fake.applicationPassword }, config: { siteUrl: fake.siteUrl, username: fake.username } });
    const id = await h.connect('wordpress', a);
    fake.fail('revoked');
    expect(await h.gateway.publish(id, post())).toMatchObject({ kind: 'permanent', code: 'NEEDS_RECONNECT' });
    expect((await h.changedEvents(id)).map((e) => e.reason)).toEqual(['connected', 'needs_reconnect']);
  });

  it('counts comments as engagement', async () => {
    const out = await wp.publish(ctx, post());
    if (out.kind !== 'published') throw new Error(out.kind);
    expect(await wp.metrics(ctx, out.externalId)).toEqual({ impressions: 0, engagements: 4, clicks: 0 });
    expect(await wp.fetchStatus(ctx, '999999')).toBe('missing');
  });
});
