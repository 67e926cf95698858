import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { cardOf, readLinkCard } from '../../src/channels/providers/bluesky-link-card';
import { detectRichText, type Facet, firstLink, richTextFacets } from '../../src/channels/providers/bluesky-rich-text';
import { BlueskyFake } from '../fakes/bluesky.fake';
import { WebPageFake } from '../fakes/web-page.fake';

/** The official client's facets (@atproto/api's RichText), from a plain Node process. */
function official(texts: string[], service?: string): Promise<Facet[][]> {
  return new Promise((resolve, reject) => {
    const child = execFile(process.execPath, [join(__dirname, 'official-rich-text.mjs')], { timeout: 60_000 }, (err, stdout, stderr) => {
      if (err) return reject(new Error(`${err.message}\n${stderr}`));
      resolve(JSON.parse(stdout) as Facet[][]);
    });
    child.stdin?.end(JSON.stringify({ texts, service }));
  });
}

/** Facets as compared: the facet-level $type the library adds to mentions only is dropped; ordered by start. */
const normal = (facets: Facet[]) => facets.map((f) => ({ index: f.index, features: f.features })).sort((a, b) => a.index.byteStart - b.index.byteStart);

/** Our detection as unresolved facets: a mention carries its handle where the DID will go, as the library's does. */
const unresolved = (text: string): Facet[] =>
  detectRichText(text).map((s) => ({
    index: s.index,
    features: [
      s.kind === 'link'
        ? { $type: 'app.bsky.richtext.facet#link' as const, uri: s.uri }
        : s.kind === 'tag'
          ? { $type: 'app.bsky.richtext.facet#tag' as const, tag: s.tag }
          : { $type: 'app.bsky.richtext.facet#mention' as const, did: s.handle },
    ],
  }));

const slice = (text: string, f: { index: { byteStart: number; byteEnd: number } }) => Buffer.from(text).subarray(f.index.byteStart, f.index.byteEnd).toString();

const TEXTS = [
  'no facets at all',
  'Launch day 🚀 see example.com.',
  'Read https://example.com/path?q=1), then reply',
  '(https://en.wikipedia.org/wiki/Fish_(disambiguation))',
  'Visit EXAMPLE.COM or example.notatld or shop.co.uk! or www.example.org/a/b?c=d;',
  'HTTPS://EXAMPLE.COM/UP and http://localhost:3000/x',
  'Thanks @alice.bsky.social, @bob.test and @not_a_handle @x.invalidtld (@carol.example.com) me@example.com',
  '@alice.bsky.social. starts and @Alice.Bsky.Social again',
  'Tags #tag #tag! #123 #1st ＃全角タグ #️⃣ #a.b #ok, # #?!',
  `#${'a'.repeat(64)} #${'b'.repeat(65)} #${'😀'.repeat(64)}`,
  '日本語のテキスト #日本 https://例え.jp/パス @alice.bsky.social',
  '👨‍👩‍👧 family #family 🇫🇷 example.fr and 🧑🏽‍💻 #dev',
  'Price $AAPL $5 ($TSLA) $toolong $msft.',
  'trailing #tag... and #tag?! and https://x.com/a. and #end',
  'line\n#newline\thttps://tab.example.com\n\n#one #two',
  'zero\u200Bwidth #tag\u200Bafter #soft\u00ADhyphen',
  'ends with emoji 🎉#notatag and a#notatag either',
  'Café ☕ time\n\n#coffee #CaféCulture',
];

