import type { VoiceProfile } from '@mt/messages';
import { engagementPrediction, lengthFit, readability, SCORE_WEIGHTS, scoreVariant, voiceMatch } from './content-scoring';

const voice: VoiceProfile = {
  brandId: 'b',
  tone: 'Warm and plain.',
  traits: [{ trait: 'warm', description: '' }],
  sentenceStyle: { averageSentenceWords: 9, readingLevel: 'simple', emojiPolicy: 'none' },
  vocabulary: { preferred: ['fresh', 'roast', 'neighbourhood'], avoid: ['synergy'] },
  dos: [],
  donts: [],
  examples: ['We roast fresh beans every morning for the neighbourhood.', 'Come by for a fresh cup.'],
  sampleCount: 2,
  version: 1,
  updatedAt: '2026-01-01T00:00:00Z',
};
const ref = { voice, tone: ['warm'], pillars: ['coffee craft'], keywords: [] };

describe('variant scoring', () => {
  it('scores every dimension 0–100 and weighs them into overall', () => {
    const { scores, overall } = scoreVariant('x', 'We roast fresh beans every morning. Come by and try a cup?', ['Coffee'], ref);
    for (const v of Object.values(scores)) {
      expect(v).toBeGreaterThanOrEqual(0);
      expect(v).toBeLessThanOrEqual(100);
    }
    const weighted = Object.entries(SCORE_WEIGHTS).reduce((s, [k, w]) => s + w * scores[k as keyof typeof scores], 0);
    expect(overall).toBe(Math.round(weighted));
    expect(Object.values(SCORE_WEIGHTS).reduce((a, b) => a + b, 0)).toBeCloseTo(1);
  });

  it('voiceMatch prefers the voice: its words, sentence length and examples; avoided words cost', () => {
    const inVoice = voiceMatch('We roast fresh beans every morning. The neighbourhood gets the first cup.', ref);
    const offVoice = voiceMatch(
      'Leveraging cross-functional synergy, our organisation continuously operationalises comprehensive beverage-adjacent value propositions for stakeholders.',
      ref,
    );
    expect(inVoice).toBeGreaterThan(offVoice + 30);
    expect(voiceMatch('Fresh roast for the neighbourhood with synergy.', ref)).toBeLessThan(voiceMatch('Fresh roast for the neighbourhood with care.', ref));
  });

  it('readability is Flesch reading ease: plain short sentences beat long polysyllabic ones', () => {
    expect(readability('We roast beans. You drink them. Come by.')).toBeGreaterThan(80);
    expect(readability('Comprehensive organisational transformation necessitates institutional accountability considerations.')).toBeLessThan(20);
    expect(readability('')).toBe(0);
  });

  it('lengthFit is 100 at the sweet spot, lower away from it, 0 over the limit', () => {
    expect(lengthFit('x', 'a'.repeat(200), [])).toBe(100);
    expect(lengthFit('x', 'a'.repeat(100), [])).toBe(50);
    expect(lengthFit('x', 'a'.repeat(281), [])).toBe(0);
    expect(lengthFit('linkedin', 'a'.repeat(1200), [])).toBe(100);
  });

  it('engagementPrediction rewards a hook, a call to action and the hashtag habit', () => {
    const strong = engagementPrediction(
      'x',
      `Do you know 3 ways to brew better coffee?\nTry our guide and tell us yours. ${'Fresh beans matter. '.repeat(5)}`,
      ['Coffee'],
    );
    const weak = engagementPrediction('x', 'coffee', ['a', 'b', 'c', 'd']);
    expect(strong).toBeGreaterThan(weak + 40);
    const withLink = engagementPrediction('linkedin', 'Read more at https://example.com', ['a', 'b', 'c']);
    const noLink = engagementPrediction('linkedin', 'Read more on our page', ['a', 'b', 'c']);
    expect(withLink).toBeLessThan(noLink);
  });

  it('is deterministic', () => {
    const a = scoreVariant('linkedin', 'Same text. Same score?', ['a', 'b', 'c'], ref);
    expect(scoreVariant('linkedin', 'Same text. Same score?', ['a', 'b', 'c'], ref)).toEqual(a);
  });
});
