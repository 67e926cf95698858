import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { type AnalyticsUpdatedEvent, type EventEnvelope, OnEvent, PUBLISHING_EVENTS } from '@mt/messages';
import { AnalyticsReplicaService } from '../services/analytics-replica.service';

/** publishing-agent's `analytics.updated`: the replica insights and recommendations read. */
@Controller()
export class AnalyticsHandler {
  constructor(private readonly replica: AnalyticsReplicaService) {}

  @OnEvent(PUBLISHING_EVENTS.analyticsUpdated)
  updated(@Payload() e: EventEnvelope<AnalyticsUpdatedEvent>) {
    return this.replica.record(e.payload);
  }
}
