import fc from 'fast-check';
import { type PlatformId, PLATFORM_IDS, PLATFORMS, platformLength, renderPost } from '@mt/ai';
import { bannedIn, contentProblems, fitText, normalizeHashtags, repairPost, tagsFrom } from './content-rules';

const long = (n: number) => Array.from({ length: n }, (_, i) => `Sentence number ${i} talks about fresh coffee.`).join(' ');

describe('content rules', () => {
  it('finds banned words in the text and hidden in hashtags, whole words only, any case', () => {
    expect(bannedIn('Our CHEAP beans', [], ['cheap'])).toEqual(['cheap']);
    expect(bannedIn('Cheapest is not a word we ban', [], ['cheap'])).toEqual([]);
    expect(bannedIn('Good beans', ['CheapCoffee'], ['cheap'])).toEqual(['cheap']);
    expect(bannedIn('Good beans', ['cheap_coffee'], ['cheap'])).toEqual(['cheap']);
  });

  it('names the field of every broken rule', () => {
    expect(contentProblems('x', 'Fine text', ['Coffee'], ['cheap'])).toEqual([]);
    expect(contentProblems('x', 'A cheap deal', ['Coffee'], ['cheap'])).toEqual([{ field: 'body', message: expect.stringContaining('"cheap"') }]);
    expect(contentProblems('x', 'ok', ['CheapCoffee'], ['cheap'])[0].field).toBe('hashtags');
    expect(contentProblems('x', 'x'.repeat(281), [], [])).toEqual([{ field: 'body', message: expect.stringContaining('X allows 280') }]);
    expect(contentProblems('x', 'ok', ['a', 'b', 'c'], [])).toEqual([{ field: 'hashtags', message: 'X takes at most 2 hashtags' }]);
    expect(contentProblems('linkedin', 'ok', ['a'], [], { minHashtags: true })).toEqual([
      { field: 'hashtags', message: expect.stringContaining('at least 3') },
    ]);
    expect(contentProblems('linkedin', '   ', [], [])[0]).toEqual({ field: 'body', message: 'must not be empty' });
  });

  it('counts the hashtags line against the limit (X 280 with tags)', () => {
    const body = 'y'.repeat(275);
    expect(contentProblems('x', body, [], [])).toEqual([]);
    expect(contentProblems('x', body, ['Coffee'], [])[0].message).toContain('X allows 280');
  });

  it.each(PLATFORM_IDS)('repairs an over-long %s post to within its limit, keeping its hashtag habit', (platform) => {
    const rules = PLATFORMS[platform];
    const text = long(Math.ceil(rules.maxLength / 40) + 5);
    const tags = ['Coffee', 'Beans', 'Roastery', 'Brew', 'Morning', 'Barista'];
    const fixed = repairPost(platform, text, tags, [], ['Spare']);
    expect(fixed).not.toBeNull();
    expect(platformLength(platform, renderPost(fixed!.body, fixed!.hashtags))).toBeLessThanOrEqual(rules.maxLength);
    expect(fixed!.hashtags.length).toBeGreaterThanOrEqual(rules.hashtags.min);
    expect(fixed!.hashtags.length).toBeLessThanOrEqual(rules.hashtags.max);
    expect(fixed!.body.endsWith('.')).toBe(true);
  });

  it('drops sentences and hashtags with banned words, and pads hashtags to the platform minimum', () => {
    const fixed = repairPost('linkedin', 'Fresh beans every day. Never cheap. Join us.', ['CheapCoffee', 'Beans'], ['cheap'], ['Coffee', 'Roastery', 'Beans']);
    expect(fixed).toEqual({ body: 'Fresh beans every day. Join us.', hashtags: ['Beans', 'Coffee', 'Roastery'] });
  });

  it('gives up (null) when nothing within the rules is left', () => {
    expect(repairPost('x', 'Cheap. Cheap!', ['Coffee'], ['cheap'])).toBeNull();
    expect(repairPost('linkedin', 'Good text.', [], [], [])).toBeNull();
  });

  it('cuts at a word boundary when a single sentence is too long', () => {
    const cut = fitText('x', 'word '.repeat(100).trim(), 50);
    expect(cut.length).toBeLessThanOrEqual(50);
    expect(cut.endsWith('…')).toBe(true);
  });

  it('cuts where a scan from the start would, sentence by sentence then word by word', () => {
    // The scan fitText did before it searched (quadratic in the text's length).
    const scanned = (platform: PlatformId, text: string, max: number): string => {
      if (platformLength(platform, text) <= max) return text;
      let out = '';
      for (const s of text.match(/[^.!?\n]+(?:[.!?]+|\n+|$)/g) ?? [text]) {
        if (platformLength(platform, out + s) > max) break;
        out += s;
      }
      if (out.trim().length > 0) return out.trimEnd();
      out = '';
      for (const w of text.split(/\s+/)) {
        const next = out ? `${out} ${w}` : w;
        if (platformLength(platform, `${next}…`) > max) break;
        out = next;
      }
      return out ? `${out}…` : '';
    };
    const piece = fc.constantFrom(
      'coffee',
      'Oat',
      ' ',
      '  ',
      '. ',
      '!',
      '?',
      '\n',
      'https://example.com/a.b',
      'é',
      'e\u0301',
      '🇺',
      '🇸',
      '👍🏽',
      '…',
      'word-break',
      'x',
    );
    fc.assert(
      fc.property(fc.constantFrom(...PLATFORM_IDS), fc.array(piece, { maxLength: 120 }), fc.integer({ min: 0, max: 300 }), (platform, pieces, max) => {
        const text = pieces.join('');
        expect(fitText(platform, text, max)).toBe(scanned(platform, text, max));
      }),
      { numRuns: 400 },
    );
  });

  it('normalises hashtags: no #, valid words, each once', () => {
    expect(normalizeHashtags(['#Coffee', 'coffee', 'two words', '#Oat_Milk', ''])).toEqual(['Coffee', 'Oat_Milk']);
    expect(tagsFrom(['content pillar', 'Specialty coffee!'])).toEqual(['ContentPillar', 'SpecialtyCoffee']);
  });
});
