import {
  applyLearning,
  contentWords,
  editDiff,
  EXAMPLE_MAX_CHARS,
  exampleLine,
  type FeedbackHistory,
  LEARNED_EXAMPLES,
  learnedVocabulary,
  sameLearned,
} from './voice-learning';
import type { VoiceAnalysis } from './voice-profile.mapper';

const base: VoiceAnalysis = {
  tone: 'Warm and plain-spoken.',
  traits: [{ trait: 'warm', description: 'talks to one person' }],
  sentenceStyle: { averageSentenceWords: 12, readingLevel: 'standard', emojiPolicy: 'sparing' },
  vocabulary: { preferred: ['roasted'], avoid: ['cheap'] },
  dos: ['be specific'],
  donts: ['shout'],
  examples: ['Fresh beans, four days from drum to door.'],
  sampleCount: 3,
};

const history = (h: Partial<FeedbackHistory> = {}): FeedbackHistory => ({ accepted: [], acceptedCount: 0, rejected: [], edits: [], ...h });

describe('contentWords', () => {
  it('keeps lower-case words of three letters or more, without stop words or numbers', () => {
    expect([...contentWords('The BEST coffee in 2026 — we’re roasting it for you!')].sort()).toEqual(['best', 'coffee', 'roasting']);
  });

  it('keeps accented words and hyphenated words whole', () => {
    expect([...contentWords('Café crème, small-batch')].sort()).toEqual(['café', 'crème', 'small-batch']);
  });
});

describe('editDiff', () => {
  it('lists the words an edit removed and added', () => {
    expect(editDiff('An amazing, revolutionary blend for you', 'A smooth blend, roasted for you')).toEqual({
      removed: ['amazing', 'revolutionary'],
      added: ['roasted', 'smooth'],
    });
  });

  it('finds nothing in an edit that only changes punctuation and case', () => {
    expect(editDiff('Great coffee!', 'great coffee.')).toEqual({ removed: [], added: [] });
  });
});

describe('learnedVocabulary', () => {
  it('avoids a word removed in two edits and prefers a word added in two', () => {
    const edits = [
      { removed: ['amazing', 'synergy'], added: ['smooth'] },
      { removed: ['amazing'], added: ['smooth', 'fresh'] },
    ];
    expect(learnedVocabulary(edits)).toEqual({ avoid: ['amazing'], preferred: ['smooth'] });
  });

  it('nets out a word that was removed and added back as often', () => {
    const edits = [
      { removed: ['bold'], added: [] },
      { removed: ['bold'], added: [] },
      { removed: [], added: ['bold'] },
    ];
    expect(learnedVocabulary(edits)).toEqual({ avoid: [], preferred: [] });
  });

  it('counts a word once per edit', () => {
    expect(learnedVocabulary([{ removed: ['amazing', 'amazing'], added: [] }])).toEqual({ avoid: [], preferred: [] });
  });
});

describe('applyLearning', () => {
  it('changes nothing but keeps banned words avoided when there is no feedback', () => {
    const out = applyLearning(base, history(), ['cheap', 'guarantee']);
    expect(out).toEqual({ examples: base.examples, vocabulary: { preferred: ['roasted'], avoid: ['cheap', 'guarantee'] }, sampleCount: 3 });
  });

  it('puts the newest accepted posts first among the examples and keeps only the newest N', () => {
    const accepted = Array.from({ length: LEARNED_EXAMPLES + 2 }, (_, i) => `Accepted post number ${i} about our beans`);
    const out = applyLearning(base, history({ accepted, acceptedCount: accepted.length }), []);
    expect(out.examples.slice(0, LEARNED_EXAMPLES)).toEqual(accepted.slice(0, LEARNED_EXAMPLES));
    expect(out.examples).not.toContain(accepted[LEARNED_EXAMPLES]);
    expect(out.examples).toContain(base.examples[0]);
    expect(out.sampleCount).toBe(3 + accepted.length);
  });

  it('never keeps a rejected post as an example, even one the analysis wrote', () => {
    const out = applyLearning(base, history({ accepted: ['We ship on Mondays.'], acceptedCount: 1, rejected: ['We ship on Mondays.', base.examples[0]] }), []);
    expect(out.examples).toEqual([]);
  });

  it('shortens a long post to one example line', () => {
    const long = 'word '.repeat(200);
    const out = applyLearning(base, history({ accepted: [long], acceptedCount: 1 }), []);
    expect(out.examples[0].length).toBeLessThanOrEqual(EXAMPLE_MAX_CHARS);
    expect(out.examples[0].endsWith('…')).toBe(true);
    expect(exampleLine('  two\n lines ')).toBe('two lines');
  });

  it('adds repeatedly removed words to avoid and repeatedly added words to preferred', () => {
    const edits = [
      { removed: ['amazing'], added: ['smooth'] },
      { removed: ['amazing'], added: ['smooth'] },
    ];
    const out = applyLearning(base, history({ edits }), []);
    expect(out.vocabulary).toEqual({ preferred: ['roasted', 'smooth'], avoid: ['cheap', 'amazing'] });
  });

  it('lets the team win back a word the analysis avoided, but never a banned word', () => {
    const edits = [
      { removed: [], added: ['cheap', 'bargain'] },
      { removed: [], added: ['cheap', 'bargain'] },
    ];
    const analysis = { ...base, vocabulary: { preferred: [], avoid: ['cheap', 'bargain'] } };
    const out = applyLearning(analysis, history({ edits }), ['cheap']);
    expect(out.vocabulary.avoid).toEqual(['cheap']);
    expect(out.vocabulary.preferred).toEqual(['bargain']);
  });

  it('drops a preferred word the team keeps removing', () => {
    const edits = [
      { removed: ['roasted'], added: [] },
      { removed: ['roasted'], added: [] },
    ];
    const out = applyLearning(base, history({ edits }), []);
    expect(out.vocabulary.preferred).toEqual([]);
    expect(out.vocabulary.avoid).toContain('roasted');
  });
});

describe('sameLearned', () => {
  it('tells whether learning changed what others see', () => {
    const a = applyLearning(base, history(), []);
    expect(sameLearned(a, applyLearning(base, history(), []))).toBe(true);
    expect(sameLearned(a, applyLearning(base, history({ accepted: ['New line in the voice'], acceptedCount: 1 }), []))).toBe(false);
  });
});
