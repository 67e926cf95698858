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

  /** The ids of a brand's live subscriptions to one event type (every event asks: kept to one plain query). */
  async subscribedTo(brandId: string, eventType: string): Promise<string[]> {
    const rows: { id: string }[] = await this.uow
      .manager()
      .query(`SELECT id FROM publishing.webhook_subscription WHERE brand_id = $1 AND deleted_at IS NULL AND $2 = ANY(events)`, [brandId, eventType]);
    return rows.map((r) => r.id);
  }

  async markDeleted(id: string): Promise<void> {
    await this.repo.update({ id }, { deletedAt: new Date() });
  }
}
