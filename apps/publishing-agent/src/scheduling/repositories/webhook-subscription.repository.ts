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
    return this.repo.createQueryBuilder('w').where('w.brand_id = :brandId AND w.deleted_at IS NULL', { brandId }).orderBy('w.created_at', 'ASC').getMany();
  }

  /** The live subscriptions of these brands to one event type (every event asks: one plain query per batch). */
  async subscribedTo(brandIds: string[], eventType: string): Promise<{ id: string; brandId: string }[]> {
    return this.uow
      .manager()
      .query(
        `SELECT id, brand_id AS "brandId" FROM publishing.webhook_subscription WHERE brand_id = ANY($1::uuid[]) AND deleted_at IS NULL AND disabled_at IS NULL AND $2 = ANY(events)`,
        [brandIds, eventType],
      );
  }

  /** A delivery got through: the subscription is healthy again. */
  async markHealthy(id: string): Promise<void> {
    await this.uow.manager().query(`UPDATE publishing.webhook_subscription SET failing_since = NULL WHERE id = $1 AND failing_since IS NOT NULL`, [id]);
  }

  /**
   * A delivery failed for good. The subscription is failing from now on, unless it already was;
   * it is turned off when `gone` (the receiver answered 410) or when it has been failing for
   * `disableAfterMs`. Answers the subscription when this call turned it off.
   */
  async noteFailure(id: string, gone: boolean, disableAfterMs: number, reason: string): Promise<WebhookSubscriptionEntity | null> {
    const turnOff = `($2 OR COALESCE(failing_since, now()) <= now() - make_interval(secs => $3::double precision / 1000))`;
    const rows: { disabled: boolean }[] = await this.uow.manager().query(
      // (A CTE, so that the driver answers the returned rows rather than an UPDATE's [rows, count].)
      `WITH u AS (
         UPDATE publishing.webhook_subscription
            SET failing_since = COALESCE(failing_since, now()),
                disabled_at = CASE WHEN ${turnOff} THEN now() END,
                disabled_reason = CASE WHEN ${turnOff} THEN $4 END
          WHERE id = $1 AND deleted_at IS NULL AND disabled_at IS NULL
          RETURNING disabled_at IS NOT NULL AS disabled
       ) SELECT * FROM u`,
      [id, gone, disableAfterMs, reason],
    );
    return rows[0]?.disabled ? this.findLive(id) : null;
  }

  /** Turns a subscription back on, as if new: failures are counted afresh. */
  async enable(id: string): Promise<void> {
    await this.repo.update({ id }, { disabledAt: null, disabledReason: null, failingSince: null });
  }

  async markDeleted(id: string): Promise<void> {
    await this.repo.update({ id }, { deletedAt: new Date() });
  }
}
