import { type DynamicModule, Module } from '@nestjs/common';
import { RuntimeModule, type Runtime } from '@mt/runtime';
import { MediaHttpModule } from './modules/media.module';
import { HealthController } from './controllers/health.controller';
import { MetricsController } from './controllers/metrics.controller';
import { AuthHttpModule } from './modules/auth.module';
import { BrandsHttpModule } from './modules/brands.module';
import { CampaignsHttpModule } from './modules/campaigns.module';
import { JobsHttpModule } from './modules/jobs.module';
import { ProtectionHttpModule } from './modules/protection.module';
import { BrandVoiceHttpModule } from './modules/brand-voice.module';
import { PlanningHttpModule } from './modules/planning.module';
import { ContentHttpModule } from './modules/content.module';
import { ChannelsHttpModule } from './modules/channels.module';
import { PublishingHttpModule } from './modules/publishing.module';
import { PerformanceHttpModule } from './modules/performance.module';
import { McpHttpModule } from './mcp/mcp.module';
import { GATEWAY_ENTITIES } from './entities';
import { GATEWAY_MIGRATIONS } from './migrations';

export const GATEWAY = { name: 'gateway', schema: 'gateway' } as const;

@Module({})
export class GatewayModule {
  static register(runtime: Runtime): DynamicModule {
    return {
      module: GatewayModule,
      imports: [
        RuntimeModule.forApp(runtime, { ...GATEWAY, entities: GATEWAY_ENTITIES, migrations: GATEWAY_MIGRATIONS }),
        ProtectionHttpModule,
        AuthHttpModule,
        BrandsHttpModule,
        JobsHttpModule,
        CampaignsHttpModule,
        BrandVoiceHttpModule,
        PlanningHttpModule,
        ContentHttpModule,
        ChannelsHttpModule,
        PublishingHttpModule,
        MediaHttpModule,
        PerformanceHttpModule,
        McpHttpModule,
      ],
      controllers: [HealthController, MetricsController],
      providers: [],
    };
  }
}
