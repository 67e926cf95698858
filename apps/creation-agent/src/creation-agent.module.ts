import { type DynamicModule, Module } from '@nestjs/common';
import { RuntimeModule, type Runtime, SystemHealthHandler } from '@mt/runtime';
import { Creation_ENTITIES } from './entities';
import { Creation_MIGRATIONS } from './migrations';

export const Creation_AGENT = { name: 'creation-agent', schema: 'creation' } as const;

@Module({})
export class CreationAgentModule {
  static register(runtime: Runtime): DynamicModule {
    return {
      module: CreationAgentModule,
      imports: [RuntimeModule.forApp(runtime, { ...Creation_AGENT, entities: Creation_ENTITIES, migrations: Creation_MIGRATIONS })],
      controllers: [SystemHealthHandler],
      providers: [],
    };
  }
}
