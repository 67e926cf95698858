import { Injectable } from '@nestjs/common';
import {
  type Actor,
  type BulkContentPayload,
  type BulkContentResult,
  type BulkItemOutcome,
  type Content,
  CONTENT_EVENTS,
  type ContentComment,
  type ContentCommentList,
  MeshError,
  roleAtLeast,
  UnitOfWork,
} from '@mt/messages';
import { BrandAccessService } from '@mt/replicas';
import { ContentCommentRepository } from '../repositories/content-comment.repository';
import { ContentRepository } from '../repositories/content.repository';
import { toComment, toContent } from './content-view';
import { ContentService } from './content.service';

const notFound = () => new MeshError('NOT_FOUND', 'No such content', { status: 404, retryable: false });
const unprocessable = (field: string, message: string) =>
  new MeshError('UNPROCESSABLE', `${field}: ${message}`, { status: 422, retryable: false, details: { errors: [{ field, message }] } });

/** A post's first words, for notifications. */
export const excerptOf = (body: string, max = 60): string => {
  const flat = body.replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1).replace(/\s+\S*$/, '')}…`;
};

/**
 * The team workflow around approval (ADR 142): asking a named teammate to approve a draft,
 * comments on a post, and approving or deleting several posts at once.
 */
@Injectable()
export class ContentReviewService {
  constructor(
    private readonly contents: ContentRepository,
    private readonly comments: ContentCommentRepository,
    private readonly access: BrandAccessService,
    private readonly content: ContentService,
    private readonly uow: UnitOfWork,
  ) {}

  /**
   * Asks `reviewerId` to approve the draft. The reviewer must be able to approve (editor or owner of
   * the brand): anyone else is a 422 on `reviewerId`, never a hint about who is a member elsewhere.
   * Asking again replaces the open request (a new reviewer, a new note).
   */
  async requestReview(actor: Actor, contentId: string, reviewerId: string, note: string | undefined, requesterName?: string): Promise<Content> {
    const current = await this.content.load(actor, contentId, 'editor');
    if (!roleAtLeast(await this.access.roleOf(reviewerId, current.brandId), 'editor')) {
      throw unprocessable('reviewerId', 'the reviewer must be an editor or owner of this brand');
    }
    return this.uow.transaction(async () => {
      const fresh = await this.content.fresh(current);
      if (fresh.status !== 'draft' && fresh.status !== 'failed') {
        throw new MeshError('CONFLICT', `the post is ${fresh.status}: only a draft waits for approval`, { status: 409, retryable: false });
      }
      const cleanNote = note?.trim() || null;
      Object.assign(fresh, { reviewReviewerId: reviewerId, reviewRequestedBy: actor.userId, reviewRequestedAt: new Date(), reviewNote: cleanNote });
      const content = toContent(await this.contents.save(fresh));
      this.uow.publishEvent(CONTENT_EVENTS.reviewRequested, {
        content,
        reviewerId,
        requestedBy: actor.userId,
        requesterName: requesterName ?? null,
        note: cleanNote,
      });
      return content;
    });
  }

  /** Withdraws the open request; without one, nothing changes. */
  async withdrawReview(actor: Actor, contentId: string): Promise<Content> {
    const current = await this.content.load(actor, contentId, 'editor');
    return this.uow.transaction(async () => {
      const fresh = await this.content.fresh(current);
      if (!fresh.reviewReviewerId) return toContent(fresh);
      Object.assign(fresh, { reviewReviewerId: null, reviewRequestedBy: null, reviewRequestedAt: null, reviewNote: null });
      return toContent(await this.contents.save(fresh));
    });
  }

  async listComments(actor: Actor, contentId: string): Promise<ContentCommentList> {
    const c = await this.content.load(actor, contentId, 'viewer');
    return { items: (await this.comments.list(c.id)).map(toComment), nextCursor: null };
  }

  async addComment(actor: Actor, contentId: string, body: string, authorName?: string): Promise<ContentComment> {
    const current = await this.content.load(actor, contentId, 'editor');
    const text = body.trim();
    if (!text) throw unprocessable('body', 'a comment needs some text');
    return this.uow.transaction(async () => {
      const fresh = await this.content.fresh(current);
      const comment = toComment(await this.comments.insert({ contentId: fresh.id, brandId: fresh.brandId, authorId: actor.userId, body: text }));
      const notify = [...new Set([fresh.reviewReviewerId, fresh.reviewRequestedBy, fresh.approvedBy, fresh.createdBy])].filter(
        (u): u is string => !!u && u !== actor.userId,
      );
      this.uow.publishEvent(CONTENT_EVENTS.commented, {
        comment,
        authorName: authorName ?? null,
        brandId: fresh.brandId,
        excerpt: excerptOf(fresh.body),
        notify,
      });
      return comment;
    });
  }

  /**
   * Each post is approved or deleted in its own transaction, through the same rules as one at a
   * time; a post of another brand, or one that is gone, is refused as NOT_FOUND without stopping the rest.
   */
  async bulk(p: BulkContentPayload): Promise<BulkContentResult> {
    await this.access.require(p.actor, p.brandId, 'editor');
    const items: BulkItemOutcome[] = [];
    for (const contentId of [...new Set(p.contentIds)]) {
      try {
        const c = await this.contents.findLive(contentId);
        if (!c || c.brandId !== p.brandId) throw notFound();
        if (p.action === 'approve') {
          const before = c.status;
          const after = await this.content.approve(p.actor, contentId);
          items.push({ contentId, outcome: before === 'draft' || before === 'failed' ? (after.status === 'approved' ? 'done' : 'unchanged') : 'unchanged' });
        } else {
          await this.content.remove(p.actor, contentId);
          items.push({ contentId, outcome: 'done' });
        }
      } catch (err) {
        if (!(err instanceof MeshError)) throw err;
        items.push({ contentId, outcome: 'refused', code: err.code, message: err.message });
      }
    }
    return { items };
  }
}
