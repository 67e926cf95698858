import { type DynamicModule, Module } from '@nestjs/common';
import type { Runtime } from '@mt/runtime';

/**
 * publishing-agent: platform connections, OAuth, encrypted credentials, the provider catalogue.
 * Exports ChannelGateway (services/channel-gateway.ts), the one way the rest of the agent reaches a platform.
 */
@Module({})
export class ChannelsModule {
  static register(runtime: Runtime): DynamicModule {
    void runtime;
    return { module: ChannelsModule, controllers: [], providers: [], exports: [] };
  }
}
