import type WinkFn from 'wink-nlp';
import type { ItemToken } from 'wink-nlp';
import { winkModel } from './wink-model';

type Wink = ReturnType<typeof WinkFn>;
let loaded: Wink | null = null;

/**
 * One wink-nlp instance per process, loaded on first use: the model holds ~13 MB of heap (ADR 211), which a
 * process that never reads text (auth-agent, the gateway, an idle agent) should not carry (ADR 113).
 */
function wink(): Wink {
  if (!loaded) {
    /* eslint-disable @typescript-eslint/no-require-imports */
    const winkNLP = (require('wink-nlp') as { default?: typeof WinkFn }).default ?? (require('wink-nlp') as typeof WinkFn);
    /* eslint-enable @typescript-eslint/no-require-imports */
    // The package's model without its own core-model reader, which keeps a copy (ADR 211).
    loaded = winkNLP(winkModel(), ['sbd', 'pos', 'sentiment']);
  }
  return loaded;
}

/** Nouns that say nothing about a topic. */
const JUNK = new Set([
  'thing',
  'things',
  'lot',
  'way',
  'ways',
  'today',
  'time',
  'people',
  'everyone',
  'anything',
  'something',
  'day',
  'year',
  'week',
  'minutes',
  'hour',
  'hours',
]);
/** Modifiers that add hype, not meaning: "new subscription" is about "subscription". */
const WEAK = new Set([
  'new',
  'great',
  'good',
  'best',
  'better',
  'big',
  'latest',
  'amazing',
  'awesome',
  'many',
  'more',
  'other',
  'own',
  'first',
  'last',
  'next',
  'perfect',
  'real',
]);

export interface TextStats {
  sentences: number;
  words: number;
  /** −1 (negative) … 1 (positive). */
  sentiment: number;
}

interface Tok {
  pos: string;
  normal: string;
  stop: boolean;
  word: boolean;
}

/** Tokens with hyphenated compounds joined back: "single", "-", "origin" → "single-origin". */
function tokensOf(text: string): Tok[] {
  const { its } = wink();
  const doc = wink().readDoc(text.slice(0, 5000));
  const out: Tok[] = [];
  let joinNext = false;
  doc.tokens().each((t: ItemToken) => {
    const normal = t.out(its.normal);
    const word = t.out(its.type) === 'word';
    const spaced = t.out(its.precedingSpaces) !== '';
    const prev = out[out.length - 1];
    if (normal === '-' && !spaced && prev?.word) {
      joinNext = true;
      return;
    }
    if (joinNext && word && !spaced && prev) {
      prev.normal = `${prev.normal}-${normal}`;
      prev.pos = t.out(its.pos);
      prev.stop = false;
      joinNext = false;
      return;
    }
    joinNext = false;
    const pos = t.out(its.pos);
    // Proper nouns keep their capitals: "Ethiopian", "Leeds".
    out.push({ pos, normal: pos === 'PROPN' && /^\p{Lu}/u.test(t.out()) ? t.out() : normal, stop: Boolean(t.out(its.stopWordFlag)), word });
  });
  return out;
}

/**
 * Third-person verbs the tagger reads as plural nouns after a noun: "your grinder matters",
 * "every bag ships within a day". After a noun they are the verb, not the head of a phrase.
 */
const VERBISH = new Set([
  'matters',
  'ships',
  'works',
  'makes',
  'takes',
  'helps',
  'means',
  'needs',
  'comes',
  'goes',
  'runs',
  'gets',
  'keeps',
  'starts',
  'changes',
  'arrives',
  'tastes',
  'looks',
  'feels',
  'sells',
  'lasts',
  'counts',
  'pays',
  'brews',
  'roasts',
  'grows',
  'opens',
  'closes',
  'leaves',
  'turns',
  'stays',
  'sounds',
  'smells',
  'wins',
  'beats',
  'costs',
  'saves',
  'lands',
  'drops',
  'returns',
  'sits',
  'shows',
  'tells',
  'gives',
  'brings',
  'holds',
  'fits',
  'rides',
  'bakes',
  'sleeps',
]);

/** Re-tag verbs the tagger took for nouns, in place. */
function fixVerbs(tokens: Tok[]): Tok[] {
  for (let i = 1; i < tokens.length; i++) {
    const t = tokens[i];
    const prev = tokens[i - 1];
    if (t.pos === 'NOUN' && VERBISH.has(t.normal.toLowerCase()) && (prev.pos === 'NOUN' || prev.pos === 'PROPN' || prev.pos === 'PRON')) t.pos = 'VERB';
  }
  return tokens;
}

const isNoun = (t: Tok) => t.pos === 'NOUN' || t.pos === 'PROPN';
const usable = (t: Tok) => t.word && !t.stop && t.normal.length >= 3 && /^[\p{L}][\p{L}\p{N}'-]*$/u.test(t.normal);

/**
 * Keyword phrases ranked by frequency then first appearance: noun phrases of up to three words
 * ending in their head noun ("single-origin subscription"), without stop words, filler or hype.
 */
export function extractKeywords(text: string, limit = 8): string[] {
  if (!text.trim()) return [];
  const tokens = fixVerbs(tokensOf(text));
  const score = new Map<string, { n: number; first: number }>();
  const add = (phrase: string, i: number, weight: number) => {
    const s = score.get(phrase);
    if (s) s.n += weight;
    else score.set(phrase, { n: weight, first: i });
  };
  tokens.forEach((t, i) => {
    if (!isNoun(t) || !usable(t) || JUNK.has(t.normal.toLowerCase())) return;
    const next = tokens[i + 1];
    if (next && isNoun(next) && usable(next)) return; // not the head of its phrase
    add(t.normal, i, 1);
    const mods: string[] = [];
    for (let j = i - 1; j >= 0 && mods.length < 2; j--) {
      const m = tokens[j];
      if (!usable(m) || WEAK.has(m.normal.toLowerCase()) || !(m.pos === 'ADJ' || isNoun(m))) break;
      mods.unshift(m.normal);
    }
    if (mods.length) add(`${mods.join(' ')} ${t.normal}`, i - mods.length, 1.5);
  });
  const ranked = [...score.entries()].sort((a, b) => b[1].n - a[1].n || a[1].first - b[1].first).map(([p]) => p);
  const out: string[] = [];
  const absorbed = new Set<string>();
  for (const p of ranked) {
    if (out.some((o) => o.split(' ').includes(p))) continue;
    const single = out.findIndex((o) => !o.includes(' ') && !absorbed.has(o) && p.split(' ').includes(o));
    if (single >= 0) {
      // "coffee" then "specialty coffee": keep the more specific phrase, in the single word's rank.
      absorbed.add(out[single]);
      out[single] = p;
      continue;
    }
    if (out.some((o) => p.split(' ').includes(o))) continue;
    out.push(p);
    if (out.length >= limit) break;
  }
  return out;
}

export function textStats(text: string): TextStats {
  if (!text.trim()) return { sentences: 0, words: 0, sentiment: 0 };
  const { its } = wink();
  const doc = wink().readDoc(text.slice(0, 5000));
  let words = 0;
  doc.tokens().each((t: ItemToken) => {
    if (t.out(its.type) === 'word') words++;
  });
  return { sentences: doc.sentences().length(), words, sentiment: Number(doc.out(its.sentiment)) || 0 };
}
