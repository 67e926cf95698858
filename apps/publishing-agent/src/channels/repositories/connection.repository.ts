import { Injectable } from '@nestjs/common';
import { UnitOfWork } from '@mt/messages';
import { type Keyset, utcKeySql } from '@mt/runtime';
import { ConnectionEntity } from '../entities/connection.entity';

export type ConnectionWithKey = ConnectionEntity & { createdKey: string };

@Injectable()
export class ConnectionRepository {
  constructor(private readonly uow: UnitOfWork) {}

  private get repo() {
    return this.uow.manager().getRepository(ConnectionEntity);
  }

  findLive(id: string): Promise<ConnectionEntity | null> {
    return this.repo.createQueryBuilder('c').where('c.id = :id AND c.deleted_at IS NULL', { id }).getOne();
  }

  /** The row locked for an update (refresh, status change), inside the caller's transaction. */
  lockLive(id: string): Promise<ConnectionEntity | null> {
    return this.repo.createQueryBuilder('c').setLock('pessimistic_write').where('c.id = :id AND c.deleted_at IS NULL', { id }).getOne();
  }

  async listByBrand(brandId: string, limit: number, after: Keyset | null): Promise<ConnectionWithKey[]> {
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

  /** Live connections whose token expires before `before` and that are not waiting for the user. */
  dueForRefresh(before: Date, limit: number): Promise<ConnectionEntity[]> {
    return this.repo
      .createQueryBuilder('c')
      .where("c.deleted_at IS NULL AND c.expires_at IS NOT NULL AND c.expires_at < :before AND c.status IN ('active', 'error')", { before })
      .orderBy('c.expires_at', 'ASC')
      .limit(limit)
      .getMany();
  }

  findByAccount(brandId: string, platform: string, accountId: string): Promise<ConnectionEntity | null> {
    return this.repo
      .createQueryBuilder('c')
      .where('c.brand_id = :brandId AND c.platform = :platform AND c.account_id = :accountId AND c.deleted_at IS NULL', { brandId, platform, accountId })
      .orderBy('c.created_at', 'DESC')
      .getOne();
  }

  /** Live rows sealed with one of these (older) keys, left over from a rotation. */
  sealedWith(keyIds: string[], limit: number): Promise<ConnectionEntity[]> {
    if (keyIds.length === 0) return Promise.resolve([]);
    return this.repo.createQueryBuilder('c').where('c.deleted_at IS NULL AND c.key_id IN (:...keyIds)', { keyIds }).limit(limit).getMany();
  }

  insert(values: Partial<ConnectionEntity>): Promise<ConnectionEntity> {
    return this.repo.save(this.repo.create(values));
  }

  save(entity: ConnectionEntity): Promise<ConnectionEntity> {
    return this.repo.save(entity);
  }
}
