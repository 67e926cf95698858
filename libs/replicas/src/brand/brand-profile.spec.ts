import { LocalEngine, PLATFORM_IDS } from '@mt/ai';
import type { BrandData, VoiceProfile } from '@mt/messages';
import { aiBrandContext } from './brand-profile';

/** The brand as agents hand it to libs/ai: the learned voice shapes the wording, never the hashtags or topics. */
const brand: BrandData = {
  id: '00000000-0000-4000-8000-000000000017',
  name: 'Kiln Coffee',
  industry: 'Coffee',
  description: 'A specialty coffee roastery on Gloucester Road, Bristol. We roast twice a week and sell beans, subscriptions and brewing kit.',
  website: null,
  audience: 'home-brewing coffee enthusiasts aged 25–45 with a pour-over or espresso setup',
  tone: 'warm, expert',
  values: ['Direct trade'],
  bannedWords: ['cheap'],
  pillars: ['Brewing guides', 'Origins', 'Roastery life'],
  competitors: [],
  timezone: 'Europe/London',
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
};
const voice: VoiceProfile = {
  brandId: brand.id,
  tone: 'Warm and knowledgeable.',
  traits: [{ trait: 'warm', description: 'Talks like a friend behind the counter.' }],
  sentenceStyle: { averageSentenceWords: 12, readingLevel: 'standard', emojiPolicy: 'none', person: 'first' },
  vocabulary: { preferred: ['peach tea', 'water', 'grinder'], avoid: [] },
  dos: [],
  donts: [],
  examples: [
    'Your grinder matters more than your machine. Start there.',
    'Soft water makes a sweeter cup.',
    'This week: a washed Ethiopian with notes of peach tea.',
  ],
  sampleCount: 3,
  version: 2,
  updatedAt: '2026-01-02T00:00:00.000Z',
};
const VOICE_TAGS = /^#(?:PeachTea|Peach|Tea|Water|Grinder|Ethiopian|Machine)$/i;
const engine = new LocalEngine();

describe('aiBrandContext', () => {
  const context = aiBrandContext({ brand, voice });

  it("carries the voice's preferred words for word choice, apart from the brand's own vocabulary", () => {
    expect(context.preferredWords).toEqual(['peach tea', 'water', 'grinder']);
    expect(context.keywords ?? []).not.toEqual(expect.arrayContaining(['peach tea']));
  });

  it.each([
    ['a workshop note', 'Saturday cupping session, 10am, 8 places'],
    ['a calendar entry', 'Practical tip: one Brewing guides habit that makes subscriptions easier. Format: text. Campaign goal: More sign-ups.'],
    ['a bare brief', 'A post for this week'],
  ])('never turns a learned voice word into a hashtag or a topic (%s)', (_what, brief) => {
    for (const platform of PLATFORM_IDS) {
      const out = engine.generate('post-generation', { brand: context, platform, brief, variants: 3, campaignName: 'Autumn launch' });
      for (const v of out.variants) {
        expect(v.hashtags.filter((t) => VOICE_TAGS.test(t))).toEqual([]);
        expect(v.text).not.toMatch(/#PeachTea|#Water\b|#Grinder/i);
      }
    }
  });
});
