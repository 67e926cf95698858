import type { Content, ContentVersion } from '@mt/messages';
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
    scheduledAt: iso(e.scheduledAt),
    publishedAt: iso(e.publishedAt),
    externalUrl: e.externalUrl,
    failure: e.failure,
    createdAt: e.createdAt.toISOString(),
    updatedAt: e.updatedAt.toISOString(),
  };
}
