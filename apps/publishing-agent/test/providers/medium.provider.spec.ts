import { MeshError } from '@mt/messages';
import type { ChannelContext } from '../../src/channels/providers/channel-provider';
import { MediumProvider } from '../../src/channels/providers/medium.provider';
import { MediumFake } from '../fakes/medium.fake';
import { ChannelHarness, post, testSettings } from './channel-harness';

describe('MediumProvider against the Medium fake', () => {
  let fake: MediumFake;
  let md: MediumProvider;
  let h: ChannelHarness;
  let ctx: ChannelContext;

  beforeAll(async () => {
    fake = await new MediumFake().start();
    const settings = testSettings({ MEDIUM_API_URL: fake.url });
    md = new MediumProvider(settings);
    h = await new ChannelHarness(settings, [md]).start();
    const a = await md.connect({ credentials: { integrationToken: fake.token }, config: {} });
    ctx = { connectionId: 'c', credentials: a.credentials, config: a.config, accountId: a.accountId };
  });
  afterAll(async () => {
    await h?.stop();
    await fake?.stop();
  });
  beforeEach(() => fake.clearFailures());

  it('verifies the integration token on connect', async () => {
    expect(ctx.accountId).toBe(fake.user.id);
    await expect(md.connect({ credentials: { integrationToken: 'bad' }, config: {} })).rejects.toMatchObject({
      kind: 'revoked',
      message: expect.stringContaining('Token was invalid'),
    });
  });

  it('publishes markdown with a title and up to five tags', async () => {
    const out = await md.publish(ctx, post({ body: 'Why we roast light\n\nBecause.', hashtags: ['a', 'b', 'c', 'd', 'e', 'f'] }));
    expect(out).toMatchObject({ kind: 'published', url: expect.stringContaining('medium.com/@acmecoffee/') });
    expect(fake.posts.at(-1)).toMatchObject({ title: 'Why we roast light', tags: ['a', 'b', 'c', 'd', 'e'] });
  });

  it('429 is retryable; 401 is permanent', async () => {
    fake.fail('rate-limit');
    expect(await md.publish(ctx, post())).toMatchObject({ kind: 'retryable', retryAfterMs: 1000 });
    fake.fail('revoked');
    expect(await md.publish(ctx, post())).toMatchObject({ kind: 'permanent', code: 'AUTH_REVOKED' });
  });

  it('has no read API: after a timeout-after-accepting, reconcile refuses, so the post is not sent twice', async () => {
    const id = await h.connect('medium', await md.connect({ credentials: { integrationToken: fake.token }, config: {} }));
    const p = post();
    fake.fail('timeout-after-accepting');
    expect(await h.timingOut(() => h.gateway.publish(id, p))).toMatchObject({ kind: 'unknown' });
    const err = await h.gateway.reconcile(id, p).catch((e) => e);
    expect(err).toBeInstanceOf(MeshError);
    expect(err).toMatchObject({ code: 'RECONCILE_UNAVAILABLE', retryable: false });
    expect(fake.posts.filter((x) => x.content === p.body)).toHaveLength(1);
  });
});
