import { Module } from '@nestjs/common';
import { ConnectionsController } from '../controllers/connections.controller';
import { PlatformsController } from '../controllers/platforms.controller';

/** Routes: platforms, connections, OAuth (publishing-agent). */
@Module({ imports: [], controllers: [PlatformsController, ConnectionsController], providers: [] })
export class ChannelsHttpModule {}
