import { Injectable } from '@nestjs/common';
import type { Content } from '@mt/messages';
import { ContentCatalogRepository } from '../repositories/content-catalog.repository';

/** The replica of creation-agent's content the performance part measures and tests (topic, pillar, format, variants). */
@Injectable()
export class ContentCatalogService {
  constructor(private readonly catalog: ContentCatalogRepository) {}

  record(content: Content): Promise<void> {
    return this.catalog.upsert(content);
  }

  remove(contentId: string): Promise<void> {
    return this.catalog.markDeleted(contentId);
  }
}
