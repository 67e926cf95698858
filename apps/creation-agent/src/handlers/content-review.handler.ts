import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  type AddCommentPayload,
  type BulkContentPayload,
  CONTENT_TASKS,
  OnTask,
  type ContentRef,
  type RequestReviewPayload,
  type TaskEnvelope,
} from '@mt/messages';
import { ContentReviewService } from '../services/content-review.service';

/** The team workflow (ADR 142): review requests, comments, bulk approve and delete. */
@Controller()
export class ContentReviewHandler {
  constructor(private readonly review: ContentReviewService) {}

  @OnTask(CONTENT_TASKS.requestReview, { manualTransaction: true })
  requestReview(@Payload() t: TaskEnvelope<RequestReviewPayload>) {
    return this.review.requestReview(t.payload.actor, t.payload.contentId, t.payload.reviewerId, t.payload.note, t.payload.requesterName);
  }

  @OnTask(CONTENT_TASKS.withdrawReview, { manualTransaction: true })
  withdrawReview(@Payload() t: TaskEnvelope<ContentRef>) {
    return this.review.withdrawReview(t.payload.actor, t.payload.contentId);
  }

  @OnTask(CONTENT_TASKS.comments, { query: true })
  comments(@Payload() t: TaskEnvelope<ContentRef>) {
    return this.review.listComments(t.payload.actor, t.payload.contentId);
  }

  @OnTask(CONTENT_TASKS.comment, { manualTransaction: true })
  comment(@Payload() t: TaskEnvelope<AddCommentPayload>) {
    return this.review.addComment(t.payload.actor, t.payload.contentId, t.payload.body, t.payload.authorName);
  }

  @OnTask(CONTENT_TASKS.bulk, { manualTransaction: true })
  bulk(@Payload() t: TaskEnvelope<BulkContentPayload>) {
    return this.review.bulk(t.payload);
  }
}
