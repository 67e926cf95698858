import { Injectable } from '@nestjs/common';
import { UnitOfWork } from '@mt/messages';
import { WebhookSubscriptionEntity } from '../entities/scheduling.entities';

@Injectable()
export class WebhookSubscriptionRepository {
  constructor(private readonly uow: UnitOfWork) {}

  private get repo() {
    return this.uow.manager().getRepository(WebhookSubscriptionEntity);
  }

  insert(values: Partial<WebhookSubscriptionEntity>): Promise<WebhookSubscriptionEntity> {
    return this.repo.save(this.repo.create(values));
  }

  findLive(id: string): Promise<WebhookSubscriptionEntity | null> {
    return this.repo.createQueryBuilder('w').where('w.id = :id AND w.deleted_at IS NULL', { id }).getOne();
  }

  /** Any subscription, deleted or not (deliveries of a deleted one stay readable to nobody but the sender). */
  findAny(id: string): Promise<WebhookSubscriptionEntity | null> {
    return this.repo.findOne({ where: { id } });
  }

  listByBrand(brandId: string): Promise<WebhookSubscriptionEntity[]> {
    return this.repo
      .createQueryBuilder('w')
      .where('w.brand_id = :brandId AND w.deleted_at IS NULL', { brandId })
      .orderBy('w.created_at', 'ASC')
      .getMany();
  }

  /** The live subscriptions of these brands to one event type (every event asks: one plain query per batch). */
  async subscribedTo(brandIds: string[], eventType: string): Promise<{ id: string; brandId: string }[]> {
    return this.uow
      .manager()
      .query(`SELECT id, brand_id AS "brandId" FROM publishing.webhook_subscription WHERE brand_id = ANY($1::uuid[]) AND deleted_at IS NULL AND $2 = ANY(events)`, [
        brandIds,
        eventType,
      ]);
  }

  async markDeleted(id: string): Promise<void> {
    await this.repo.update({ id }, { deletedAt: new Date() });
  }
}
