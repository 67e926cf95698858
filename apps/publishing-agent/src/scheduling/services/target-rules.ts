import { isPlatformId, PLATFORMS, platformLength, renderPost } from '@mt/ai';
import type { MediaRow } from '../repositories/media.repository';
import { mediaProblems } from './media-rules';

/** A field error of a target, named as the client sent it (`targets[2].body`). */
export interface TargetProblem {
  field: string;
  message: string;
}

/** One target as the rules see it: its connection's platform and what it would publish. */
export interface TargetDraft {
  connectionId: string;
  platform: string;
  /** The target's own text, or null: the content's body. */
  body: string | null;
  /** The target's own media, or null: the content's. */
  mediaIds: string[] | null;
}

/**
 * The hashtags a target carries: the content's, as many as its platform takes (Threads shows one,
 * X two), so the master's tags never push an adapted text over its platform's limit unseen.
 */
export function targetHashtags(platform: string, hashtags: readonly string[]): string[] {
  if (!isPlatformId(platform)) return [...hashtags];
  return hashtags.slice(0, PLATFORMS[platform].hashtags.max);
}

/** Connections named twice: each connection is one target. */
export function duplicateProblems(targets: readonly { connectionId: string }[]): TargetProblem[] {
  const seen = new Set<string>();
  const problems: TargetProblem[] = [];
  targets.forEach((t, i) => {
    if (seen.has(t.connectionId))
      problems.push({ field: `targets[${i}].connectionId`, message: `names connection ${t.connectionId} a second time; a connection is one target` });
    seen.add(t.connectionId);
  });
  return problems;
}

/**
 * The text each target would publish (its own, or the content's body) with its hashtags, against
 * its platform's catalogue limit, in the words the platform's users know.
 */
export function textProblems(targets: readonly TargetDraft[], masterBody: string, hashtags: readonly string[]): TargetProblem[] {
  const problems: TargetProblem[] = [];
  targets.forEach((t, i) => {
    if (!isPlatformId(t.platform) || (t.body !== null && t.body.trim().length === 0)) return;
    const rules = PLATFORMS[t.platform];
    const text = t.body ?? masterBody;
    const len = platformLength(t.platform, renderPost(text, targetHashtags(t.platform, hashtags)));
    if (len > rules.maxLength) {
      const whose = t.body === null ? 'The content’s text' : 'This text';
      problems.push({
        field: `targets[${i}].body`,
        message: `${whose} is ${len} ${rules.lengthUnit} with its hashtags; ${rules.label} allows ${rules.maxLength}.${t.body === null ? ' Give this target its own shorter text.' : ''}`,
      });
    }
  });
  return problems;
}

/**
 * What stops each target's media (its own, or the content's) from going to its platform, in the
 * platform's words (the same rules as attaching media to a post, ADR 160).
 */
export function targetMediaProblems(targets: readonly TargetDraft[], contentMedia: readonly MediaRow[], byId: ReadonlyMap<string, MediaRow>): TargetProblem[] {
  const problems: TargetProblem[] = [];
  targets.forEach((t, i) => {
    const media = t.mediaIds === null ? [...contentMedia] : t.mediaIds.map((id) => byId.get(id)).filter((m): m is MediaRow => m !== undefined);
    if (media.length === 0) return;
    const found = isPlatformId(t.platform) ? mediaProblems(t.platform, media) : [{ field: 'mediaIds', message: 'This platform takes no media.' }];
    for (const p of found) problems.push({ field: `targets[${i}].${p.field}`, message: p.message });
  });
  return problems;
}

/** What a target publishes: its own text or the content's, with the hashtags its platform takes. */
export function targetText(
  master: { body: string; hashtags: readonly string[] },
  t: { platform: string; body: string | null },
): { body: string; hashtags: string[] } {
  return { body: t.body ?? master.body, hashtags: targetHashtags(t.platform, master.hashtags) };
}
