import { Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { ChannelGateway } from './channel-gateway';

/**
 * The channels part's ChannelGateway, found lazily across the agent's modules (ChannelsModule
 * needs the runtime to register, so the performance part does not import it).
 */
@Injectable()
export class MetricsChannels {
  private gateway: ChannelGateway | null = null;

  constructor(private readonly moduleRef: ModuleRef) {}

  find(): ChannelGateway | null {
    if (!this.gateway) {
      try {
        this.gateway = this.moduleRef.get(ChannelGateway, { strict: false });
      } catch {
        return null;
      }
    }
    return this.gateway;
  }
}