describe('Bluesky rich text, checked against the official client (@atproto/api RichText)', () => {
  it('finds the same links, mentions and hashtags at the same UTF-8 byte offsets', async () => {
    const theirs = await official(TEXTS);
    for (const [i, text] of TEXTS.entries()) {
      expect({ text, facets: normal(unresolved(text)) }).toEqual({ text, facets: normal(theirs[i]) });
    }
    // The table covers every kind (a table of empties would agree too).
    const kinds = new Set(theirs.flat().flatMap((f) => f.features.map((x) => x.$type)));
    expect([...kinds].sort()).toEqual(['app.bsky.richtext.facet#link', 'app.bsky.richtext.facet#mention', 'app.bsky.richtext.facet#tag']);
  });

  it('agrees with the library on 400 texts put together from the pieces its rules turn on', async () => {
    const pieces = [
      ' ',
      ' ',
      '\n',
      '#',
      '＃',
      '@',
      '$',
      '.',
      ',',
      '!',
      '?',
      ')',
      '(',
      '-',
      '_',
      '/',
      ':',
      'https://',
      'http://',
      'www.',
      'com',
      'co.uk',
      'bsky.social',
      ' @alice.',
      ' @bob.test',
      'example.com',
      'notatld',
      'example',
      'test',
      'AAPL',
      'tag',
      '2026',
      '7',
      '🚀',
      '👨‍👩‍👧',
      '☕',
      'é',
      '日本',
      '\u200B',
      '\ufe0f',
      'x',
    ];
    let seed = 146;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const texts = Array.from({ length: 400 }, () =>
      Array.from({ length: 4 + Math.floor(next() * 24) }, () => pieces[Math.floor(next() * pieces.length)]).join(''),
    );
    const theirs = await official(texts);
    const differ = texts.filter((text, i) => JSON.stringify(normal(unresolved(text))) !== JSON.stringify(normal(theirs[i])));
    expect(differ).toEqual([]);
    // The generated texts hold facets of every kind (an agreement on nothing would prove nothing).
    const count = (type: string) => theirs.flat().filter((f) => f.features[0].$type === type).length;
    expect(['link', 'mention', 'tag'].map((k) => count(`app.bsky.richtext.facet#${k}`) >= 10)).toEqual([true, true, true]);
  });

  it('counts bytes, not UTF-16 units: emoji and CJK before a facet move it by their UTF-8 length', () => {
    const text = '🚀日本 #launch @alice.bsky.social example.com';
    const spans = detectRichText(text);
    expect(spans.map((s) => slice(text, s))).toEqual(['#launch', '@alice.bsky.social', 'example.com']);
    // 🚀 is 4 bytes (2 UTF-16 units), 日 and 本 3 bytes each: "#launch" starts at byte 11, not 5.
    expect(spans[0].index).toEqual({ byteStart: 11, byteEnd: 18 });
  });

  it('applies the library rules: trailing punctuation, digits-only tags, tag length, TLDs', () => {
    const text = 'See example.com. #launch! #2026 #a.b ＃全角 foo.notatld (https://x.org/a) #' + 'x'.repeat(65);
    expect(detectRichText(text).map((s) => (s.kind === 'link' ? s.uri : s.kind === 'tag' ? s.tag : s.handle))).toEqual([
      'https://example.com',
      'launch',
      'a.b',
      '全角',
      'https://x.org/a',
    ]);
    expect(firstLink('no link, #tag @bob.example.com')).toBeNull();
    expect(firstLink('first example.com then https://second.example.org')).toBe('https://example.com');
  });

  describe('mentions resolved through the PDS', () => {
    let pds: BlueskyFake;
    beforeAll(async () => {
      pds = await new BlueskyFake().start();
      pds.handles.set('bob.example.com', 'did:plc:bob0000000000000000000000');
    });
    afterAll(() => pds?.stop());

    it('gives the DIDs the official client resolves; an unknown handle gets no facet, its text stays', async () => {
      const text = 'Hi @bob.example.com and @ghost.example.com, with @acme.bsky.social #team';
      const theirs = await official([text], pds.url);
      const ours = await richTextFacets(text, async (handle) => {
        const res = await fetch(`${pds.url}/xrpc/com.atproto.identity.resolveHandle?handle=${encodeURIComponent(handle)}`);
        return res.ok ? ((await res.json()) as { did: string }).did : null;
      });
      // The library leaves an unresolved mention with an empty DID, which no PDS accepts; we drop it.
      const resolved = normal(theirs[0]).filter((f) => !f.features.some((x) => x.$type === 'app.bsky.richtext.facet#mention' && !x.did));
      expect(normal(ours)).toEqual(resolved);
      expect(ours.map((f) => [slice(text, f), f.features[0]])).toEqual([
        ['@bob.example.com', { $type: 'app.bsky.richtext.facet#mention', did: 'did:plc:bob0000000000000000000000' }],
        ['@acme.bsky.social', { $type: 'app.bsky.richtext.facet#mention', did: pds.did }],
        ['#team', { $type: 'app.bsky.richtext.facet#tag', tag: 'team' }],
      ]);
      const unknown = await fetch(`${pds.url}/xrpc/com.atproto.identity.resolveHandle?handle=ghost.example.com`);
      expect([unknown.status, await unknown.json()]).toEqual([400, { error: 'HandleNotFound', message: 'Unable to resolve handle' }]);
    });
  });

  describe('link cards', () => {
    let site: WebPageFake;
    beforeAll(async () => {
      site = await new WebPageFake().start();
    });
    afterAll(() => site?.stop());
    const policy = { allowPrivate: true };

    it('reads og:title and og:description, entities decoded; a page without them gives <title>, then the URL', async () => {
      site.html(
        '/launch',
        '<html><head><title>Ignored</title><meta property="og:title" content="Spring &amp; Summer launch"><meta content=\'Forty new things &#8212; all of them green.\' property=\'og:description\'></head></html>',
      );
      site.html('/plain', '<html><head><title>\n  Plain   page </title><meta name="description" content="Just a page"></head></html>');
      site.html('/bare', '<html><body>nothing here</body></html>');
      expect(await readLinkCard(`${site.url}/launch`, { policy, timeoutMs: 10_000 })).toEqual({
        uri: `${site.url}/launch`,
        title: 'Spring & Summer launch',
        description: 'Forty new things — all of them green.',
      });
      expect(await readLinkCard(`${site.url}/plain`, { policy, timeoutMs: 10_000 })).toEqual({
        uri: `${site.url}/plain`,
        title: 'Plain page',
        description: 'Just a page',
      });
      expect(await readLinkCard(`${site.url}/bare`, { policy, timeoutMs: 10_000 })).toEqual({
        uri: `${site.url}/bare`,
        title: `${site.url}/bare`,
        description: '',
      });
    });

    it('follows a redirect; an error status, a timeout or a private address gives no card', async () => {
      site.html('/final', '<meta property="og:title" content="Arrived">');
      site.pages.set('/moved', { status: 301, body: '', headers: { location: '/final' } });
      expect(await readLinkCard(`${site.url}/moved`, { policy, timeoutMs: 10_000 })).toMatchObject({ uri: `${site.url}/moved`, title: 'Arrived' });
      expect(await readLinkCard(`${site.url}/missing`, { policy, timeoutMs: 10_000 })).toBeNull();

      const slow = await new WebPageFake({ latencyMs: 5_000 }).start();
      try {
        slow.html('/slow', '<meta property="og:title" content="Too late">');
        expect(await readLinkCard(`${slow.url}/slow`, { policy, timeoutMs: 300 })).toBeNull();
      } finally {
        await slow.stop();
      }

      // The outbound guard (ADR 100): a host that resolves to a private address is never connected to.
      const before = site.requests.length;
      const port = new URL(site.url).port;
      const publicOnly = { allowPrivate: false, resolve: async () => [{ address: '127.0.0.1', family: 4 }] };
      expect(await readLinkCard(`http://shop.example.com:${port}/launch`, { policy: publicOnly, timeoutMs: 10_000 })).toBeNull();
      expect(await readLinkCard(`${site.url}/launch`, { policy: publicOnly, timeoutMs: 10_000 })).toBeNull();
      expect(site.requests.length).toBe(before);
    });

    it('names the page image as an absolute http(s) URL for the thumbnail', () => {
      expect(cardOf('https://example.com/a/b', '<meta property="og:image" content="../img/x.png?v=1&amp;w=2">').image).toBe(
        'https://example.com/img/x.png?v=1&w=2',
      );
      expect(cardOf('https://example.com/', '<meta name="twitter:image" content="https://cdn.example.net/t.jpg">').image).toBe('https://cdn.example.net/t.jpg');
      expect(cardOf('https://example.com/', '<meta property="og:image" content="javascript:alert(1)">').image).toBeUndefined();
    });

    it('keeps a long title and description within bounds', () => {
      const card = cardOf(
        'https://example.com',
        `<meta property="og:title" content="${'T'.repeat(500)}"><meta property="og:description" content="${'d'.repeat(2000)}">`,
      );
      expect([Array.from(card.title).length, card.title.endsWith('…'), Array.from(card.description).length]).toEqual([300, true, 1000]);
    });
  });
});
