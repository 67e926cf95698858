import { Injectable } from '@nestjs/common';
import { UnitOfWork } from '@mt/messages';
import { ContentCommentEntity } from '../entities/content-comment.entity';

/** At most this many comments are listed under a post (a thread, not a chat history). */
export const COMMENTS_SHOWN = 200;

@Injectable()
export class ContentCommentRepository {
  constructor(private readonly uow: UnitOfWork) {}

  private get repo() {
    return this.uow.manager().getRepository(ContentCommentEntity);
  }

  insert(values: Pick<ContentCommentEntity, 'contentId' | 'brandId' | 'authorId' | 'body'>): Promise<ContentCommentEntity> {
    return this.repo.save(this.repo.create(values));
  }

  /** Oldest first, the latest COMMENTS_SHOWN. */
  async list(contentId: string): Promise<ContentCommentEntity[]> {
    const newest = await this.repo.find({ where: { contentId }, order: { createdAt: 'DESC', id: 'DESC' }, take: COMMENTS_SHOWN });
    return newest.reverse();
  }
}
