import { Injectable } from '@nestjs/common';
import { UnitOfWork } from '@mt/messages';
import { type Keyset, utcKeySql } from '@mt/runtime';
import { CampaignEntity } from '../entities/campaign.entity';

/** A campaign with its exact keyset position (created_at to the microsecond). */
export type CampaignWithKey = CampaignEntity & { createdKey: string };

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
  async listByBrand(brandId: string, limit: number, after: Keyset | null): Promise<CampaignWithKey[]> {
    const q = this.repo
      .createQueryBuilder('c')
      .addSelect(utcKeySql('c.created_at'), 'created_key')
      .where('c.brand_id = :brandId AND c.deleted_at IS NULL', { brandId })
      .orderBy('c.created_at', 'DESC')
      .addOrderBy('c.id', 'DESC')
      .limit(limit);
    if (after) q.andWhere('(c.created_at, c.id) < (CAST(:at AS timestamptz), CAST(:id AS uuid))', { at: after.createdKey, id: after.id });
    const { entities, raw } = await q.getRawAndEntities<{ created_key: string }>();
    return entities.map((e, i) => Object.assign(e, { createdKey: raw[i].created_key }));
  }

  /** The live campaign, locked until the transaction ends (one plan commits at a time). */
  findLiveForUpdate(id: string): Promise<CampaignEntity | null> {
    return this.repo.createQueryBuilder('c').setLock('pessimistic_write').where('c.id = :id AND c.deleted_at IS NULL', { id }).getOne();
  }

  insert(values: Partial<CampaignEntity>): Promise<CampaignEntity> {
    return this.repo.save(this.repo.create(values));
  }

  save(entity: CampaignEntity): Promise<CampaignEntity> {
    return this.repo.save(entity);
  }
}
