import { Module } from '@nestjs/common';

/** Routes: platforms, connections, OAuth (publishing-agent). */
@Module({ imports: [], controllers: [], providers: [] })
export class ChannelsHttpModule {}
