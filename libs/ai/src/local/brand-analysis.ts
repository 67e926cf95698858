import type { BrandContext } from '../tasks/common';
import { findBannedWords } from '../tasks/common';
import { extractKeywords } from './keywords';
import { clip, hashtagWords, scrub, toHashtag } from './text-tools';

export type ToneFlag = 'playful' | 'warm' | 'expert' | 'bold' | 'calm';

const TONE_WORDS: Record<ToneFlag, readonly string[]> = {
  playful: ['playful', 'fun', 'witty', 'cheeky', 'humorous', 'quirky', 'irreverent', 'lighthearted'],
  warm: ['warm', 'friendly', 'approachable', 'caring', 'kind', 'empathetic', 'welcoming', 'human'],
  expert: ['expert', 'authoritative', 'professional', 'knowledgeable', 'technical', 'formal', 'precise', 'credible'],
  bold: ['bold', 'confident', 'energetic', 'inspiring', 'passionate', 'ambitious', 'direct'],
  calm: ['calm', 'thoughtful', 'honest', 'transparent', 'minimal', 'understated', 'reassuring'],
};

/** What the local engine knows about a brand, with every banned word already removed. */
export interface BrandAnalysis {
  name: string;
  keywords: string[];
  pillars: string[];
  audience: string;
  tone: Set<ToneFlag>;
  /** Candidate hashtags, best first, none containing a banned word. */
  hashtags: string[];
  banned: readonly string[];
}

const cache = new Map<string, BrandAnalysis>();

export function isClean(text: string, banned: readonly string[]): boolean {
  return findBannedWords(text, banned).length === 0;
}

/** Plain lower-case start unless the phrase looks like a name ("Remote workers" → "remote workers"). */
function lowerStart(s: string): string {
  return /^\p{Lu}\p{Ll}/u.test(s) ? s[0].toLowerCase() + s.slice(1) : s;
}

/** Words that start an audience's qualifier: "enthusiasts aged 25–45", "owners who …". */
const QUALIFIER = /\s+(?:aged|with|who|that|which|in|from|looking|living|wanting|training|curious|new to|based|across)\b/i;

/**
 * The audience as one noun phrase for running text, qualifiers included while it stays readable:
 * "home-brewing coffee enthusiasts aged 25–45 with a pour-over or espresso setup" is one audience;
 * when it is too long for a hook its head ("home-brewing coffee enthusiasts") stands for it. Never cut.
 */
export function audiencePhrase(audience: string): string {
  const first = (
    audience
      .replace(/\s+/g, ' ')
      .trim()
      .split(/[.;\n]/)[0] ?? ''
  ).trim();
  if (first.length <= 60) return first;
  const head = first
    .split(QUALIFIER)[0]
    .replace(/[,:]+$/, '')
    .trim();
  if (head.length <= 60) return head;
  const listHead = head.split(/,\s*|\s+and\s+/)[0].trim();
  return listHead.length <= 60 ? listHead : '';
}

const GENERIC_TAGS = ['Tips', 'Community', 'HowTo', 'LearnSomethingNew', 'BehindTheScenes', 'SmallBusiness', 'Insights', 'Growth', 'Ideas', 'Inspiration'];

/** Memoised per brand: keyword extraction is the expensive part and brands change rarely. */
export function analyseBrand(brand: BrandContext): BrandAnalysis {
  const key = JSON.stringify(brand);
  const hit = cache.get(key);
  if (hit) return hit;
  const banned = brand.bannedWords.filter((w) => /\p{L}|\p{N}/u.test(w));
  const clean = (s: string) => scrub(s, banned);
  const name = clean(clip(brand.name, 60)) || 'our team';
  // The audience is who the brand talks to, not what it talks about: keep it out of the topics. So are
  // the voice's samples and preferred words: how the brand sounds, not what a post is about.
  const extracted = extractKeywords(brand.description, 10);
  const keywords = [...(brand.keywords ?? []), ...extracted]
    .map((k) => clean(clip(k, 40)))
    .filter((k, i, all) => k.length >= 2 && all.findIndex((o) => o.toLowerCase() === k.toLowerCase()) === i)
    .slice(0, 10);
  const pillars = brand.pillars.map((p) => clean(clip(p, 50))).filter((p) => p.length >= 2);
  if (pillars.length === 0) pillars.push(...keywords.slice(0, 3));
  if (pillars.length === 0) pillars.push(['Tips', 'Behind the scenes', 'Updates', 'News', 'Stories'].find((p) => isClean(p, banned)) ?? '✦');
  // "Remote workers, small studios and home baristas" → "remote workers": short enough for a hook.
  const audience = lowerStart(clean(audiencePhrase(brand.audience))) || 'our community';
  const tone = new Set<ToneFlag>();
  for (const t of brand.tone) {
    for (const [flag, words] of Object.entries(TONE_WORDS) as [ToneFlag, readonly string[]][]) {
      if (words.includes(t.toLowerCase().trim())) tone.add(flag);
    }
  }
  if (tone.size === 0) tone.add('warm');
  // Tags from what the brand sells and talks about, never from words lifted out of voice samples.
  const described = extractKeywords(brand.description, 6);
  const tagSources = [...(brand.keywords ?? []), ...pillars, ...described, name, brand.industry ?? '', ...GENERIC_TAGS];
  const hashtags = tagSources
    .map((s) => toHashtag(s))
    .filter((t): t is string => t !== undefined && t.length >= 3 && isClean(hashtagWords(t), banned) && isClean(t, banned))
    .filter((t, i, all) => all.findIndex((o) => o.toLowerCase() === t.toLowerCase()) === i);
  const analysis: BrandAnalysis = { name, keywords, pillars, audience, tone, hashtags, banned };
  if (cache.size > 500) cache.clear();
  cache.set(key, analysis);
  return analysis;
}
