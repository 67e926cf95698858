import { Module } from '@nestjs/common';
import { PublishingSettingsController } from '../controllers/publishing-settings.controller';
import { ScheduleController } from '../controllers/schedule.controller';
import { WebhooksController } from '../controllers/webhooks.controller';

/** Routes: schedules, publish now, publishing settings, outbound webhook subscriptions (publishing-agent). */
@Module({ controllers: [ScheduleController, PublishingSettingsController, WebhooksController] })
export class PublishingHttpModule {}
