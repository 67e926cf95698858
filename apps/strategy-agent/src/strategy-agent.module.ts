import { type DynamicModule, Module } from '@nestjs/common';
import { BrandAccessReplicaHandler, BrandAccessService, BrandProfileReplicaHandler, BrandProfileService, RuntimeModule, type Runtime, SystemHealthHandler } from '@mt/runtime';
import { CampaignHandler } from './handlers/campaign.handler';
import { CampaignRepository } from './repositories/campaign.repository';
import { CampaignService } from './services/campaign.service';
import { STRATEGY_ENTITIES } from './entities';
import { STRATEGY_MIGRATIONS } from './migrations';

export const STRATEGY_AGENT = { name: 'strategy-agent', schema: 'strategy' } as const;

@Module({})
export class StrategyAgentModule {
  static register(runtime: Runtime): DynamicModule {
    return {
      module: StrategyAgentModule,
      imports: [RuntimeModule.forApp(runtime, { ...STRATEGY_AGENT, entities: STRATEGY_ENTITIES, migrations: STRATEGY_MIGRATIONS, ai: true })],
      controllers: [SystemHealthHandler, BrandAccessReplicaHandler, BrandProfileReplicaHandler, CampaignHandler],
      providers: [BrandAccessService, BrandProfileService, CampaignRepository, CampaignService],
    };
  }
}
