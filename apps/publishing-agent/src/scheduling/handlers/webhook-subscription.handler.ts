import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  type CreateWebhookPayload,
  type ListWebhookDeliveriesPayload,
  type ListWebhooksPayload,
  OnTask,
  PUBLISHING_TASKS,
  type ReplayWebhookDeliveryPayload,
  type TaskEnvelope,
  type WebhookRef,
} from '@mt/messages';
import { WebhookDeliveryService } from '../services/webhook-delivery.service';
import { WebhookSubscriptionService } from '../services/webhook-subscription.service';

/** Outbound webhook subscriptions and their delivery log (brand owners only). */
@Controller()
export class WebhookSubscriptionHandler {
  constructor(
    private readonly webhooks: WebhookSubscriptionService,
    private readonly deliveries: WebhookDeliveryService,
  ) {}

  @OnTask(PUBLISHING_TASKS.createWebhook, { manualTransaction: true })
  create(@Payload() t: TaskEnvelope<CreateWebhookPayload>) {
    return this.webhooks.create(t.payload.actor, t.payload.brandId, t.payload.url, t.payload.events);
  }

  @OnTask(PUBLISHING_TASKS.listWebhooks, { query: true })
  list(@Payload() t: TaskEnvelope<ListWebhooksPayload>) {
    return this.webhooks.list(t.payload.actor, t.payload.brandId);
  }

  @OnTask(PUBLISHING_TASKS.enableWebhook, { manualTransaction: true })
  enable(@Payload() t: TaskEnvelope<WebhookRef>) {
    return this.webhooks.enable(t.payload.actor, t.payload.webhookId);
  }

  @OnTask(PUBLISHING_TASKS.deleteWebhook, { manualTransaction: true })
  remove(@Payload() t: TaskEnvelope<WebhookRef>) {
    return this.webhooks.remove(t.payload.actor, t.payload.webhookId);
  }

  @OnTask(PUBLISHING_TASKS.listWebhookDeliveries, { query: true })
  deliveriesOf(@Payload() t: TaskEnvelope<ListWebhookDeliveriesPayload>) {
    return this.deliveries.list(t.payload.actor, t.payload.webhookId, t.payload.page.limit, t.payload.page.cursor);
  }

  @OnTask(PUBLISHING_TASKS.replayWebhookDelivery, { manualTransaction: true })
  replay(@Payload() t: TaskEnvelope<ReplayWebhookDeliveryPayload>) {
    return this.deliveries.replay(t.payload.actor, t.payload.webhookId, t.payload.deliveryId);
  }
}
