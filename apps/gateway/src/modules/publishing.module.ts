import { Module } from '@nestjs/common';
import { PublishingSettingsController } from '../controllers/publishing-settings.controller';
import { QueueController } from '../controllers/queue.controller';
import { ScheduleController } from '../controllers/schedule.controller';
import { ContentTargetsController } from '../controllers/content-targets.controller';
import { ShortLinksController } from '../controllers/short-links.controller';
import { WebhooksController } from '../controllers/webhooks.controller';
import { JobsHttpModule } from './jobs.module';

/** Routes: schedules, posting queues, publish now, publishing settings, outbound webhook subscriptions, short links (publishing-agent). */
@Module({
  imports: [JobsHttpModule],
  controllers: [ScheduleController, ContentTargetsController, QueueController, PublishingSettingsController, WebhooksController, ShortLinksController],
})
export class PublishingHttpModule {}
