import { PLATFORMS, type PlatformId } from '@mt/ai';
import type { VariantScores, VoiceProfile } from '@mt/messages';
import { postLength } from './content-rules';

/** What the voice match compares a post against: the learned voice, else the brand's own words. */
export interface VoiceReference {
  voice: VoiceProfile | null;
  tone: readonly string[];
  pillars: readonly string[];
  keywords: readonly string[];
}

/** The weights of `overall` (docs/adr/060): voice and predicted engagement count most. */
export const SCORE_WEIGHTS: Readonly<VariantScores> = { voiceMatch: 0.3, readability: 0.2, lengthFit: 0.2, engagementPrediction: 0.3 };

const clamp = (n: number) => Math.max(0, Math.min(100, Math.round(n)));
const WORD = /[\p{L}\p{N}'’]+/gu;
const HAS_WORD = /[\p{L}\p{N}]/u;
const EMOJI = /\p{Extended_Pictographic}/gu;
const STOP = new Set(
  'the a an and or but of to in on for with at by from is are was were be been it its this that these those we you our your i my as so if not no do does did can will just than then there their they them have has had what which who how when why about into over more most very also'.split(
    ' ',
  ),
);

function words(text: string): string[] {
  return (text.toLowerCase().match(WORD) ?? []).filter((w) => !w.startsWith('http'));
}

function sentences(text: string): string[] {
  return text
    .split(/[.!?\n]+/)
    .map((s) => s.trim())
    .filter((s) => HAS_WORD.test(s));
}

/** Vowel groups, less a silent final e: the usual estimate behind Flesch reading ease. */
export function syllables(word: string): number {
  const w = word.toLowerCase().replace(/[^a-z]/g, '');
  if (w.length === 0) return 1;
  if (w.length <= 3) return 1;
  const groups = w
    .replace(/(?:[^laeiouy]es|ed|[^laeiouy]e)$/, '')
    .replace(/^y/, '')
    .match(/[aeiouy]{1,2}/g);
  return Math.max(1, groups?.length ?? 1);
}

/** Flesch reading ease, clamped to 0–100: 60–80 is plain English, social posts aim high. */
export function readability(text: string): number {
  const ws = words(text);
  if (ws.length === 0) return 0;
  const ss = Math.max(1, sentences(text).length);
  const syl = ws.reduce((n, w) => n + syllables(w), 0);
  return clamp(206.835 - 1.015 * (ws.length / ss) - 84.6 * (syl / ws.length));
}

/** 100 at the platform's sweet spot, falling linearly with the relative distance; 0 over the limit. */
export function lengthFit(platform: PlatformId, body: string, hashtags: readonly string[]): number {
  const rules = PLATFORMS[platform];
  const len = postLength(platform, body, hashtags);
  if (len > rules.maxLength) return 0;
  const distance = Math.abs(len - rules.sweetSpot) / rules.sweetSpot;
  // Long-form platforms forgive length more: a 3,000-word article is not "wrong" against a 5,000 sweet spot.
  return clamp(100 - distance * (rules.longForm ? 60 : 100));
}

function overlap(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let n = 0;
  for (const w of a) if (b.has(w)) n++;
  return n / Math.min(a.size, b.size);
}

const content = (text: string) => new Set(words(text).filter((w) => w.length > 2 && !STOP.has(w)));

/**
 * How much a post sounds like the brand, 0–100: sentence length against the voice's average,
 * the voice's preferred words (and none it avoids), its emoji habit, closeness to its example
 * lines, and the brand's tone and pillar words.
 */
export function voiceMatch(text: string, ref: VoiceReference): number {
  const ws = words(text);
  const set = new Set(ws);
  const ss = Math.max(1, sentences(text).length);
  const avg = ws.length / ss;
  const voice = ref.voice;
  const target = voice?.sentenceStyle.averageSentenceWords || 14;
  const sentenceFit = Math.max(0, 1 - Math.abs(avg - target) / Math.max(target, 6));
  const has = (phrase: string) => {
    const p = phrase.toLowerCase().trim();
    return p.length > 0 && (p.includes(' ') ? text.toLowerCase().includes(p) : set.has(p));
  };
  const preferred = [...(voice?.vocabulary.preferred ?? []), ...ref.keywords];
  const preferredFit = preferred.length ? Math.min(1, preferred.filter(has).length / Math.min(3, preferred.length)) : 0.5;
  const avoided = (voice?.vocabulary.avoid ?? []).filter(has).length;
  const emoji = (text.match(EMOJI) ?? []).length;
  const policy = voice?.sentenceStyle.emojiPolicy ?? 'sparing';
  const emojiFit = policy === 'none' ? (emoji === 0 ? 1 : 0) : policy === 'sparing' ? (emoji <= 2 ? 1 : 0.4) : emoji > 0 ? 1 : 0.6;
  const post = content(text);
  const exampleFit = Math.max(0, ...(voice?.examples ?? []).map((e) => overlap(post, content(e))));
  const themes = new Set([...ref.tone, ...ref.pillars].flatMap((t) => words(t)).filter((w) => w.length > 2 && !STOP.has(w)));
  const themeFit = themes.size ? Math.min(1, [...themes].filter((t) => set.has(t)).length / 2) : 0.5;
  const score = voice
    ? 30 * sentenceFit + 20 * preferredFit + 10 * emojiFit + 25 * Math.min(1, exampleFit * 2) + 15 * themeFit
    : 35 * sentenceFit + 25 * preferredFit + 10 * emojiFit + 30 * themeFit;
  return clamp(score - 10 * avoided);
}

const CTA =
  /\b(try|join|read|learn|share|comment|book|visit|discover|tell us|follow|save|reply|sign up|subscribe|download|register|explore|shop|get started|find out|let us know|what's your|what do you|how do you)\b/i;

/**
 * Predicted engagement, 0–100: a logistic model over what social-media studies agree drives
 * interaction (docs/adr/060): a hook in the first line, a question or a number, "you", a call to
 * action, length near the sweet spot, the platform's hashtag habit, scannable lines, emoji where
 * they are common, no link where links cost reach. Deterministic and explainable.
 */
export function engagementPrediction(platform: PlatformId, body: string, hashtags: readonly string[]): number {
  const rules = PLATFORMS[platform];
  const first = body.split('\n')[0]?.trim() ?? '';
  const emoji = (body.match(EMOJI) ?? []).length;
  const features: [number, number][] = [
    [1.0, first.length > 0 && first.length <= 120 ? 1 : 0],
    [0.6, /\?/.test(first) ? 1 : 0],
    [0.4, /\d/.test(first) ? 1 : 0],
    [0.5, /\byou(r)?\b/i.test(body) ? 1 : 0],
    [0.9, CTA.test(body) ? 1 : 0],
    [1.2, lengthFit(platform, body, hashtags) / 100],
    [0.6, hashtags.length >= rules.hashtags.min && hashtags.length <= rules.hashtags.max ? 1 : -1],
    [0.3, body.includes('\n') ? 1 : 0],
    [0.3, rules.emoji === 'common' ? (emoji > 0 && emoji <= 3 ? 1 : 0) : emoji > 2 ? -1 : 0],
    [-0.7, rules.links !== 'inline' && /https?:\/\//.test(body) ? 1 : 0],
  ];
  const z = -2.6 + features.reduce((s, [w, x]) => s + w * x, 0);
  return clamp(100 / (1 + Math.exp(-z)));
}

export function scoreVariant(platform: PlatformId, body: string, hashtags: readonly string[], ref: VoiceReference): { scores: VariantScores; overall: number } {
  const scores: VariantScores = {
    voiceMatch: voiceMatch(body, ref),
    readability: readability(body),
    lengthFit: lengthFit(platform, body, hashtags),
    engagementPrediction: engagementPrediction(platform, body, hashtags),
  };
  const overall = clamp((Object.keys(SCORE_WEIGHTS) as (keyof VariantScores)[]).reduce((s, k) => s + SCORE_WEIGHTS[k] * scores[k], 0));
  return { scores, overall };
}
