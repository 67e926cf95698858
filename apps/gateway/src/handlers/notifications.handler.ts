import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { ApiExcludeController } from '@nestjs/swagger';
import {
  type AdSetPacingAlertEvent,
  type ConnectionChangedEvent,
  type ContentPublishFailedEvent,
  type EventEnvelope,
  JOB_EVENTS,
  type JobFailedEvent,
  type JobSucceededEvent,
  PUBLISHING_EVENTS,
  type WebhookDisabledEvent,
} from '@mt/messages';
import { NotificationsService } from '../services/notifications.service';

/**
 * Turns events into in-app notifications. The job events are also handled by JobEventsHandler:
 * Nest chains both handlers of one event in the same transaction, so the job row and its
 * notification commit together.
 */
@ApiExcludeController()
@Controller()
export class NotificationsHandler {
  constructor(private readonly notifications: NotificationsService) {}

  @EventPattern(PUBLISHING_EVENTS.publishFailed)
  publishFailed(@Payload() e: EventEnvelope<ContentPublishFailedEvent>) {
    return this.notifications.publishFailed(e.payload);
  }

  @EventPattern(PUBLISHING_EVENTS.connectionChanged)
  connectionChanged(@Payload() e: EventEnvelope<ConnectionChangedEvent>) {
    return this.notifications.connectionChanged(e.payload);
  }

  @EventPattern(PUBLISHING_EVENTS.adSetPacingAlert)
  pacingAlert(@Payload() e: EventEnvelope<AdSetPacingAlertEvent>) {
    return this.notifications.pacingAlert(e.payload);
  }

  @EventPattern(PUBLISHING_EVENTS.webhookDisabled)
  webhookDisabled(@Payload() e: EventEnvelope<WebhookDisabledEvent>) {
    return this.notifications.webhookDisabled(e.payload);
  }

  @EventPattern(JOB_EVENTS.succeeded)
  jobSucceeded(@Payload() e: EventEnvelope<JobSucceededEvent>) {
    return this.notifications.jobEnded(e.payload, 'succeeded');
  }

  @EventPattern(JOB_EVENTS.failed)
  jobFailed(@Payload() e: EventEnvelope<JobFailedEvent>) {
    return this.notifications.jobEnded(e.payload, 'failed');
  }
}
