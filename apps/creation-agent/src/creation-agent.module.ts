import { type DynamicModule, Module } from '@nestjs/common';
import { BrandAccessReplicaHandler, BrandAccessService, BrandProfileReplicaHandler, BrandProfileService, RuntimeModule, type Runtime, SystemHealthHandler } from '@mt/runtime';
import { CREATION_ENTITIES } from './entities';
import { CREATION_MIGRATIONS } from './migrations';

export const CREATION_AGENT = { name: 'creation-agent', schema: 'creation' } as const;

@Module({})
export class CreationAgentModule {
  static register(runtime: Runtime): DynamicModule {
    return {
      module: CreationAgentModule,
      imports: [RuntimeModule.forApp(runtime, { ...CREATION_AGENT, entities: CREATION_ENTITIES, migrations: CREATION_MIGRATIONS, ai: true })],
      controllers: [SystemHealthHandler, BrandAccessReplicaHandler, BrandProfileReplicaHandler],
      providers: [BrandAccessService, BrandProfileService],
    };
  }
}
