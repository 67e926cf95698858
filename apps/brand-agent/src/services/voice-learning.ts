import type { VoiceAnalysis } from './voice-profile.mapper';

/**
 * The learning loop's rules, deterministic and free of I/O (they run inside event handlers, where
 * no AI may be called): the voice a brand announces is the AI's analysis of its samples (the
 * base) with what its team did to posts laid over it. Re-deriving from base + the whole feedback
 * history, rather than patching the last profile, makes every version reproducible and lets a
 * fresh analysis of new samples keep what the team taught (ADR 051).
 */

/** Accepted posts and A/B winners kept as examples, newest first. */
export const LEARNED_EXAMPLES = 5;
/** Examples announced at most (learned ones first, then the analysis's own lines). */
export const MAX_EXAMPLES = 10;
/** An example is a line, not a whole post: other agents put examples in every prompt. */
export const EXAMPLE_MAX_CHARS = 300;
/** A word joins avoid (or preferred) once edits removed (or added) it this many times more than the reverse. */
export const REPEAT_THRESHOLD = 2;
const VOCABULARY_MAX = { preferred: 40, avoid: 100 } as const;

const STOP_WORDS = new Set(
  `the and for are but not you your with this that from they them their there have has had was were will would can could
  our ours out all any its it's into onto than then too very just about over under more most some such only own same
  what when where which who whom why how also each other been being both did does doing down few further here hers his
  her him himself herself itself let's myself nor off once ourselves should shan't she she's themselves these those
  through until while won't yours yourself yourselves we're we've you're you've isn't aren't wasn't weren't don't
  doesn't didn't can't couldn't shouldn't wouldn't i'm i've i'll i'd he's it'll that's what's who's`.split(/\s+/),
);

/** Content words of a text: lower case, 3+ letters, stop words and numbers left out. */
export function contentWords(text: string): Set<string> {
  const words = new Set<string>();
  for (const match of text
    .toLowerCase()
    .normalize('NFC')
    .matchAll(/\p{L}[\p{L}\p{N}'’-]*/gu)) {
    const word = match[0].replace(/’/g, "'").replace(/['-]+$/, '');
    if (word.length >= 3 && !STOP_WORDS.has(word)) words.add(word);
  }
  return words;
}

/** The words an edit took out of a text and put into it (sorted, for stable records). */
export function editDiff(previous: string, next: string): { removed: string[]; added: string[] } {
  const before = contentWords(previous);
  const after = contentWords(next);
  return {
    removed: [...before].filter((w) => !after.has(w)).sort(),
    added: [...after].filter((w) => !before.has(w)).sort(),
  };
}

/** Words users repeatedly take out (avoid) or put in (preferred), net of the opposite edits. */
export function learnedVocabulary(edits: readonly { removed: readonly string[]; added: readonly string[] }[], threshold = REPEAT_THRESHOLD) {
  const net = new Map<string, number>();
  for (const edit of edits) {
    for (const w of new Set(edit.removed)) net.set(w, (net.get(w) ?? 0) + 1);
    for (const w of new Set(edit.added)) net.set(w, (net.get(w) ?? 0) - 1);
  }
  const avoid: string[] = [];
  const preferred: string[] = [];
  for (const [word, n] of [...net].sort(([a], [b]) => a.localeCompare(b))) {
    if (n >= threshold) avoid.push(word);
    else if (-n >= threshold) preferred.push(word);
  }
  return { avoid, preferred };
}

/** A post as an example line: whitespace folded, cut at a word boundary. */
export function exampleLine(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= EXAMPLE_MAX_CHARS) return flat;
  const cut = flat.slice(0, EXAMPLE_MAX_CHARS - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > EXAMPLE_MAX_CHARS / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

export interface FeedbackHistory {
  /** Texts of accepted posts and A/B winners, newest first (at least LEARNED_EXAMPLES of them when there are). */
  accepted: string[];
  /** How many posts were accepted or won, in all. */
  acceptedCount: number;
  /** Texts of rejected posts (any order). */
  rejected: string[];
  /** Every recorded edit's word changes. */
  edits: { removed: string[]; added: string[] }[];
}

export type LearnedFields = Pick<VoiceAnalysis, 'vocabulary' | 'examples' | 'sampleCount'>;

/**
 * What the feedback makes of the analysis: the newest accepted or winning posts lead the examples
 * (a rejected post never stays one), repeatedly removed words are avoided, repeatedly added words
 * preferred — unless banned, which always stay avoided.
 */
export function applyLearning(base: VoiceAnalysis, history: FeedbackHistory, bannedWords: readonly string[]): LearnedFields {
  const key = (s: string) => s.toLowerCase().trim();
  const rejected = new Set(history.rejected.map((t) => key(exampleLine(t))));
  const learnedExamples = unique(history.accepted.map(exampleLine), key)
    .filter((line) => line && !rejected.has(key(line)))
    .slice(0, LEARNED_EXAMPLES);
  const examples = unique([...learnedExamples, ...base.examples], key)
    .filter((line) => !rejected.has(key(line)))
    .slice(0, MAX_EXAMPLES);

  const banned = new Set(bannedWords.map(key).filter(Boolean));
  const words = learnedVocabulary(history.edits);
  const wanted = new Set(words.preferred.filter((w) => !banned.has(w)));
  const avoid = unique([...base.vocabulary.avoid, ...bannedWords, ...words.avoid], key)
    .filter((w) => !wanted.has(key(w)))
    .slice(0, VOCABULARY_MAX.avoid);
  const avoided = new Set(avoid.map(key));
  const preferred = unique([...base.vocabulary.preferred, ...words.preferred], key)
    .filter((w) => !avoided.has(key(w)))
    .slice(0, VOCABULARY_MAX.preferred);

  return { examples, vocabulary: { preferred, avoid }, sampleCount: base.sampleCount + history.acceptedCount };
}

/** Whether learning changed anything a user or another agent would see. */
export function sameLearned(a: LearnedFields, b: LearnedFields): boolean {
  return JSON.stringify([a.examples, a.vocabulary, a.sampleCount]) === JSON.stringify([b.examples, b.vocabulary, b.sampleCount]);
}

function unique(items: readonly string[], key: (s: string) => string): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const item of items) {
    const k = key(item);
    if (!k || seen.has(k)) continue;
    seen.add(k);
    out.push(item.trim());
  }
  return out;
}
