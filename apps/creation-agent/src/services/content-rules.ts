import { findBannedWords, hashtagWords, PLATFORMS, platformLength, renderPost, type PlatformId } from '@mt/ai';

export interface FieldError {
  field: string;
  message: string;
}

const HASHTAG = /^[\p{L}\p{M}\p{N}_]{1,60}$/u;

/** Hashtags as stored: without '#', valid words only, each once (case-insensitive). */
export function normalizeHashtags(tags: readonly string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const raw of tags) {
    const tag = raw.trim().replace(/^#+/, '');
    if (!HASHTAG.test(tag) || seen.has(tag.toLowerCase())) continue;
    seen.add(tag.toLowerCase());
    out.push(tag);
  }
  return out;
}

/** Banned words a post uses, in its text or hidden in a hashtag ("#CheapCoffee" hides "cheap"). */
export function bannedIn(body: string, hashtags: readonly string[], banned: readonly string[]): string[] {
  const found = new Set([...findBannedWords(body, banned), ...hashtags.flatMap((h) => findBannedWords(hashtagWords(h), banned))]);
  return [...found];
}

/** The post as the platform counts it: the body, a blank line, then the hashtags. */
export function postLength(platform: PlatformId, body: string, hashtags: readonly string[]): number {
  return platformLength(platform, renderPost(body, hashtags));
}

/**
 * The rules no stored body may break: no banned word, within the platform's limit, the platform's
 * hashtag habit. `minHashtags` is enforced for generated text only: a user may post with fewer.
 */
export function contentProblems(
  platform: PlatformId,
  body: string,
  hashtags: readonly string[],
  banned: readonly string[],
  opts: { minHashtags?: boolean } = {},
): FieldError[] {
  const rules = PLATFORMS[platform];
  const errors: FieldError[] = [];
  if (body.trim().length === 0) errors.push({ field: 'body', message: 'must not be empty' });
  const inBody = findBannedWords(body, banned);
  if (inBody.length) errors.push({ field: 'body', message: `uses banned word(s) of the brand: ${inBody.map((w) => `"${w}"`).join(', ')}` });
  const inTags = hashtags.flatMap((h) => findBannedWords(hashtagWords(h), banned));
  if (inTags.length) errors.push({ field: 'hashtags', message: `use banned word(s) of the brand: ${[...new Set(inTags)].map((w) => `"${w}"`).join(', ')}` });
  const invalid = hashtags.filter((h) => !HASHTAG.test(h.replace(/^#/, '')));
  if (invalid.length) errors.push({ field: 'hashtags', message: 'a hashtag is one word of letters, digits or _' });
  if (hashtags.length > rules.hashtags.max) {
    errors.push({ field: 'hashtags', message: `${rules.label} takes at most ${rules.hashtags.max} hashtags` });
  }
  if (opts.minHashtags && hashtags.length < rules.hashtags.min) {
    errors.push({ field: 'hashtags', message: `${rules.label} posts carry at least ${rules.hashtags.min} hashtag(s)` });
  }
  const len = postLength(platform, body, hashtags);
  if (len > rules.maxLength) {
    errors.push({ field: 'body', message: `is ${len} ${rules.lengthUnit} with its hashtags; ${rules.label} allows ${rules.maxLength}` });
  }
  return errors;
}

/** Sentences (and lines) of a text, with their closing punctuation. */
function sentencesOf(text: string): string[] {
  return text.match(/[^.!?\n]+(?:[.!?]+|\n+|$)/g) ?? [text];
}

/** Cuts a text to at most `max` (as the platform counts) at a sentence, else a word, boundary. */
export function fitText(platform: PlatformId, text: string, max: number): string {
  if (platformLength(platform, text) <= max) return text;
  const sentences = sentencesOf(text);
  const bySentence = [''];
  for (const s of sentences) bySentence.push(bySentence[bySentence.length - 1] + s);
  const out = bySentence[longestFitting(bySentence, (t) => platformLength(platform, t), max)];
  if (out.trim().length > 0) return out.trimEnd();
  const byWord = [''];
  for (const w of text.split(/\s+/)) {
    const last = byWord[byWord.length - 1];
    byWord.push(last ? `${last} ${w}` : w);
  }
  const cut = byWord[longestFitting(byWord, (t) => platformLength(platform, `${t}…`), max, 1)];
  return cut ? `${cut}…` : '';
}

/**
 * The index of the longest of `prefixes` (each the one before it and more) whose length is at most
 * `max`, by binary search: a platform's length never shrinks as text is added, so this is where a
 * scan from the start would stop, after log₂ n measurements instead of n, each of them counting
 * graphemes over the whole prefix. Indexes below `from` are taken to fit.
 */
function longestFitting(prefixes: readonly string[], length: (text: string) => number, max: number, from = 0): number {
  let lo = from;
  let hi = prefixes.length - 1;
  if (lo > hi) return hi;
  if (lo > 0 && length(prefixes[lo]) > max) return lo - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (length(prefixes[mid]) <= max) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * Brings a generated variant within the rules, or gives up (null): sentences with a banned word
 * are dropped, banned or surplus hashtags removed, missing ones taken from `spareTags`, and an
 * over-long post loses hashtags down to the platform's minimum, then text at a sentence boundary.
 * The result always passes `contentProblems(…, { minHashtags: true })`, or is null.
 */
export function repairPost(
  platform: PlatformId,
  body: string,
  hashtags: readonly string[],
  banned: readonly string[],
  spareTags: readonly string[] = [],
): { body: string; hashtags: string[] } | null {
  const rules = PLATFORMS[platform];
  let text = body.trim();
  if (findBannedWords(text, banned).length) {
    text = sentencesOf(text)
      .filter((s) => findBannedWords(s, banned).length === 0)
      .join('')
      .trim();
  }
  const clean = (tags: readonly string[]) => normalizeHashtags(tags).filter((h) => findBannedWords(hashtagWords(h), banned).length === 0);
  let tags = clean(hashtags).slice(0, rules.hashtags.max);
  if (tags.length < rules.hashtags.min) {
    const have = new Set(tags.map((t) => t.toLowerCase()));
    for (const t of clean(spareTags)) {
      if (tags.length >= rules.hashtags.min) break;
      if (!have.has(t.toLowerCase())) tags.push(t);
      have.add(t.toLowerCase());
    }
  }
  while (postLength(platform, text, tags) > rules.maxLength && tags.length > rules.hashtags.min) tags = tags.slice(0, -1);
  if (postLength(platform, text, tags) > rules.maxLength) {
    // renderPost('', tags) is the blank line and the tags: what the text must leave room for.
    const room = rules.maxLength - (tags.length ? postLength(platform, '', tags) : 0);
    text = fitText(platform, text, Math.max(0, room));
  }
  if (contentProblems(platform, text, tags, banned, { minHashtags: true }).length) return null;
  return { body: text, hashtags: tags };
}

/** Hashtag candidates from a brand's words: "content pillar" → "ContentPillar". */
export function tagsFrom(words: readonly string[]): string[] {
  return normalizeHashtags(
    words.map((w) =>
      w
        .split(/[^\p{L}\p{M}\p{N}]+/u)
        .filter(Boolean)
        .map((p) => p[0].toUpperCase() + p.slice(1))
        .join('')
        .slice(0, 40),
    ),
  );
}
