import type { z } from 'zod';
import type { BulkContentResultShape, BulkItemOutcomeShape, ContentCommentShape } from './shapes/review.shapes';
import type {
  AiMetaShape,
  CONTENT_STATUSES,
  ContentShape,
  ContentVariantShape,
  ContentVersionShape,
  GenerateContentShape,
  ReviewRequestShape,
  UpdateContentShape,
  VariantScoresShape,
} from './shapes/content.shapes';
import type { Actor, Page, PageQuery } from './actor';
import type { JobTask } from './jobs.contract';
import type { AdaptTargetsInput, TargetsAdapted } from './content-target-adaptation.contract';
import type { AltTextSuggestion, SuggestAltTextInput } from './media-alt-text.contract';
import type { Covers, Expect, TaskSpec } from './task-map';

/** Owned by creation-agent. Publishing-agent moves content to scheduled / published / failed through its events. */
export type ContentStatus = (typeof CONTENT_STATUSES)[number];

/** Each 0–100; docs/adr explains how each is computed. The content types are the shapes' outputs (shapes/content.shapes.ts, ADR 197). */
export type VariantScores = z.output<typeof VariantScoresShape>;
/** A scored variant; `overall` is the weighted total the best variant is chosen by. */
export type ContentVariant = z.output<typeof ContentVariantShape>;
/** One version of a post: 'ai' for generated text, 'user' for an edit. */
export type ContentVersion = z.output<typeof ContentVersionShape>;
/** Which engine wrote a text: 'local-engine' is templates and NLP, not a language model. */
export type AiMeta = z.output<typeof AiMetaShape>;

/**
 * A post. `body` is what will be published (the selected variant, or the latest edit); `version`
 * the current version number (`GET /content/{id}/versions` lists them all). `reviewRequest` is the
 * open request for a named teammate to approve this draft (ADR 142), null once approved or
 * withdrawn. `scheduledAt` and `publishedAt` are set by publishing-agent's events; `failure` is the
 * platform's message of the last failed publish. The gateway adds `mediaIds` (ADR 174: absent when
 * publishing-agent did not answer in time) and, for a post with compose-once targets, `targets`
 * (ADR 186: absent when it has none; it then publishes as before).
 */
export type Content = z.output<typeof ContentShape>;

/** A draft waiting for one named teammate's approval (ADR 142). */
export type ReviewRequest = z.output<typeof ReviewRequestShape>;

/** A teammate's comment on a post, oldest first under the post. */
/** A comment on a post: the shape in shapes/review.shapes.ts. */
export type ContentComment = z.output<typeof ContentCommentShape>;

/** One of: an entry of a campaign calendar, or an ad-hoc brief; 1–5 variants, default 2 (`POST /content/generate`). */
export type GenerateContentInput = { actor: Actor } & z.output<typeof GenerateContentShape>;
export interface GenerateContentResult {
  contentId: string;
}

export interface ListContentPayload {
  actor: Actor;
  brandId: string;
  campaignId?: string;
  status?: ContentStatus;
  /** Only drafts whose open review request names this user (the "awaiting my approval" queue). */
  reviewerId?: string;
  page: PageQuery;
}
export interface ContentRef {
  actor: Actor;
  contentId: string;
}
export interface UpdateContentPayload extends ContentRef {
  /** Left out or null, a field keeps its value (`PATCH /content/{id}`). */
  changes: z.output<typeof UpdateContentShape>;
}
export interface SelectVariantPayload extends ContentRef {
  variantId: string;
}
export interface RequestReviewPayload extends ContentRef {
  /** A member of the content's brand who may approve (editor or owner). */
  reviewerId: string;
  note?: string;
  /** The requester's name as the gateway knows it, for the reviewer's notification. */
  requesterName?: string;
}
export interface AddCommentPayload extends ContentRef {
  body: string;
  /** The author's name as the gateway knows it, for the notifications. */
  authorName?: string;
}
/** Approve or delete several posts of one brand; each post is its own transaction and answer. */
export interface BulkContentPayload {
  actor: Actor;
  brandId: string;
  action: 'approve' | 'delete';
  contentIds: string[];
}
/** One post's outcome of a bulk action: the shapes in shapes/review.shapes.ts. */
export type BulkItemOutcome = z.output<typeof BulkItemOutcomeShape>;
export type BulkContentResult = z.output<typeof BulkContentResultShape>;
export interface ContentCommentList {
  items: ContentComment[];
  nextCursor: null;
}
export type ContentPage = Page<Content>;
/** GET /content/{id}/versions: the whole history, oldest first. */
export interface ContentVersionList {
  items: ContentVersion[];
  nextCursor: null;
}

