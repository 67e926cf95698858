import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { ApiExcludeController } from '@nestjs/swagger';
import {
  type AdSetPacingAlertEvent,
  BRAND_EVENTS,
  type BrandInvitationCreatedEvent,
  CAMPAIGN_EVENTS,
  CONTENT_EVENTS,
  type ContentCommentedEvent,
  type ContentReviewRequestedEvent,
  type CampaignPlannedEvent,
  type ConnectionChangedEvent,
  type ContentPublishedEvent,
  type ContentPublishFailedEvent,
  type EventEnvelope,
  type InboxMessageReceivedEvent,
  JOB_EVENTS,
  type JobFailedEvent,
  type JobSucceededEvent,
  OnEvent,
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

  @OnEvent(PUBLISHING_EVENTS.published)
  published(@Payload() e: EventEnvelope<ContentPublishedEvent>) {
    return this.notifications.published(e.payload);
  }

  @OnEvent(CONTENT_EVENTS.reviewRequested)
  reviewRequested(@Payload() e: EventEnvelope<ContentReviewRequestedEvent>) {
    return this.notifications.reviewRequested(e.payload);
  }

  @OnEvent(CONTENT_EVENTS.commented)
  commented(@Payload() e: EventEnvelope<ContentCommentedEvent>) {
    return this.notifications.commented(e.payload);
  }

  @OnEvent(PUBLISHING_EVENTS.messageReceived)
  messageReceived(@Payload() e: EventEnvelope<InboxMessageReceivedEvent>) {
    return this.notifications.messageReceived(e.payload);
  }

  @OnEvent(CAMPAIGN_EVENTS.planned)
  campaignPlanned(@Payload() e: EventEnvelope<CampaignPlannedEvent>) {
    return this.notifications.campaignPlanned(e.payload);
  }

  @OnEvent(PUBLISHING_EVENTS.publishFailed)
  publishFailed(@Payload() e: EventEnvelope<ContentPublishFailedEvent>) {
    return this.notifications.publishFailed(e.payload);
  }

  @OnEvent(PUBLISHING_EVENTS.connectionChanged)
  connectionChanged(@Payload() e: EventEnvelope<ConnectionChangedEvent>) {
    return this.notifications.connectionChanged(e.payload);
  }

  @OnEvent(PUBLISHING_EVENTS.adSetPacingAlert)
  pacingAlert(@Payload() e: EventEnvelope<AdSetPacingAlertEvent>) {
    return this.notifications.pacingAlert(e.payload);
  }

  @OnEvent(PUBLISHING_EVENTS.webhookDisabled)
  webhookDisabled(@Payload() e: EventEnvelope<WebhookDisabledEvent>) {
    return this.notifications.webhookDisabled(e.payload);
  }

  @OnEvent(BRAND_EVENTS.invitationCreated)
  invitationCreated(@Payload() e: EventEnvelope<BrandInvitationCreatedEvent>) {
    return this.notifications.invitationCreated(e.payload);
  }

  @OnEvent(JOB_EVENTS.succeeded)
  jobSucceeded(@Payload() e: EventEnvelope<JobSucceededEvent>) {
    return this.notifications.jobEnded(e.payload, 'succeeded');
  }

  @OnEvent(JOB_EVENTS.failed)
  jobFailed(@Payload() e: EventEnvelope<JobFailedEvent>) {
    return this.notifications.jobEnded(e.payload, 'failed');
  }
}
