import { Injectable } from '@nestjs/common';
import { ChannelGateway } from '../../channels/channel-gateway.port';

/**
 * The scheduling part's port to the channels part: the ChannelGateway that ChannelsModule exports
 * (SchedulingModule imports it). `find` / `require` keep the scheduler's view of it in one place.
 */
@Injectable()
export class ScheduleChannels {
  constructor(private readonly gateway: ChannelGateway) {}

  find(): ChannelGateway | null {
    return this.gateway;
  }

  require(): ChannelGateway {
    return this.gateway;
  }
}