export const CONTENT_TASKS = {
  /** Job (JobTask<GenerateContentInput>). */
  generate: 'content.generate',
  list: 'content.list',
  get: 'content.get',
  update: 'content.update',
  delete: 'content.delete',
  versions: 'content.versions',
  approve: 'content.approve',
  selectVariant: 'content.variant.select',
  /** ADR 142: ask a named teammate to approve (RequestReviewPayload), or withdraw the request (ContentRef). */
  requestReview: 'content.review.request',
  withdrawReview: 'content.review.withdraw',
  comments: 'content.comments.list',
  comment: 'content.comments.add',
  /** BulkContentPayload → BulkContentResult. */
  bulk: 'content.bulk',
  /** Job (JobTask<DraftReplyInput>): an AI reply draft for an inbox message. */
  draftReply: 'inbox.reply.draft',
  /** Job (JobTask<AdaptTargetsInput>): the post's text adapted to each target's platform (ADR 194). */
  adaptTargets: 'content.targets.adapt',
  /** SuggestAltTextInput → AltTextSuggestion: a draft alt text for an image, not saved (ADR 209). */
  suggestAltText: 'content.media.alt-text.suggest',
  /** Internal (creation-agent to itself): writes one calendar entry's content (GenerateEntryTask). */
  generateEntry: 'content.entry.generate',
} as const;

export const CONTENT_ROUTES: Record<string, string> = Object.fromEntries(Object.values(CONTENT_TASKS).map((t) => [t, 'creation-agent']));

export const CONTENT_EVENTS = {
  created: 'content.created',
  /** A user's edit (a new version), a variant selected. */
  updated: 'content.updated',
  approved: 'content.approved',
  deleted: 'content.deleted',
  /** Generation of an entry's content failed for good (the entry stays without content). */
  generationFailed: 'content.generation_failed',
  replyDrafted: 'inbox.reply.drafted',
  /** ADR 194: adapted texts for a post's targets; publishing-agent stores them as the targets' bodies. */
  targetsAdapted: 'content.targets.adapted',
  /** ADR 142: a named teammate was asked to approve a draft (ContentReviewRequestedEvent). */
  reviewRequested: 'content.review_requested',
  /** A comment was added (ContentCommentedEvent). */
  commented: 'content.commented',
} as const;

/** What creation-agent keeps of a planned calendar entry (from `campaign.planned`). */
export interface PlannedEntry {
  entryId: string;
  campaignId: string;
  brandId: string;
  platform: string;
  topic: string;
  pillar: string;
  format: string;
  framework: string;
  scheduledAt: string;
  campaignName: string;
  goal: string;
}

/** The task `campaign.planned` sends per entry without content; idempotency key `entry:<entryId>:<planJobId>`. */
export interface GenerateEntryTask {
  entry: PlannedEntry;
  /** The plan job that planned it, when there was one. */
  planJobId: string | null;
  /** Variants to write (1–5). */
  variants: number;
}

export interface ContentCreatedEvent {
  content: Content;
}
export interface ContentUpdatedEvent {
  content: Content;
  by: string;
  /** The body before the change: the voice learning loop compares the two. */
  previousBody: string;
  change: 'edit' | 'variant';
}
export interface ContentApprovedEvent {
  content: Content;
  by: string;
}
export interface ContentReviewRequestedEvent {
  content: Content;
  reviewerId: string;
  requestedBy: string;
  requesterName: string | null;
  note: string | null;
}
export interface ContentCommentedEvent {
  comment: ContentComment;
  authorName: string | null;
  brandId: string;
  /** The post's first words, for the notification. */
  excerpt: string;
  /** Who hears of it: the open request's reviewer and requester, and the approver, never the comment's author. */
  notify: string[];
}
export interface ContentDeletedEvent {
  contentId: string;
  brandId: string;
  calendarEntryId: string | null;
  by: string;
  /** The text that was deleted (a rejection, for the voice learning loop). */
  body?: string;
  /** Whether it stood approved when deleted: deleting an unapproved draft is the clearer rejection. */
  wasApproved?: boolean;
  /**
   * Why it went: 'user' (DELETE /content/{id}; the default when absent) or 'replaced' (a new plan
   * replaced its calendar entry: it says nothing about the text, so the voice loop ignores it).
   */
  reason?: 'user' | 'replaced';
}
export interface ContentGenerationFailedEvent {
  brandId: string;
  calendarEntryId: string | null;
  campaignId: string | null;
  error: { code: string; message: string };
}

