import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { type Actor, MeshError, UnitOfWork, type WebhookDelivery, type WebhookDeliveryPage } from '@mt/messages';
import { decodeCursor, pageSize, toPage } from '@mt/runtime';
import type { WebhookDeliveryEntity } from '../entities/scheduling.entities';
import { WebhookDeliveryRepository } from '../repositories/webhook-delivery.repository';
import { WebhookSubscriptionRepository } from '../repositories/webhook-subscription.repository';
import { WebhookDelivererService } from './webhook-deliverer.service';
import { WebhookSubscriptionService } from './webhook-subscription.service';

/** The brand a mesh event concerns, wherever its payload keeps it. */
export function brandOf(payload: unknown): string | null {
  const p = payload as { brandId?: unknown; content?: { brandId?: unknown }; connection?: { brandId?: unknown } } | null;
  const id = p?.brandId ?? p?.content?.brandId ?? p?.connection?.brandId;
  return typeof id === 'string' ? id : null;
}

/**
 * Turns mesh events into deliveries for the brand's subscriptions (inside the event's
 * transaction, once per subscription and event), lists the delivery log and replays a delivery.
 */
@Injectable()
export class WebhookDeliveryService {
  constructor(
    private readonly deliveries: WebhookDeliveryRepository,
    private readonly subscriptions: WebhookSubscriptionRepository,
    private readonly webhooks: WebhookSubscriptionService,
    private readonly uow: UnitOfWork,
    private readonly deliverer: WebhookDelivererService,
  ) {}

  /** The idle deliverer sleeps until its next known due time (ADR 204): a new delivery wakes it once committed. */
  private wakeDelivererAfterCommit(): void {
    this.uow.afterCommit(() => this.deliverer.wake());
  }

  /** Inside an event handler: one pending delivery per live subscription of the brand to this event. */
  async enqueue(eventType: string, payload: unknown): Promise<void> {
    const message = this.uow.currentMessage();
    if (message) await this.enqueueMany(eventType, [{ eventId: message.message_id, payload }]);
  }

  /**
   * Inside the transaction that publishes the events (or handles them): one pending delivery per
   * live subscription of each event's brand, the brands' subscriptions read in one query.
   */
  async enqueueMany(eventType: string, events: { eventId: string; payload: unknown }[]): Promise<void> {
    const withBrand = events.map((e) => ({ ...e, brandId: brandOf(e.payload) })).filter((e): e is typeof e & { brandId: string } => e.brandId !== null);
    if (withBrand.length === 0) return;
    const subscriptions = await this.subscriptions.subscribedTo([...new Set(withBrand.map((e) => e.brandId))], eventType);
    if (subscriptions.length > 0) this.wakeDelivererAfterCommit();
    for (const e of withBrand) {
      for (const s of subscriptions) {
        if (s.brandId !== e.brandId) continue;
        await this.deliveries.insert({
          subscriptionId: s.id,
          brandId: e.brandId,
          messageId: `msg_${randomUUID().replace(/-/g, '')}`,
          eventId: e.eventId,
          eventType,
          payload: { type: eventType, timestamp: new Date().toISOString(), data: e.payload },
          replayOf: null,
        });
      }
    }
  }

  async list(actor: Actor, webhookId: string, limit: number, cursor?: string | null): Promise<WebhookDeliveryPage> {
    await this.webhooks.load(actor, webhookId);
    const size = pageSize(limit);
    const rows = await this.deliveries.listBySubscription(webhookId, size + 1, decodeCursor(cursor));
    return toPage(rows, size, toDelivery);
  }

  /**
   * Sends a delivery again as a new log entry with the same `webhook-id` (a receiver that did
   * process it can still drop it) and the same body; the original stays as it was.
   */
  async replay(actor: Actor, webhookId: string, deliveryId: string): Promise<WebhookDelivery> {
    await this.webhooks.load(actor, webhookId);
    const original = await this.deliveries.findById(deliveryId);
    if (!original || original.subscriptionId !== webhookId) {
      throw new MeshError('NOT_FOUND', 'No such delivery', { status: 404, retryable: false });
    }
    const id = await this.uow.transaction(() => {
      this.wakeDelivererAfterCommit();
      return this.deliveries.insert({
        subscriptionId: original.subscriptionId,
        brandId: original.brandId,
        messageId: original.messageId,
        eventId: original.eventId,
        eventType: original.eventType,
        payload: original.payload,
        replayOf: original.id,
      });
    });
    return toDelivery((await this.deliveries.findById(id as string)) as WebhookDeliveryEntity);
  }
}

export function toDelivery(e: WebhookDeliveryEntity): WebhookDelivery {
  return {
    id: e.id,
    webhookId: e.subscriptionId,
    messageId: e.messageId,
    eventType: e.eventType,
    status: e.status,
    attempts: e.attempts,
    lastStatusCode: e.lastStatusCode,
    lastError: e.lastError,
    nextAttemptAt: e.status === 'pending' ? e.dueAt.toISOString() : null,
    deliveredAt: e.deliveredAt ? e.deliveredAt.toISOString() : null,
    replayOf: e.replayOf,
    createdAt: e.createdAt.toISOString(),
  };
}
