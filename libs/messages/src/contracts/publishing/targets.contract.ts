import type { z } from 'zod';
import type { Actor } from '../actor';
import type {
  CONTENT_TARGET_STATUSES,
  ContentTargetInputShape,
  ContentTargetOutcomeShape,
  ContentTargetShape,
  ContentTargetsShape,
} from '../shapes/content.shapes';
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

/**
 * What a client sends for one target, what a target is, and its outcome: the shapes in
 * shapes/content.shapes.ts (ADR 197). A target's left-out (or null) text, media and time follow the
 * content (its body, media, schedule). Its status is `pending` until it is put on the schedule, then
 * its latest publication's (`scheduled`, `publishing`, `unknown` while not confirmed, `published`,
 * `failed`, `cancelled`); `scheduleId` is that publication (a schedule item), null while pending.
 * The outcome's `url`/`externalId` are set once published, `error` when the latest attempt failed
 * (or is being retried), in the platform's words.
 */
export type ContentTargetInput = z.output<typeof ContentTargetInputShape>;
export type ContentTargetStatus = (typeof CONTENT_TARGET_STATUSES)[number];
export type ContentTargetOutcome = z.output<typeof ContentTargetOutcomeShape>;
export type ContentTarget = z.output<typeof ContentTargetShape>;

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

export type ContentTargets = z.output<typeof ContentTargetsShape>;

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
