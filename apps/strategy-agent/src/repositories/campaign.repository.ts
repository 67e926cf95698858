import { Injectable } from '@nestjs/common';
import { UnitOfWork } from '@mt/messages';
import { CampaignEntity } from '../entities/campaign.entity';

export interface CampaignCursor {
  createdAt: Date;
  id: string;
}

@Injectable()
export class CampaignRepository {
  constructor(private readonly uow: UnitOfWork) {}

  private get repo() {
    return this.uow.manager().getRepository(CampaignEntity);
  }

  /** A live (not deleted) campaign, scoped by its brand once the caller's access is known. */
  findLive(id: string): Promise<CampaignEntity | null> {
    return this.repo.createQueryBuilder('c').where('c.id = :id AND c.deleted_at IS NULL', { id }).getOne();
  }

  /** Newest first, keyset-paginated by (created_at, id). */
  listByBrand(brandId: string, limit: number, after?: CampaignCursor): Promise<CampaignEntity[]> {
    const q = this.repo
      .createQueryBuilder('c')
      .where('c.brand_id = :brandId AND c.deleted_at IS NULL', { brandId })
      .orderBy('c.created_at', 'DESC')
      .addOrderBy('c.id', 'DESC')
      .take(limit);
    if (after) q.andWhere('(c.created_at, c.id) < (:at, :id)', { at: after.createdAt, id: after.id });
    return q.getMany();
  }

  insert(values: Partial<CampaignEntity>): Promise<CampaignEntity> {
    return this.repo.save(this.repo.create(values));
  }

  save(entity: CampaignEntity): Promise<CampaignEntity> {
    return this.repo.save(entity);
  }
}
