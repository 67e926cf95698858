import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import type { EventEnvelope } from '@mt/messages';
import { WebhookDeliveryService } from '../services/webhook-delivery.service';
import { OnEvent } from '@mt/messages';

/**
 * The events brands may subscribe a URL to (WEBHOOK_EVENT_TYPES): each becomes one pending
 * delivery per subscription, in the event's transaction. Other handlers of the same events in
 * this agent are chained with these by Nest and share the transaction. `content.published` and
 * `content.publish_failed` are this agent's own: their deliveries are written by PublishFollowUps
 * in the transaction that records the outcome.
 */
@Controller()
export class WebhookDeliveryHandler {
  constructor(private readonly deliveries: WebhookDeliveryService) {}

  private enqueue(e: EventEnvelope<unknown>) {
    return this.deliveries.enqueue(e.event_type, e.payload);
  }

  @OnEvent('content.approved')
  contentApproved(@Payload() e: EventEnvelope<unknown>) {
    return this.enqueue(e);
  }

  @OnEvent('content.scheduled')
  contentScheduled(@Payload() e: EventEnvelope<unknown>) {
    return this.enqueue(e);
  }

  @OnEvent('content.unscheduled')
  contentUnscheduled(@Payload() e: EventEnvelope<unknown>) {
    return this.enqueue(e);
  }

  @OnEvent('campaign.planned')
  campaignPlanned(@Payload() e: EventEnvelope<unknown>) {
    return this.enqueue(e);
  }

  @OnEvent('analytics.updated')
  analyticsUpdated(@Payload() e: EventEnvelope<unknown>) {
    return this.enqueue(e);
  }

  @OnEvent('abtest.concluded')
  abTestConcluded(@Payload() e: EventEnvelope<unknown>) {
    return this.enqueue(e);
  }

  @OnEvent('connection.changed')
  connectionChanged(@Payload() e: EventEnvelope<unknown>) {
    return this.enqueue(e);
  }
}
