import { type DynamicModule, Module } from '@nestjs/common';
import { RuntimeModule, type Runtime, SystemHealthHandler } from '@mt/runtime';
import { Strategy_ENTITIES } from './entities';
import { Strategy_MIGRATIONS } from './migrations';

export const Strategy_AGENT = { name: 'strategy-agent', schema: 'strategy' } as const;

@Module({})
export class StrategyAgentModule {
  static register(runtime: Runtime): DynamicModule {
    return {
      module: StrategyAgentModule,
      imports: [RuntimeModule.forApp(runtime, { ...Strategy_AGENT, entities: Strategy_ENTITIES, migrations: Strategy_MIGRATIONS })],
      controllers: [SystemHealthHandler],
      providers: [],
    };
  }
}
