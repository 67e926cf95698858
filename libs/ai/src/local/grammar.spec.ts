import { articleErrors, doubledWords } from '../testing/copy-quality';
import { sampleBrand } from '../testing/fixtures';
import { PLATFORM_IDS } from '../platforms';
import { LocalEngine } from './local-engine';
import { formal } from './post-writer';
import { withArticle } from './text-tools';

/** Articles, doubled words and a formal voice's contractions, in what the built-in engine writes. */
const engine = new LocalEngine();
const CONTRACTION = /\b\p{L}+(?:n['’]t|['’](?:re|ve|ll|m|d))\b|\b(?:it|that|here|there|what|who|let)['’]s\b/iu;

describe('the copy-quality grammar checks', () => {
  it('flag an article that does not fit the next sound, and accept the usual exceptions', () => {
    expect(articleErrors('A expert voice. Book a espresso tasting, an user guide and a hour with us.')).toEqual([
      'A expert',
      'a espresso',
      'an user',
      'a hour',
    ]);
    expect(articleErrors('An hour, a university, a one-off, an MBA, an 8am class, a European tour, an honest answer, a URL.')).toEqual([]);
    // A capital "A" inside a sentence is a letter: "Plan A" is not an article.
    expect(articleErrors('Plan A is simple. A good grinder helps.')).toEqual([]);
  });

  it('flag a word written twice in a row, not a heading that ends with the word its paragraph opens with', () => {
    expect(doubledWords('Join the the workshop. For for everyone.')).toEqual(['the the', 'For for']);
    expect(doubledWords('# Start here\n\nHere is how we roast.')).toEqual([]);
  });
});

describe('articles and doubled words in what the engine writes', () => {
  it('picks the article by the sound of the next word', () => {
    expect(['expert and warm', 'warm and expert', 'hour', 'university', 'one-off', '8am class', 'honest answer'].map(withArticle)).toEqual([
      'an expert and warm',
      'a warm and expert',
      'an hour',
      'a university',
      'a one-off',
      'an 8am class',
      'an honest answer',
    ]);
  });

  it('puts "an" before a vowel sound in the strategy ("in an expert voice")', () => {
    const brand = sampleBrand({ tone: ['professional', 'precise'] });
    const out = engine.generate('brand-strategy', { brand, goals: ['More sign-ups'], competitorNotes: '' });
    expect(out.positioning).toContain('in an expert voice');
    expect(articleErrors(JSON.stringify(out))).toEqual([]);
  });

  it('signs a reply from a brand whose name starts with "The" once ("The Reading Room team")', () => {
    const brand = sampleBrand({ name: 'The Reading Room', industry: 'Books' });
    const out = engine.generate('inbox-reply', { brand, platform: 'x', message: { author: 'Sam Lee', text: 'Do you stock signed editions?' } });
    expect(out.reply).toContain('The Reading Room team');
    expect(doubledWords(out.reply)).toEqual([]);
  });
});

describe('a formal voice writes contractions out', () => {
  it('expands every contraction, with either apostrophe, and leaves possessives alone', () => {
    expect(formal("We're open, it's free and you'll love it. Don't wait: we can't hold places and won't take deposits.")).toBe(
      'We are open, it is free and you will love it. Do not wait: we cannot hold places and will not take deposits.',
    );
    expect(formal('We’ve a new roast. Here’s why, and what’s next; let’s talk. I’m sure you’d agree.')).toBe(
      'We have a new roast. Here is why, and what is next; let us talk. I am sure you would agree.',
    );
    expect(formal("Maya's grinder and the roastery's new blend")).toBe("Maya's grinder and the roastery's new blend");
  });

  it('leaves no contraction in any post of a formal brand, its brief included', () => {
    const brand = sampleBrand({ tone: ['professional', 'precise'], samples: [] });
    const brief = 'We’re opening the roastery on Saturday 14 March at 10am, and it’s free: don’t miss the tasting.';
    for (const platform of PLATFORM_IDS) {
      const out = engine.generate('post-generation', { brand, platform, brief, variants: 3 });
      for (const v of out.variants) expect(`${v.hook}\n${v.text}\n${v.cta}`).not.toMatch(CONTRACTION);
    }
  });

  it('leaves no contraction in a formal brand’s reply drafts, whatever the message', () => {
    const brand = sampleBrand({ tone: ['professional', 'precise'], samples: [] });
    const messages = [
      'Do you stock signed editions?',
      'Pretty disappointed, my order arrived late',
      'Loved the workshop on Saturday!',
      'Could you quote for 40 bags a month for our office?',
      'Just saying hello',
    ];
    for (const text of messages) {
      const out = engine.generate('inbox-reply', { brand, platform: 'x', message: { author: 'Sam Lee', text } });
      expect(out.reply).not.toMatch(CONTRACTION);
    }
  });

  it('keeps contractions in an informal voice', () => {
    const brand = sampleBrand({ tone: ['playful', 'warm'] });
    const texts = PLATFORM_IDS.flatMap((platform) =>
      engine.generate('post-generation', { brand, platform, brief: 'What’s your take on pour-over?', variants: 3 }).variants.map((v) => v.text),
    );
    expect(texts.some((t) => CONTRACTION.test(t))).toBe(true);
  });
});
