import { Injectable } from '@nestjs/common';
import { type Content, CONTENT_EVENTS, MeshError, UnitOfWork } from '@mt/messages';
import type { ContentEntity } from '../entities/content.entity';
import { ContentVersionRepository } from '../repositories/content-version.repository';
import { ContentRepository } from '../repositories/content.repository';
import type { GeneratedContent } from './content-generator.service';
import { toContent } from './content-view';

/** Where generated content comes from and what it is about. */
export interface ContentOrigin {
  brandId: string;
  platform: string;
  campaignId: string | null;
  calendarEntryId: string | null;
  jobId: string | null;
  topic: string | null;
  pillar: string | null;
  format: string | null;
  createdBy: string | null;
}

/** The writes of generated content; every method runs inside the caller's transaction. */
@Injectable()
export class ContentWriter {
  constructor(
    private readonly contents: ContentRepository,
    private readonly versions: ContentVersionRepository,
    private readonly uow: UnitOfWork,
  ) {}

  /**
   * New content with version 1 and `content.created`; null (and nothing written) if the entry or job
   * already has content, or, with `whileEntryLive`, if the entry has left the calendar.
   */
  async create(origin: ContentOrigin, generated: GeneratedContent, o: { whileEntryLive?: boolean } = {}): Promise<Content | null> {
    const saved = await this.contents.insertGenerated(
      {
        ...origin,
        body: generated.selected.body,
        hashtags: generated.selected.hashtags,
        variants: generated.variants,
        selectedVariantId: generated.selected.id,
        aiMeta: generated.aiMeta,
      },
      o,
    );
    if (!saved) return null;
    const content = toContent(saved);
    this.uow.publishEvent(CONTENT_EVENTS.created, { content });
    return content;
  }

  /**
   * Fresh variants for content that exists (a regeneration of an entry): a new version, back to
   * draft. Published or scheduled content is not rewritten under the schedule's feet.
   */
  async regenerate(existing: ContentEntity, generated: GeneratedContent, jobId: string, by: string): Promise<Content> {
    if (existing.jobId === jobId) return toContent(existing);
    if (existing.status === 'published' || existing.status === 'scheduled') {
      throw new MeshError('CONFLICT', `this content is ${existing.status}; unschedule it or create new content`, { status: 409 });
    }
    const previousBody = existing.body;
    Object.assign(existing, {
      status: 'draft',
      body: generated.selected.body,
      hashtags: generated.selected.hashtags,
      variants: generated.variants,
      selectedVariantId: generated.selected.id,
      version: existing.version + 1,
      aiMeta: generated.aiMeta,
      approvedAt: null,
      approvedBy: null,
      jobId,
    });
    const saved = await this.contents.save(existing);
    await this.versions.insert({ contentId: saved.id, version: saved.version, body: saved.body, hashtags: saved.hashtags, authorKind: 'ai', authorId: by });
    const content = toContent(saved);
    this.uow.publishEvent(CONTENT_EVENTS.updated, { content, by, previousBody, change: 'variant' });
    return content;
  }
}
