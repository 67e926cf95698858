import indefinite from 'indefinite';
import { PLATFORMS, platformLength, renderPost, type PlatformId } from '../platforms';
import { findBannedWords, isCodeField } from '../tasks/common';

/**
 * "a" or "an" before a phrase, by the sound of its first word ("an expert", "a university",
 * "an hour", "a one-off", "an 8am start"): the `indefinite` package keeps the exceptions.
 */
export function withArticle(phrase: string): string {
  const first = phrase.trim().split(/\s+/)[0] ?? '';
  return `${indefinite(first.replace(/[,.;:!?’']+$/, ''), { articleOnly: true })} ${phrase.trim()}`;
}

/** Remove banned words and tidy the spacing left behind. Loops because a removal can join two words. */
export function scrub(text: string, banned: readonly string[]): string {
  let out = text;
  for (let pass = 0; pass < 4; pass++) {
    const hits = findBannedWords(out, banned);
    if (hits.length === 0) break;
    for (const hit of hits) {
      const re = new RegExp(`(?<![\\p{L}\\p{N}_])${hit.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/ /g, '\\s+')}(?![\\p{L}\\p{N}_])`, 'giu');
      out = out.replace(re, '');
    }
    out = out
      .replace(/[ \t]{2,}/g, ' ')
      .replace(/ +([,.!?;:])/g, '$1')
      .replace(/^[ \t]+|[ \t]+$/gm, '')
      .replace(/([,;:])\1+/g, '$1');
  }
  return out.trim();
}

/** Capitalise the first letter, keep the rest. */
/** "1 post", "3 posts", "0 posts": a count with its noun in the right number (never "post(s)"). */
export function countOf(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

export const capitalise = (s: string) => (s ? s[0].toUpperCase() + s.slice(1) : s);

/** A short, single-line, human-readable fragment from user text. */
export function clip(text: string, max: number): string {
  const one = text.replace(/\s+/g, ' ').trim();
  if (one.length <= max) return one;
  const cut = one.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).replace(/[,.;:!?-]+$/, '')}…`;
}

/** "specialty coffee" → "#SpecialtyCoffee"; undefined when nothing usable is left. */
export function toHashtag(phrase: string): string | undefined {
  const words = phrase
    .normalize('NFKC')
    .split(/[^\p{L}\p{M}\p{N}]+/u)
    .filter(Boolean);
  const tag = [
    ...words
      .map((w) => w[0].toUpperCase() + w.slice(1))
      .join('')
      .normalize('NFC')
      .replace(/[^\p{L}\p{M}\p{N}_]/gu, ''),
  ]
    .slice(0, 40)
    .join('');
  return tag ? `#${tag}` : undefined;
}

export { hashtagWords } from '../tasks/post-generation.task';

/**
 * Assemble a post from ordered parts, dropping optional parts (from the end) and then shortening the
 * first part until the rendered post fits the platform. Required parts are kept whole when possible.
 */
export function fitPost(platform: PlatformId, parts: { text: string; optional: boolean }[], hashtags: string[], separator: string): string {
  const max = PLATFORMS[platform].maxLength;
  const kept = parts.filter((p) => p.text.trim() !== '');
  const render = (ps: typeof kept) => ps.map((p) => p.text).join(separator);
  const fits = (text: string) => platformLength(platform, renderPost(text, hashtags)) <= max;
  let text = render(kept);
  while (!fits(text)) {
    const idx = kept.map((p) => p.optional).lastIndexOf(true);
    if (idx < 0) break;
    kept.splice(idx, 1);
    text = render(kept);
  }
  if (fits(text)) return text;
  // Still too long: cut the whole text at a word boundary, budgeted for the hashtags.
  const budget = max - platformLength(platform, renderPost('', hashtags)) - 1;
  let cut = clip(text, Math.max(1, budget));
  while (!fits(cut) && cut.length > 1) cut = clip(cut, cut.length - 5);
  return cut;
}

/**
 * Safety net run on every answer of the local engine: scrub banned words from every prose string
 * (codes, ids, hashtags and `keep` paths untouched). Templates are written for any brand, so a
 * brand may ban a word a template uses; the answer must still never contain it.
 */
export function scrubDeep<T>(value: T, banned: readonly string[], keep: readonly string[] = []): T {
  if (banned.length === 0) return value;
  const walk = (v: unknown, path: string): unknown => {
    if (typeof v === 'string') {
      if (isCodeField(path) || /hashtags\[\d+\]$/.test(path) || findBannedWords(v, banned).length === 0) return v;
      return scrub(v, banned) || '✦';
    }
    if (keep.includes(path)) return v;
    if (Array.isArray(v)) return v.map((x, i) => walk(x, `${path}[${i}]`));
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x, path ? `${path}.${k}` : k)]));
    return v;
  };
  return walk(value, '') as T;
}
