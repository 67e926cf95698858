import { Module } from '@nestjs/common';

/** publishing-agent: schedules, exactly-once publishing, outbound webhooks. */
@Module({ controllers: [], providers: [], exports: [] })
export class SchedulingModule {}
