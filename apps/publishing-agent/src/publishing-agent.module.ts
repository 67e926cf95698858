import { type DynamicModule, Module } from '@nestjs/common';
import { RuntimeModule, type Runtime, SystemHealthHandler } from '@mt/runtime';
import { BrandAccessReplicaHandler, BrandAccessService, BrandProfileReplicaHandler, BrandProfileService } from '@mt/replicas';
import { ChannelsModule } from './channels/channels.module';
import { PUBLISHING_ENTITIES } from './entities';
import { PUBLISHING_MIGRATIONS } from './migrations';
import { PerformanceModule } from './performance/performance.module';
import { SchedulingModule } from './scheduling/scheduling.module';

export const PUBLISHING_AGENT = { name: 'publishing-agent', schema: 'publishing' } as const;

/**
 * Three parts, one schema: channels (connections, providers), scheduling (schedules, publishing,
 * outbound webhooks) and performance (analytics, A/B tests, ad sets, the inbox store).
 */
@Module({})
export class PublishingAgentModule {
  static register(runtime: Runtime): DynamicModule {
    // One module object per part, imported by the parts that use it: channels ← scheduling ← performance.
    const channels = ChannelsModule.register(runtime);
    const scheduling = SchedulingModule.register(channels);
    return {
      module: PublishingAgentModule,
      global: true,
      imports: [
        RuntimeModule.forApp(runtime, { ...PUBLISHING_AGENT, entities: PUBLISHING_ENTITIES, migrations: PUBLISHING_MIGRATIONS }),
        channels,
        scheduling,
        PerformanceModule.register(channels, scheduling),
      ],
      controllers: [SystemHealthHandler, BrandAccessReplicaHandler, BrandProfileReplicaHandler],
      providers: [BrandAccessService, BrandProfileService],
      exports: [BrandAccessService, BrandProfileService],
    };
  }
}
