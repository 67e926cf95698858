import { BlueskyProvider } from '../../src/channels/providers/bluesky.provider';
import type { ChannelContext } from '../../src/channels/providers/channel-provider';
import { BlueskyFake } from '../fakes/bluesky.fake';
import { WebPageFake } from '../fakes/web-page.fake';
import { ChannelHarness, post, testSettings } from './channel-harness';

/** A 1×1 PNG. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

/** Where `part` sits in `text`, in UTF-8 bytes, found without the code under test. */
const bytesOf = (text: string, part: string) => {
  const byteStart = Buffer.from(text).indexOf(Buffer.from(part));
  if (byteStart < 0) throw new Error(`${part} is not in the text`);
  return { byteStart, byteEnd: byteStart + Buffer.byteLength(part) };
};

describe('BlueskyProvider against the Bluesky fake', () => {
  let fake: BlueskyFake;
  let site: WebPageFake;
  let bs: BlueskyProvider;
  let h: ChannelHarness;

  const connect = () => bs.connect({ credentials: { appPassword: fake.appPassword }, config: { handle: `@${fake.handle}` } });
  const ctxOf = async (): Promise<ChannelContext> => {
    const a = await connect();
    return { connectionId: 'c', credentials: a.credentials, config: a.config, accountId: a.accountId };
  };

  beforeAll(async () => {
    fake = await new BlueskyFake().start();
    fake.handles.set('bob.example.com', 'did:plc:bob0000000000000000000000');
    site = await new WebPageFake().start();
    site.html(
      '/spring',
      '<html><head><title>Acme</title><meta property="og:title" content="Spring range — Acme"><meta property="og:description" content="Forty new things, all of them green."><meta property="og:image" content="/img/spring.png"></head></html>',
    );
    site.file('/img/spring.png', PNG, 'image/png');
    site.html('/huge', `<meta property="og:title" content="Huge"><meta property="og:image" content="${'/img/huge.png'}">`);
    site.file('/img/huge.png', Buffer.alloc(1_000_001, 7), 'image/png');
    site.html('/notimage', '<meta property="og:title" content="Not an image"><meta property="og:image" content="/img/page.html">');
    site.html('/img/page.html', '<p>hello</p>');
    const settings = testSettings({ BLUESKY_SERVICE_URL: fake.url });
    bs = new BlueskyProvider(settings);
    h = await new ChannelHarness(settings, [bs]).start();
  });
  afterAll(async () => {
    await h?.stop();
    await fake?.stop();
    await site?.stop();
  });
  beforeEach(() => fake.clearFailures());

  it('opens a session with handle and app password; the access JWT expiry is read from the token', async () => {
    const a = await connect();
    expect(a).toMatchObject({ accountId: fake.did, displayName: `@${fake.handle}` });
    expect(Math.abs(a.expiresAt!.getTime() - (Date.now() + 7200_000))).toBeLessThan(5_000);
    await expect(bs.connect({ credentials: { appPassword: 'wrong' }, config: { handle: fake.handle } })).rejects.toMatchObject({ kind: 'revoked' });
  });

  it('creates an app.bsky.feed.post record with hashtag facets at UTF-8 byte offsets', async () => {
    const ctx = await ctxOf();
    const out = await bs.publish(ctx, post({ body: 'Café ☕ time', hashtags: ['coffee'] }));
    expect(out).toMatchObject({
      kind: 'published',
      externalId: expect.stringMatching(/^at:\/\/did:plc:/),
      url: expect.stringContaining(`bsky.app/profile/${fake.handle}/post/`),
    });
    const rec = fake.records.at(-1)!;
    // "Café ☕ time\n\n" is 16 bytes: é takes 2, ☕ 3.
    expect(rec.value.text).toBe('Café ☕ time\n\n#coffee');
    expect(rec.value.facets).toEqual([{ index: { byteStart: 16, byteEnd: 23 }, features: [{ $type: 'app.bsky.richtext.facet#tag', tag: 'coffee' }] }]);
    expect(Buffer.from(rec.value.text).subarray(16, 23).toString()).toBe('#coffee');
    expect(rec.value.embed).toBeUndefined();
  });

  it("a post with a link, a mention and hashtags: exact facets, the mention's resolved DID, a link card", async () => {
    const ctx = await ctxOf();
    const link = `${site.url}/spring`;
    const body = `Our spring range is live 🌱 ${link} — photos by @bob.example.com!`;
    const out = await bs.publish(ctx, post({ body, hashtags: ['spring', 'GreenLiving'] }));
    expect(out).toMatchObject({ kind: 'published' });
    const rec = fake.records.at(-1)!;
    const text = `${body}\n\n#spring #GreenLiving`;
    expect(rec.value.text).toBe(text);
    expect(rec.value.facets).toEqual([
      { index: bytesOf(text, link), features: [{ $type: 'app.bsky.richtext.facet#link', uri: link }] },
      { index: bytesOf(text, '@bob.example.com'), features: [{ $type: 'app.bsky.richtext.facet#mention', did: 'did:plc:bob0000000000000000000000' }] },
      { index: bytesOf(text, '#spring'), features: [{ $type: 'app.bsky.richtext.facet#tag', tag: 'spring' }] },
      { index: bytesOf(text, '#GreenLiving'), features: [{ $type: 'app.bsky.richtext.facet#tag', tag: 'GreenLiving' }] },
    ]);
    expect(rec.value.embed).toEqual({
      $type: 'app.bsky.embed.external',
      external: {
        uri: link,
        title: 'Spring range — Acme',
        description: 'Forty new things, all of them green.',
        thumb: { $type: 'blob', ref: { $link: expect.stringMatching(/^bafkrei/) }, mimeType: 'image/png', size: PNG.length },
      },
    });
    // The thumbnail is the page's image, uploaded to the PDS before the post.
    expect(fake.blobs.get(rec.value.embed!.external!.thumb!.ref.$link)).toEqual({ mimeType: 'image/png', size: PNG.length });
    expect(fake.requests.filter((r) => r.path.endsWith('resolveHandle')).map((r) => r.query.get('handle'))).toContain('bob.example.com');
  });

  it('a handle that does not resolve stays plain text, and a page that cannot be read gives no card: the post still goes out', async () => {
    const ctx = await ctxOf();
    const body = `Thanks @ghost.example.com — details at ${site.url}/gone`;
    const out = await bs.publish(ctx, post({ body, hashtags: [] }));
    expect(out).toMatchObject({ kind: 'published' });
    const rec = fake.records.at(-1)!;
    expect(rec.value.text).toBe(body);
    expect(rec.value.facets).toEqual([
      { index: bytesOf(body, `${site.url}/gone`), features: [{ $type: 'app.bsky.richtext.facet#link', uri: `${site.url}/gone` }] },
    ]);
    expect(rec.value.embed).toBeUndefined();
  });

  it('an image over 1,000,000 bytes, or an answer that is not an image, leaves the card without a thumbnail', async () => {
    const ctx = await ctxOf();
    for (const [path, title] of [
      ['/huge', 'Huge'],
      ['/notimage', 'Not an image'],
    ]) {
      const blobs = fake.blobs.size;
      const out = await bs.publish(ctx, post({ body: `More at ${site.url}${path}`, hashtags: [] }));
      expect(out).toMatchObject({ kind: 'published' });
      expect(fake.records.at(-1)!.value.embed).toEqual({ $type: 'app.bsky.embed.external', external: { uri: `${site.url}${path}`, title, description: '' } });
      expect(fake.blobs.size).toBe(blobs);
    }
  });

  it('the fake PDS refuses what the lexicon refuses: a facet past the text, an unknown feature, a mention without a DID', async () => {
    const ctx = await ctxOf();
    const create = (record: Record<string, unknown>) =>
      fetch(`${fake.url}/xrpc/com.atproto.repo.createRecord`, {
        method: 'POST',
        headers: { authorization: `Bearer ${ctx.credentials.accessJwt}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          repo: fake.did,
          collection: 'app.bsky.feed.post',
          record: { $type: 'app.bsky.feed.post', text: 'é #x', createdAt: new Date().toISOString(), ...record },
        }),
      }).then(async (r) => [r.status, ((await r.json()) as { message?: string }).message]);
    const tag = (byteStart: number, byteEnd: number) => ({ index: { byteStart, byteEnd }, features: [{ $type: 'app.bsky.richtext.facet#tag', tag: 'x' }] });
    expect(await create({ facets: [tag(3, 5)] })).toEqual([200, undefined]);
    expect(await create({ facets: [tag(3, 6)] })).toEqual([400, expect.stringContaining('Record/facets/0/index must be a byte slice of the text (0..5)')]);
    expect(await create({ facets: [{ index: { byteStart: 0, byteEnd: 2 }, features: [{ $type: 'app.bsky.richtext.facet#bold' }] }] })).toEqual([
      400,
      expect.stringContaining('Record/facets/0/features/0'),
    ]);
    expect(await create({ facets: [{ index: { byteStart: 0, byteEnd: 2 }, features: [{ $type: 'app.bsky.richtext.facet#mention', did: '' }] }] })).toEqual([
      400,
      expect.stringContaining('did must be a valid did'),
    ]);
    expect(await create({ embed: { $type: 'app.bsky.embed.external', external: { uri: 'not a uri', title: '', description: '' } } })).toEqual([
      400,
      expect.stringContaining('uri must be a valid uri'),
    ]);
    const thumb = { $type: 'blob', ref: { $link: 'bafkreinotuploaded' }, mimeType: 'image/png', size: 10 };
    expect(await create({ embed: { $type: 'app.bsky.embed.external', external: { uri: 'https://example.com', title: '', description: '', thumb } } })).toEqual([
      400,
      expect.stringContaining('thumb should be a blob ref'),
    ]);
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
