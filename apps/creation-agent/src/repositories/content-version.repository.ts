import { Injectable } from '@nestjs/common';
import { UnitOfWork } from '@mt/messages';
import { ContentVersionEntity } from '../entities/content-version.entity';

@Injectable()
export class ContentVersionRepository {
  constructor(private readonly uow: UnitOfWork) {}

  private get repo() {
    return this.uow.manager().getRepository(ContentVersionEntity);
  }

  /** The (content, version) key refuses a second writer of the same version number. */
  async insert(values: Omit<ContentVersionEntity, 'createdAt'>): Promise<void> {
    await this.repo.insert(values);
  }

  list(contentId: string): Promise<ContentVersionEntity[]> {
    return this.repo.find({ where: { contentId }, order: { version: 'ASC' } });
  }
}
