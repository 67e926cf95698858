/**
 * Grammatical person of a brand voice: how the brand speaks of itself and to the reader.
 * - first: the brand says "we" and "our" (and may address the reader as "you");
 * - second: the reader comes first ("you", "your"); the brand never says "we", it names itself;
 * - third: neither "we" nor "you": the brand and its customers are named, as in a news item.
 */
export type Person = 'first' | 'second' | 'third';

// "us" only in lower case: "US" is a country.
const FIRST = /\b(?:[Ww]e|[Oo]urs?|us|[Oo]urselves)\b/g;
const SECOND = /\b(?:[Yy]ou|[Yy]ours?|[Yy]ourself|[Yy]ourselves)\b/g;

export function pronounCounts(text: string): { first: number; second: number } {
  return { first: (text.match(FIRST) ?? []).length, second: (text.match(SECOND) ?? []).length };
}

/** Whether a sentence may stand in a voice of this person. */
export function fitsPerson(person: Person, text: string): boolean {
  if (person === 'first') return true;
  const { first, second } = pronounCounts(text);
  return first === 0 && (person === 'second' || second === 0);
}

/** The person the samples write in: "we" anywhere makes it first; else "you" makes it second; else third. */
export function personOfSamples(samples: readonly string[]): Person {
  const { first, second } = pronounCounts(samples.join('\n'));
  return first > 0 ? 'first' : second > 0 ? 'second' : 'third';
}
