import { type DynamicModule, Module } from '@nestjs/common';
import { BrandAccessReplicaHandler, BrandAccessService, BrandProfileReplicaHandler, BrandProfileService, RuntimeModule, type Runtime, SystemHealthHandler } from '@mt/runtime';
import { ChannelsModule } from './channels.module';
import { PUBLISHING_ENTITIES } from './entities';
import { PUBLISHING_MIGRATIONS } from './migrations';
import { PerformanceModule } from './performance.module';
import { SchedulingModule } from './scheduling.module';

export const PUBLISHING_AGENT = { name: 'publishing-agent', schema: 'publishing' } as const;

/**
 * Three parts, one schema: channels (connections, providers), scheduling (schedules, publishing,
 * outbound webhooks) and performance (analytics, A/B tests, ad sets, the inbox store).
 */
@Module({})
export class PublishingAgentModule {
  static register(runtime: Runtime): DynamicModule {
    return {
      module: PublishingAgentModule,
      global: true,
      imports: [
        RuntimeModule.forApp(runtime, { ...PUBLISHING_AGENT, entities: PUBLISHING_ENTITIES, migrations: PUBLISHING_MIGRATIONS }),
        ChannelsModule.register(runtime),
        SchedulingModule,
        PerformanceModule,
      ],
      controllers: [SystemHealthHandler, BrandAccessReplicaHandler, BrandProfileReplicaHandler],
      providers: [BrandAccessService, BrandProfileService],
      exports: [BrandAccessService, BrandProfileService],
    };
  }
}
