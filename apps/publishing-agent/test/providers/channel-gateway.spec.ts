import { MastodonProvider } from '../../src/channels/providers/mastodon.provider';
import { MastodonFake } from '../fakes/mastodon.fake';
import { ChannelHarness, post, testSettings } from './channel-harness';

/**
 * ChannelGatewayService reuses a connection read for one publish for the next second's publishes
 * to it (ADR 085): a burst reads it once, and any outcome but `published` makes the next publish
 * read it again, so a revoked or removed channel is seen at once.
 */
describe('ChannelGatewayService: one connection read per burst', () => {
  let fake: MastodonFake;
  let h: ChannelHarness;

  beforeAll(async () => {
    fake = await new MastodonFake({ latencyMs: 20 }).start();
    const settings = testSettings();
    const m = new MastodonProvider(settings);
    h = await new ChannelHarness(settings, [m]).start();
  });
  afterAll(async () => {
    await h?.stop();
    await fake?.stop();
  });
  beforeEach(() => {
    fake.revoked = false;
    jest.restoreAllMocks();
  });

  const connect = async () => {
    const m = new MastodonProvider(testSettings());
    return h.connect('mastodon', await m.connect({ credentials: { accessToken: fake.token }, config: { instanceUrl: fake.url } }));
  };

  it('a burst of ten posts to one account reads the connection once, and each post is made', async () => {
    const id = await connect();
    const reads = jest.spyOn(h.connections, 'findLive');
    const before = fake.statuses.length;
    const outcomes = await Promise.all(Array.from({ length: 10 }, () => h.gateway.publish(id, post())));
    expect(outcomes.map((o) => o.kind)).toEqual(Array(10).fill('published'));
    expect(fake.statuses.length - before).toBe(10);
    expect(reads).toHaveBeenCalledTimes(1);
  });

  it('after a second, the connection is read again', async () => {
    const id = await connect();
    const reads = jest.spyOn(h.connections, 'findLive');
    await h.gateway.publish(id, post());
    await new Promise((r) => setTimeout(r, 1_100));
    await h.gateway.publish(id, post());
    expect(reads).toHaveBeenCalledTimes(2);
  });

  it('a refused token is not reused: the channel is marked for reconnecting and the next post is refused without calling the platform', async () => {
    const id = await connect();
    expect(await h.gateway.publish(id, post())).toMatchObject({ kind: 'published' });
    fake.revoked = true;
    expect(await h.gateway.publish(id, post())).toMatchObject({ kind: 'permanent', code: 'NEEDS_RECONNECT' });
    expect((await h.row(id)).status).toBe('needs_reconnect');
    const calls = fake.requests.length;
    expect(await h.gateway.publish(id, post())).toMatchObject({ kind: 'permanent', code: 'NEEDS_RECONNECT' });
    expect(fake.requests.length).toBe(calls);
  });

  it('a removed connection is read as removed once a publish to it did not succeed', async () => {
    const id = await connect();
    expect(await h.gateway.publish(id, post())).toMatchObject({ kind: 'published' });
    await h.store.remove(id);
    fake.revoked = true; // the user also revoked the app on the instance
    expect(await h.gateway.publish(id, post())).toMatchObject({ kind: 'permanent' });
    expect(await h.gateway.publish(id, post())).toMatchObject({ kind: 'permanent', code: 'CONNECTION_NOT_FOUND' });
  });
});
