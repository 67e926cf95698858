import { Module } from '@nestjs/common';

/** Routes: schedules, publish now, outbound webhook subscriptions (publishing-agent). */
@Module({ imports: [], controllers: [], providers: [] })
export class PublishingHttpModule {}
