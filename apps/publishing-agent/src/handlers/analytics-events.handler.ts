import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { type ContentPublishedEvent, type EventEnvelope, PUBLISHING_EVENTS } from '@mt/messages';
import { MetricsCollectorService } from '../services/metrics-collector.service';

/** A published post joins the metrics schedule. */
@Controller()
export class AnalyticsEventsHandler {
  constructor(private readonly collector: MetricsCollectorService) {}

  @EventPattern(PUBLISHING_EVENTS.published)
  published(@Payload() e: EventEnvelope<ContentPublishedEvent>) {
    return this.collector.track(e.payload);
  }
}
