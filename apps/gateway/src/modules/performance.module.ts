import { Module } from '@nestjs/common';
import { BrandAccessReplicaHandler, BrandAccessService } from '@mt/replicas';
import { AbTestsController } from '../controllers/abtests.controller';
import { AdSetsController } from '../controllers/adsets.controller';
import { AnalyticsController } from '../controllers/analytics.controller';
import { InboundController } from '../controllers/inbound.controller';
import { MessagesController } from '../controllers/messages.controller';
import { NotificationsController } from '../controllers/notifications.controller';
import { NotificationsHandler } from '../handlers/notifications.handler';
import { NotificationsRepository } from '../repositories/notifications.repository';
import { NotificationEventStream } from '../services/notification-stream.service';
import { NotificationWatch } from '../services/notification-watch.service';
import { NotificationsService } from '../services/notifications.service';
import { JobsHttpModule } from './jobs.module';

/**
 * Routes: analytics, A/B tests, ad sets, inbox (publishing-agent), and the gateway's own in-app
 * notifications. The gateway keeps a replica of brand access (brand.access.changed) so a
 * brand-wide notification reaches every member, and so a job route can check the role before
 * the job exists.
 */
@Module({
  imports: [JobsHttpModule],
  controllers: [
    AnalyticsController,
    AbTestsController,
    AdSetsController,
    MessagesController,
    InboundController,
    NotificationsController,
    NotificationsHandler,
    BrandAccessReplicaHandler,
  ],
  providers: [BrandAccessService, NotificationsRepository, NotificationsService, NotificationWatch, NotificationEventStream],
})
export class PerformanceHttpModule {}
