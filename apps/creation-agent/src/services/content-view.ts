import type { Content, ContentComment, ContentVersion } from '@mt/messages';
import type { ContentCommentEntity } from '../entities/content-comment.entity';
import type { ContentVersionEntity } from '../entities/content-version.entity';
import type { ContentEntity } from '../entities/content.entity';

export function toVersion(v: ContentVersionEntity): ContentVersion {
  return {
    version: v.version,
    body: v.body,
    hashtags: v.hashtags,
    authorKind: v.authorKind,
    authorId: v.authorId,
    createdAt: v.createdAt.toISOString(),
  };
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function toContent(e: ContentEntity, versions?: ContentVersionEntity[]): Content {
  return {
    id: e.id,
    brandId: e.brandId,
    campaignId: e.campaignId,
    calendarEntryId: e.calendarEntryId,
    platform: e.platform,
    status: e.status,
    body: e.body,
    hashtags: e.hashtags,
    topic: e.topic,
    pillar: e.pillar,
    format: e.format,
    variants: e.variants,
    selectedVariantId: e.selectedVariantId,
    version: e.version,
    ...(versions ? { versions: versions.map(toVersion) } : {}),
    aiMeta: e.aiMeta,
    approvedAt: iso(e.approvedAt),
    approvedBy: e.approvedBy,
    reviewRequest:
      e.reviewReviewerId && e.reviewRequestedBy && e.reviewRequestedAt && (e.status === 'draft' || e.status === 'failed')
        ? { reviewerId: e.reviewReviewerId, requestedBy: e.reviewRequestedBy, requestedAt: e.reviewRequestedAt.toISOString(), note: e.reviewNote }
        : null,
    scheduledAt: iso(e.scheduledAt),
    publishedAt: iso(e.publishedAt),
    externalUrl: e.externalUrl,
    failure: e.failure,
    createdAt: e.createdAt.toISOString(),
    updatedAt: e.updatedAt.toISOString(),
  };
}

export function toComment(c: ContentCommentEntity): ContentComment {
  return { id: c.id, contentId: c.contentId, authorId: c.authorId, body: c.body, createdAt: c.createdAt.toISOString() };
}
