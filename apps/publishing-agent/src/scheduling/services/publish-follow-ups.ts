import { Injectable } from '@nestjs/common';
import { type ContentPublishedEvent, type ContentPublishFailedEvent, type EventEnvelope, PUBLISHING_EVENTS } from '@mt/messages';
import { WebhookDeliveryService } from './webhook-delivery.service';

/** What the performance part does when posts are recorded as published: put them on the metrics schedule. */
export abstract class PublishedPostsTracker {
  abstract track(events: ContentPublishedEvent[]): Promise<void>;
}

/**
 * What follows a publish outcome inside the transaction that records it, written there rather
 * than by this agent consuming its own `content.published` / `content.publish_failed`: the
 * metrics schedule and the brand's outbound webhook deliveries commit with the outcome, with no
 * broker round trip per post (docs/adr/085-publish-hot-path.md).
 * Other agents still hear the events through the outbox.
 */
@Injectable()
export class PublishFollowUps {
  private tracker: PublishedPostsTracker | null = null;

  constructor(private readonly webhooks: WebhookDeliveryService) {}

  /**
   * The performance part registers its tracker when its module starts (PerformanceModule imports
   * SchedulingModule, not the other way round); without one, published posts are not tracked.
   */
  useTracker(tracker: PublishedPostsTracker): void {
    this.tracker = tracker;
  }

  async published(events: EventEnvelope<ContentPublishedEvent>[]): Promise<void> {
    if (events.length === 0) return;
    await this.tracker?.track(events.map((e) => e.payload));
    await this.webhooks.enqueueMany(
      PUBLISHING_EVENTS.published,
      events.map((e) => ({ eventId: e.message_id, payload: e.payload })),
    );
  }

  async failed(event: EventEnvelope<ContentPublishFailedEvent>): Promise<void> {
    await this.webhooks.enqueueMany(PUBLISHING_EVENTS.publishFailed, [{ eventId: event.message_id, payload: event.payload }]);
  }
}
