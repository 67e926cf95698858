import type { Actor } from '../actor';
import type { Covers, Expect, TaskSpec } from '../task-map';

/**
 * Compose once, publish to many (ADR 186): a post's targets, kept by publishing-agent's scheduling
 * part. Each target is one connection with its own text, media and time, and its own publication
 * (a schedule item with its own idempotency key), so each has its own status and outcome.
 */

export const TARGET_TASKS = {
  setTargets: 'publishing.targets.set',
  contentTargets: 'publishing.targets.of-content',
  targetsOfContents: 'publishing.targets.of-contents',
} as const;

/** What a client sends for one target; left-out fields follow the content (its body, media, schedule). */
export interface ContentTargetInput {
  connectionId: string;
  /** The platform-adapted text; null or absent: the content's body. */
  body?: string | null;
  /** The media this target carries, in order; null or absent: the content's media. */
  mediaIds?: string[] | null;
  /** UTC instant (ISO 8601); null or absent: the time the content is scheduled at. */
  at?: string | null;
}

/**
 * A target's state: `pending` until it is put on the schedule, then its latest publication's
 * status (`scheduled`, `publishing`, `unknown` while not confirmed, `published`, `failed`, `cancelled`).
 */
export type ContentTargetStatus = 'pending' | 'scheduled' | 'publishing' | 'unknown' | 'published' | 'failed' | 'cancelled';

export interface ContentTargetOutcome {
  /** Set once published: where the post is, and the platform's id for it. */
  url: string | null;
  externalId: string | null;
  publishedAt: string | null;
  /** Set when the latest attempt failed (or is being retried): the platform's message in plain words. */
  error: { code: string; message: string } | null;
}

export interface ContentTarget {
  connectionId: string;
  platform: string;
  /** The target's own text, or null when it follows the content's body. */
  body: string | null;
  mediaIds: string[] | null;
  at: string | null;
  status: ContentTargetStatus;
  /** The latest publication of this target (a schedule item), null while pending. */
  scheduleId: string | null;
  attempts: number;
  outcome: ContentTargetOutcome | null;
}

/** Replaces a post's targets (an empty list takes them all off: the post publishes as before). */
export interface SetTargetsPayload {
  actor: Actor;
  contentId: string;
  targets: ContentTargetInput[];
}

export interface ContentTargetsPayload {
  actor: Actor;
  contentId: string;
}

export interface ContentTargets {
  contentId: string;
  targets: ContentTarget[];
}

/** The targets of many posts at once, for the gateway's content reads. */
export interface TargetsOfContentsPayload {
  actor: Actor;
  contentIds: string[];
}

/** Each asked post's targets; a post with none (or whose brand the actor cannot see) is left out. */
export type TargetsOfContents = Record<string, ContentTarget[]>;

export interface TargetTaskMap {
  [TARGET_TASKS.setTargets]: TaskSpec<SetTargetsPayload, ContentTargets>;
  [TARGET_TASKS.contentTargets]: TaskSpec<ContentTargetsPayload, ContentTargets>;
  [TARGET_TASKS.targetsOfContents]: TaskSpec<TargetsOfContentsPayload, TargetsOfContents>;
}
/** Fails to compile when a constant above has no entry in its map. */
export type TargetMapsComplete = Expect<Covers<TargetTaskMap, typeof TARGET_TASKS>>;
