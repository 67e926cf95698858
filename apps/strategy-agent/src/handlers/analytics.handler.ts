import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { type AnalyticsUpdatedEvent, type EventEnvelope, PUBLISHING_EVENTS } from '@mt/messages';
import { AnalyticsReplicaService } from '../services/analytics-replica.service';

/** publishing-agent's `analytics.updated`: the replica insights and recommendations read. */
@Controller()
export class AnalyticsHandler {
  constructor(private readonly replica: AnalyticsReplicaService) {}

  @EventPattern(PUBLISHING_EVENTS.analyticsUpdated)
  updated(@Payload() e: EventEnvelope<AnalyticsUpdatedEvent>) {
    return this.replica.record(e.payload);
  }
}
