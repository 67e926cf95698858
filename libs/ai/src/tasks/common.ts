import type { z } from 'zod';
import type { PlatformId } from '../platforms';

/** What every task knows about the brand. Free text here is user-supplied and is fenced in prompts. */
export interface BrandContext {
  name: string;
  description: string;
  audience: string;
  /** Tone adjectives, e.g. ["warm", "expert"]. */
  tone: string[];
  /** Content pillars: the recurring themes the brand talks about. */
  pillars: string[];
  /** What the brand sells and names (products, services): with the pillars, a source of topics and hashtags. */
  keywords?: string[];
  /**
   * The learned voice's preferred words and phrases: for word choice only. They were lifted from
   * samples ("peach tea", "water"), so they are never a post's topic, a hashtag or a recommendation.
   */
  preferredWords?: string[];
  /** Words and phrases that must never appear in output (case-insensitive, whole words). */
  bannedWords: string[];
  /** Example posts in the brand's voice. */
  samples?: string[];
  industry?: string;
  website?: string;
  /** Competitors the brand names: a strategy positions against them. */
  competitors?: string[];
  /** The learned voice's measurable style, when the brand has one: writers honour it. */
  voice?: VoiceStyle;
}

/** How the brand's posts read: from its voice profile (samples, then approved posts). */
export interface VoiceStyle {
  emojiPolicy: 'none' | 'sparing' | 'frequent';
  readingLevel: 'simple' | 'standard' | 'expert';
  averageSentenceWords: number;
  /** How the brand speaks: "we" (first), to "you" without "we" (second), or by name only (third). Absent: first. */
  person?: 'first' | 'second' | 'third';
}

export type ModelTier = 'content' | 'strategy';

export interface PromptParts {
  /** Trusted instructions written by us. */
  instructions: string[];
  /** Untrusted, user-supplied values: fenced, labelled and guarded by the prompt builder. */
  data: Record<string, unknown>;
}

export interface AiTaskDefinition<I, O> {
  name: string;
  tier: ModelTier;
  /** One line on what the model must produce; it heads the system prompt. */
  goal: string;
  schema: z.ZodType<O>;
  prompt(input: I): PromptParts;
  /** Rules a schema cannot express. Each problem is a sentence the model can act on. */
  check(output: O, input: I): string[];
  /** Inputs no answer can satisfy; checked before any call, so no token is spent on them. */
  inputProblems?(input: I): string[];
  /** Brand whose banned words apply; every task has one. */
  brandOf(input: I): BrandContext;
  /** Images (data URLs) the task can show a model that accepts images; never part of the text prompt. */
  images?(input: I): string[];
}

const bannedCache = new Map<string, RegExp | null>();

/** One regex per banned-word list; whole words, any case, Unicode-aware boundaries. */
function bannedRegex(banned: readonly string[]): RegExp | null {
  const key = banned.join('\u0000');
  let re = bannedCache.get(key);
  if (re !== undefined) return re;
  const words = banned.map((w) => w.trim()).filter((w) => w.length > 0);
  re =
    words.length === 0
      ? null
      : new RegExp(
          `(?<![\\p{L}\\p{N}_])(?:${words.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '\\s+')).join('|')})(?![\\p{L}\\p{N}_])`,
          'giu',
        );
  if (bannedCache.size > 500) bannedCache.clear();
  bannedCache.set(key, re);
  return re;
}

/** Banned words present in the text, as written in the banned list (lower case). */
export function findBannedWords(text: string, banned: readonly string[]): string[] {
  const re = bannedRegex(banned);
  if (!re) return [];
  const found = new Set<string>();
  for (const m of text.matchAll(re)) found.add(m[0].toLowerCase().replace(/\s+/g, ' '));
  return [...found];
}

/**
 * Fields whose values are codes (enum members, ids, dates), not prose: "question" as an intent is
 * not the word "question" in a reply, so banned-word rules do not apply to them.
 */
const CODE_FIELD =
  /(?:^|\.)(?:id|bestId|intent|sentiment|priority|platform|bestPlatform|framework|format|date|time|readingLevel|emojiPolicy)$|(?:^|\.)(?:platforms|evidencePostIds)\[\d+\]$/;

export function isCodeField(path: string): boolean {
  return CODE_FIELD.test(path);
}

/** Banned-word problems for every prose string in a value, named by path; `skip` lists more paths to leave out. */
export function bannedWordProblems(value: unknown, banned: readonly string[], skip: readonly (string | RegExp)[] = [], path = ''): string[] {
  if (isCodeField(path) || skip.some((s) => (typeof s === 'string' ? s === path : s.test(path)))) return [];
  if (typeof value === 'string') {
    const hits = findBannedWords(value, banned);
    return hits.length ? [`${path || 'output'} uses banned word(s): ${hits.map((h) => `"${h}"`).join(', ')}`] : [];
  }
  if (Array.isArray(value)) return value.flatMap((v, i) => bannedWordProblems(v, banned, skip, `${path}[${i}]`));
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => bannedWordProblems(v, banned, skip, path ? `${path}.${k}` : k));
  }
  return [];
}

/** The brand as the model sees it (free text fenced by the prompt builder). */
export function brandData(brand: BrandContext): Record<string, unknown> {
  return {
    name: brand.name,
    description: brand.description,
    audience: brand.audience,
    tone: brand.tone,
    pillars: brand.pillars,
    keywords: brand.keywords ?? [],
    ...(brand.preferredWords?.length ? { preferredWords: brand.preferredWords } : {}),
    industry: brand.industry ?? '',
    bannedWords: brand.bannedWords,
    ...(brand.competitors?.length ? { competitors: brand.competitors } : {}),
    ...(brand.voice ? { voice: brand.voice } : {}),
  };
}

/** The list itself travels in the fenced brand data: it is user-supplied too. */
export const BANNED_INSTRUCTION = 'Never use any word or phrase listed in brand.bannedWords, in any letter case, anywhere in the output.';

export const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
export const HH_MM = /^([01]\d|2[0-3]):[0-5]\d$/;

export type { PlatformId };
