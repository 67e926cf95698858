import { PLATFORMS, platformLength, type PlatformId } from '../platforms';
import { adaptedTextLimit, type TargetAdaptationInput, type TargetAdaptationOutput } from '../tasks/target-adaptation.task';
import { clip } from './text-tools';

const LINK = /https?:\/\/[^\s]+/g;

/** Sentences with their closing punctuation; a paragraph break ends one too. */
function sentences(text: string): string[] {
  return (text.match(/[^.!?\n]+(?:[.!?]+["')\]]*|\n+|$)/g) ?? [text]).map((s) => s.trim()).filter(Boolean);
}

/** Links out of a caption that cannot carry them (Instagram): the profile link does their work. */
function withoutLinks(text: string): string {
  if (!LINK.test(text)) return text;
  const stripped = text
    .replace(LINK, '')
    .replace(/[ \t]+([.,;:!?])/g, '$1')
    .replace(/[ \t]{2,}/g, ' ')
    .replace(/[ \t]*:\s*$/gm, '')
    .trim();
  return `${stripped}\n\nLink in bio.`;
}

/**
 * One target's text: the master as it is when it fits the platform (with the hashtags it will carry),
 * otherwise its leading sentences up to the platform's length, else cut at a word. Links go where
 * the platform takes none. Deterministic: the same master gives the same adaptation.
 */
export function adaptBody(platform: PlatformId, body: string, hashtags: readonly string[]): string {
  const rules = PLATFORMS[platform];
  const limit = adaptedTextLimit(platform, hashtags);
  const text = rules.links === 'none' ? withoutLinks(body.trim()) : body.trim();
  if (platformLength(platform, text) <= limit) return text;
  const kept: string[] = [];
  // A link the master ends with is its call to action: keep it when there is room.
  const link = rules.links === 'none' ? undefined : body.match(LINK)?.at(-1);
  const room = link ? limit - platformLength(platform, ` ${link}`) : limit;
  for (const s of sentences(text)) {
    const next = [...kept, s].join(' ');
    if (platformLength(platform, next) > room) break;
    kept.push(s);
  }
  let out = kept.join(' ');
  if (out === '') out = clip(text.replace(LINK, '').trim(), Math.max(1, room));
  while (platformLength(platform, out) > room && out.length > 1) out = clip(out, out.length - 5);
  if (link && !out.includes(link)) out = `${out} ${link}`;
  return out;
}

export function adaptTargets(input: TargetAdaptationInput): TargetAdaptationOutput {
  return { adaptations: input.targets.map((t) => ({ id: t.id, body: adaptBody(t.platform, input.master.body, input.master.hashtags) })) };
}
