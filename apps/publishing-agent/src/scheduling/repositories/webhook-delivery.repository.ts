import { Injectable } from '@nestjs/common';
import { UnitOfWork } from '@mt/messages';
import { type Keyset, utcKeySql } from '@mt/runtime';
import { WebhookDeliveryEntity } from '../entities/scheduling.entities';

export interface NewDelivery {
  subscriptionId: string;
  brandId: string;
  messageId: string;
  eventId: string;
  eventType: string;
  payload: { type: string; timestamp: string; data: unknown };
  replayOf: string | null;
}

/** A delivery joined with what sending it needs. */
export type DeliveryToSend = WebhookDeliveryEntity & {
  url: string;
  secret: string;
  subscriptionDeleted: boolean;
  subscriptionDisabled: boolean;
  subscriptionFailing: boolean;
};

export type DeliveryWithKey = WebhookDeliveryEntity & { createdKey: string };

/** The outbound webhook queue and log; claims are fenced by (status, attempts) like schedule items. */
@Injectable()
export class WebhookDeliveryRepository {
  constructor(private readonly uow: UnitOfWork) {}

  private get repo() {
    return this.uow.manager().getRepository(WebhookDeliveryEntity);
  }

  /** One delivery per subscription and event: a redelivered event adds nothing. */
  async insert(d: NewDelivery): Promise<string | null> {
    const rows: { id: string }[] = await this.uow.manager().query(
      `INSERT INTO publishing.webhook_delivery (subscription_id, brand_id, message_id, event_id, event_type, payload, status, due_at, replay_of)
       VALUES ($1, $2, $3, $4, $5, $6, 'pending', now(), $7)
       ON CONFLICT (subscription_id, event_id) WHERE replay_of IS NULL DO NOTHING
       RETURNING id`,
      [d.subscriptionId, d.brandId, d.messageId, d.eventId, d.eventType, JSON.stringify(d.payload), d.replayOf],
    );
    return rows[0]?.id ?? null;
  }

  findById(id: string): Promise<WebhookDeliveryEntity | null> {
    return this.repo.findOne({ where: { id } });
  }

  async listBySubscription(subscriptionId: string, limit: number, after: Keyset | null): Promise<DeliveryWithKey[]> {
    const q = this.repo
      .createQueryBuilder('d')
      .addSelect(utcKeySql('d.created_at'), 'created_key')
      .where('d.subscription_id = :subscriptionId', { subscriptionId })
      .orderBy('d.created_at', 'DESC')
      .addOrderBy('d.id', 'DESC')
      .limit(limit);
    if (after) q.andWhere('(d.created_at, d.id) < (CAST(:at AS timestamptz), CAST(:id AS uuid))', { at: after.createdKey, id: after.id });
    const { entities, raw } = await q.getRawAndEntities<{ created_key: string }>();
    return entities.map((e, i) => Object.assign(e, { createdKey: raw[i].created_key }));
  }

  async claimDue(limit: number, leaseMs: number): Promise<DeliveryToSend[]> {
    const raw: Record<string, unknown>[] = await this.uow.manager().query(
      `WITH due AS (
         SELECT id FROM publishing.webhook_delivery
          WHERE status IN ('pending', 'delivering') AND due_at <= now()
          ORDER BY due_at LIMIT $1 FOR UPDATE SKIP LOCKED
       ), u AS (
         UPDATE publishing.webhook_delivery d
            SET status = 'delivering', attempts = d.attempts + 1,
                due_at = clock_timestamp() + make_interval(secs => $2::double precision / 1000), updated_at = now()
           FROM due WHERE d.id = due.id
         RETURNING d.*
       ) SELECT u.*, s.url AS sub_url, s.secret AS sub_secret, s.deleted_at IS NOT NULL AS sub_deleted, s.disabled_at IS NOT NULL AS sub_disabled, s.failing_since IS NOT NULL AS sub_failing FROM u JOIN publishing.webhook_subscription s ON s.id = u.subscription_id`,
      [limit, leaseMs],
    );
    return raw.map((r) =>
      Object.assign(
        this.repo.create({
          id: r.id as string,
          subscriptionId: r.subscription_id as string,
          brandId: r.brand_id as string,
          messageId: r.message_id as string,
          eventId: r.event_id as string,
          eventType: r.event_type as string,
          payload: (typeof r.payload === 'string' ? JSON.parse(r.payload) : r.payload) as WebhookDeliveryEntity['payload'],
          status: r.status as WebhookDeliveryEntity['status'],
          attempts: Number(r.attempts),
        }),
        {
          url: r.sub_url as string,
          secret: r.sub_secret as string,
          subscriptionDeleted: r.sub_deleted === true,
          subscriptionDisabled: r.sub_disabled === true,
          subscriptionFailing: r.sub_failing === true,
        },
      ),
    );
  }

  /** When the next delivery falls due (a new one, a retry, or a dead instance's lease running out). */
  async nextDue(): Promise<Date | null> {
    const [row]: { due: Date | string | null }[] = await this.uow
      .manager()
      .query(`SELECT min(due_at) AS due FROM publishing.webhook_delivery WHERE status IN ('pending', 'delivering')`);
    return row?.due ? new Date(row.due) : null;
  }

  async renewLeases(ids: string[], leaseMs: number): Promise<void> {
    await this.uow.manager().query(
      `UPDATE publishing.webhook_delivery SET due_at = clock_timestamp() + make_interval(secs => $2::double precision / 1000)
        WHERE id = ANY($1::uuid[]) AND status = 'delivering'`,
      [ids, leaseMs],
    );
  }

  /** Records one attempt: delivered, failed for good, or pending again at `retryAt`. */
  async settle(
    id: string,
    attempts: number,
    outcome: { status: 'delivered' | 'failed' | 'pending'; statusCode: number | null; error: string | null; retryAt?: Date },
  ): Promise<void> {
    await this.uow.manager().query(
      `UPDATE publishing.webhook_delivery
          SET status = $3, last_status_code = $4, last_error = $5, due_at = COALESCE($6, due_at),
              delivered_at = CASE WHEN $3 = 'delivered' THEN now() ELSE delivered_at END, updated_at = now()
        WHERE id = $1 AND attempts = $2 AND status = 'delivering'`,
      [id, attempts, outcome.status, outcome.statusCode, outcome.error, outcome.retryAt ?? null],
    );
  }
}
