import { Injectable } from '@nestjs/common';
import type { ContentPublishedEvent, ContentPublishFailedEvent, ContentScheduledEvent, ContentUnscheduledEvent } from '@mt/messages';
import { ContentRepository } from '../repositories/content.repository';

/**
 * Content status follows publishing-agent's events (run inside the consumer's batch transaction).
 * Content deleted meanwhile is left alone.
 */
@Injectable()
export class ContentStatusService {
  constructor(private readonly contents: ContentRepository) {}

  async scheduled(e: ContentScheduledEvent): Promise<void> {
    const c = await this.contents.findLive(e.contentId);
    if (!c || c.status === 'published') return;
    Object.assign(c, { status: 'scheduled', scheduledAt: new Date(e.at), failure: null });
    await this.contents.save(c);
  }

  async unscheduled(e: ContentUnscheduledEvent): Promise<void> {
    const c = await this.contents.findLive(e.contentId);
    if (!c || c.status !== 'scheduled') return;
    Object.assign(c, { status: c.approvedAt ? 'approved' : 'draft', scheduledAt: null });
    await this.contents.save(c);
  }

  async published(e: ContentPublishedEvent): Promise<void> {
    const c = await this.contents.findLive(e.contentId);
    if (!c) return;
    Object.assign(c, { status: 'published', publishedAt: new Date(e.publishedAt), externalUrl: e.url ?? c.externalUrl, failure: null });
    await this.contents.save(c);
  }

  async publishFailed(e: ContentPublishFailedEvent): Promise<void> {
    const c = await this.contents.findLive(e.contentId);
    // One connection's failure does not undo another's success.
    if (!c || c.status === 'published') return;
    Object.assign(c, { status: 'failed', failure: { code: e.code, message: e.message, at: e.at } });
    await this.contents.save(c);
  }
}