export type InboxIntent = 'question' | 'complaint' | 'praise' | 'lead' | 'spam' | 'other';
export type InboxSentiment = 'positive' | 'neutral' | 'negative';

export interface DraftReplyInput {
  actor: Actor;
  brandId: string;
  messageId: string;
  channel: string;
  author: string;
  body: string;
}
export interface ReplyDraft {
  messageId: string;
  brandId: string;
  intent: InboxIntent;
  sentiment: InboxSentiment;
  reply: string;
  /** A human should handle it (a complaint, a legal or safety issue, something the brand data cannot answer). */
  escalate?: boolean;
  /** Why the message was classified so, in a line. */
  reason?: string;
  aiMeta: AiMeta;
}
/** Announced when a draft is written; publishing-agent stores it on the message. */
export type InboxReplyDraftedEvent = ReplyDraft;

/** creation-agent's content tasks and events with their payloads and results (ADR 134). */
export interface ContentTaskMap {
  [CONTENT_TASKS.generateEntry]: TaskSpec<GenerateEntryTask, void>;
  [CONTENT_TASKS.generate]: TaskSpec<JobTask<GenerateContentInput>, (GenerateContentResult & { content: Content }) | undefined>;
  [CONTENT_TASKS.list]: TaskSpec<ListContentPayload, ContentPage>;
  [CONTENT_TASKS.get]: TaskSpec<ContentRef, Content>;
  [CONTENT_TASKS.versions]: TaskSpec<ContentRef, ContentVersionList>;
  [CONTENT_TASKS.update]: TaskSpec<UpdateContentPayload, Content>;
  [CONTENT_TASKS.delete]: TaskSpec<ContentRef, void>;
  [CONTENT_TASKS.approve]: TaskSpec<ContentRef, Content>;
  [CONTENT_TASKS.selectVariant]: TaskSpec<SelectVariantPayload, Content>;
  [CONTENT_TASKS.requestReview]: TaskSpec<RequestReviewPayload, Content>;
  [CONTENT_TASKS.withdrawReview]: TaskSpec<ContentRef, Content>;
  [CONTENT_TASKS.comments]: TaskSpec<ContentRef, ContentCommentList>;
  [CONTENT_TASKS.comment]: TaskSpec<AddCommentPayload, ContentComment>;
  [CONTENT_TASKS.bulk]: TaskSpec<BulkContentPayload, BulkContentResult>;
  [CONTENT_TASKS.draftReply]: TaskSpec<JobTask<DraftReplyInput>, ReplyDraft | undefined>;
  [CONTENT_TASKS.adaptTargets]: TaskSpec<JobTask<AdaptTargetsInput>, TargetsAdapted | undefined>;
  [CONTENT_TASKS.suggestAltText]: TaskSpec<SuggestAltTextInput, AltTextSuggestion>;
}
export interface ContentEventMap {
  [CONTENT_EVENTS.created]: ContentCreatedEvent;
  [CONTENT_EVENTS.updated]: ContentUpdatedEvent;
  [CONTENT_EVENTS.approved]: ContentApprovedEvent;
  [CONTENT_EVENTS.deleted]: ContentDeletedEvent;
  [CONTENT_EVENTS.generationFailed]: ContentGenerationFailedEvent;
  [CONTENT_EVENTS.replyDrafted]: InboxReplyDraftedEvent;
  [CONTENT_EVENTS.targetsAdapted]: TargetsAdapted;
  [CONTENT_EVENTS.reviewRequested]: ContentReviewRequestedEvent;
  [CONTENT_EVENTS.commented]: ContentCommentedEvent;
}
/** Fails to compile when a constant above has no entry in its map. */
export type ContentMapsComplete = Expect<Covers<ContentTaskMap, typeof CONTENT_TASKS>> | Expect<Covers<ContentEventMap, typeof CONTENT_EVENTS>>;
