import { PLATFORMS, platformLength, renderPost, type PlatformId } from '../platforms';
import { findBannedWords } from '../tasks/common';
import type { BrandAnalysis } from './brand-analysis';
import { hashtagWords } from './text-tools';

export interface EngagementScore {
  score: number;
  strengths: string[];
  weaknesses: string[];
}

const CTA_WORDS =
  /\b(try|join|read|learn|share|comment|book|visit|discover|tell|follow|save|reply|sign up|subscribe|download|register|explore|shop|get|find out|let us know|what's your|what do you)\b/i;
const EMOJI = /\p{Extended_Pictographic}/gu;

/**
 * A transparent heuristic of expected engagement, 0–100 (docs/adr/011). Starts at 50 and adds or
 * removes points for what social-media guides agree on: a hook that earns the next line, length near
 * the platform's sweet spot, the platform's hashtag habit, a call to action, the brand's own words,
 * readable sentences. A banned word caps the score at 10. Deterministic: the same text scores the same.
 */
export function scoreEngagement(platform: PlatformId, text: string, hashtags: readonly string[], brand: BrandAnalysis): EngagementScore {
  const rules = PLATFORMS[platform];
  const strengths: string[] = [];
  const weaknesses: string[] = [];
  let score = 50;
  const firstLine = text.split('\n')[0] ?? '';
  if (firstLine.length > 0 && firstLine.length <= 120) {
    score += 6;
    strengths.push('short opening line');
  } else weaknesses.push('opening line is long; the hook gets cut off');
  if (/\?|\d|\byou(r)?\b/i.test(firstLine)) {
    score += 6;
    strengths.push('hook speaks to the reader (question, number or "you")');
  }
  const len = platformLength(platform, renderPost(text, hashtags));
  const distance = Math.abs(len - rules.sweetSpot) / rules.sweetSpot;
  if (len > rules.maxLength) {
    score -= 40;
    weaknesses.push(`over the ${rules.maxLength}-${rules.lengthUnit} limit`);
  } else if (distance <= 0.35) {
    score += 10;
    strengths.push('length near what performs best here');
  } else {
    score -= Math.min(12, Math.round(distance * 10));
    weaknesses.push(len < rules.sweetSpot ? 'shorter than posts that perform best here' : 'longer than posts that perform best here');
  }
  if (hashtags.length >= rules.hashtags.min && hashtags.length <= rules.hashtags.max) {
    score += 5;
    if (hashtags.length > 0) strengths.push('hashtag count fits the platform habit');
  } else {
    score -= 8;
    weaknesses.push(`${rules.label} posts do best with ${rules.hashtags.min}–${rules.hashtags.max} hashtags`);
  }
  if (CTA_WORDS.test(text)) {
    score += 8;
    strengths.push('clear call to action');
  } else weaknesses.push('no call to action');
  const lower = text.toLowerCase();
  const brandWords = brand.keywords.filter((k) => lower.includes(k.toLowerCase())).length + brand.pillars.filter((p) => lower.includes(p.toLowerCase())).length;
  if (brandWords > 0) {
    score += Math.min(10, brandWords * 4);
    strengths.push("uses the brand's own topics");
  } else {
    score -= 4;
    weaknesses.push("does not mention the brand's pillars or keywords");
  }
  const sentences = text
    .split(/[.!?\n]+/)
    .map((s) => s.trim())
    .filter(Boolean);
  const words = text.split(/\s+/).filter(Boolean).length;
  const avg = sentences.length ? words / sentences.length : words;
  if (avg >= 5 && avg <= 22) score += 5;
  else weaknesses.push('sentences are hard to scan');
  const emoji = (text.match(EMOJI) ?? []).length;
  if (rules.emoji === 'sparing' && emoji > 2) {
    score -= 4;
    weaknesses.push('too many emoji for this platform');
  }
  if (rules.links === 'discouraged' && /https?:\/\//.test(text)) {
    score -= 5;
    weaknesses.push(`links reduce reach on ${rules.label}`);
  }
  if (rules.links === 'none' && /https?:\/\//.test(text)) {
    score -= 5;
    weaknesses.push(`links are not clickable on ${rules.label}`);
  }
  score = Math.max(0, Math.min(100, score));
  const banned = [...findBannedWords(text, brand.banned), ...hashtags.flatMap((h) => findBannedWords(hashtagWords(h), brand.banned))];
  if (banned.length > 0) {
    score = Math.min(score, 10);
    weaknesses.unshift('uses a banned word of the brand');
  }
  return { score, strengths: strengths.slice(0, 5), weaknesses: weaknesses.slice(0, 5) };
}
