import { Injectable } from '@nestjs/common';
import { ChannelGateway } from '../../channels/channel-gateway.port';

/** The performance part's port to the channels part: the ChannelGateway ChannelsModule exports. */
@Injectable()
export class MetricsChannels {
  constructor(private readonly gateway: ChannelGateway) {}

  find(): ChannelGateway | null {
    return this.gateway;
  }
}
