import { Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { MeshError } from '@mt/messages';
import { ChannelGateway } from './channel-gateway';

/**
 * Finds the ChannelGateway the channels part provides. Looked up lazily across the agent's
 * modules (SchedulingModule does not import ChannelsModule, which needs the runtime to register),
 * so the scheduler runs on whichever implementation the app was composed with.
 */
@Injectable()
export class ScheduleChannels {
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

  require(): ChannelGateway {
    const g = this.find();
    if (!g) throw new MeshError('AGENT_UNAVAILABLE', 'Publishing channels are not available in this deployment yet.', { status: 503, retryable: true });
    return g;
  }
}
